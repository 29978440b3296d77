"""Reading a JSON document from outside without ever failing with a traceback.

Before the parser sees the text: the bytes must be UTF-8 (the message gives the byte
position), and brackets may nest at most MAX_DEPTH deep (Python's json module recurses and
would stop with RecursionError at about a thousand). After parsing: no lone surrogate
(`"\\ud800"` is valid JSON but no text a file can hold) anywhere, keys included. Every
refusal is a ValidationError with a Norwegian message that quotes at most an excerpt.
"""

from __future__ import annotations

import json
import re

from alis_desktop.errors import ValidationError, excerpt

# An export nests five deep (document, list, record, a list field, a participant); a meeting's
# snapshot a few more. Sixty-four leaves room for anything real.
MAX_DEPTH = 64
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # unrolled: linear and fast
_BRACKET = re.compile(r"[\[\]{}]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def decode(raw: bytes, name: str = "Filen") -> str:
    """UTF-8 text from bytes (a byte-order mark is allowed); refuses empty files."""
    if not raw.strip():
        raise ValidationError("-", f"{name} er tom ({len(raw)} byte) og er ikke en ALIS-fil "
                                   "(ingen eksport fra ALIS Desktop).")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        bad = raw[exc.start:exc.start + 1].hex().upper()
        raise ValidationError("-", f"{name} er ikke UTF-8-tekst: ugyldig byte 0x{bad} ved byte "
                                   f"{exc.start} (linje {line}). Lagre filen som UTF-8 og prøv "
                                   "igjen.") from None


def nesting_depth(text: str, limit: int = MAX_DEPTH) -> int:
    """The deepest nesting of brackets outside strings, counted up to limit + 1."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth -= 1
    return deepest


def parse(text: str, max_depth: int = MAX_DEPTH):
    """json.loads with a depth limit and Norwegian messages."""
    if nesting_depth(text, max_depth) > max_depth:
        raise ValidationError("-", f"Dokumentet er nøstet dypere enn {max_depth} nivåer; ingen "
                                   "eksport fra ALIS Desktop ser slik ut.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError("-", f"Ugyldig JSON på linje {exc.lineno}, kolonne {exc.colno}: "
                                   f"{_reason(exc.msg)}.") from None
    except RecursionError:  # the scan above should have caught it; never a traceback
        raise ValidationError("-", "Dokumentet er nøstet for dypt.") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ValidationError("-", f"Dokumentet inneholder et ugyldig tall "
                                   f"({excerpt(str(exc), 60)}).") from None
    lone = find_lone_surrogate(data)
    if lone is not None:
        raise ValidationError("-", f"Dokumentet inneholder et ugyldig tegn (en enslig "
                                   f"surrogat, \\u-escape uten par) i {excerpt(lone, 80)}.")
    return data


_REASONS = {
    "Expecting value": "forventet en verdi",
    "Expecting property name enclosed in double quotes": "forventet et feltnavn i anførselstegn",
    "Expecting ',' delimiter": "forventet komma",
    "Expecting ':' delimiter": "forventet kolon",
    "Extra data": "mer innhold etter slutten av dokumentet",
    "Unterminated string starting at": "tekst uten avsluttende anførselstegn",
    "Invalid control character at": "ugyldig kontrolltegn i tekst",
    "Invalid \\escape": "ugyldig \\-escape",
    "Invalid \\uXXXX escape": "ugyldig \\u-escape",
}


def _reason(msg: str) -> str:
    for english, norwegian in _REASONS.items():
        if msg.startswith(english):
            return norwegian
    return msg


def find_lone_surrogate(data) -> str | None:
    """Where (e.g. `doctors[3].name`) a text or key holds a lone surrogate, or None.
    Walks with its own stack: the data may be as deep as MAX_DEPTH."""
    stack = [(data, "dokumentet")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            if not value.isascii() and _SURROGATE.search(value):
                return where
        elif isinstance(value, dict):
            for key, item in value.items():
                if not key.isascii() and _SURROGATE.search(key):
                    return f"{where} (et feltnavn)"
                stack.append((item, f"{key}" if where == "dokumentet" else f"{where}.{key}"))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{i}]") for i, item in enumerate(value))
    return None
