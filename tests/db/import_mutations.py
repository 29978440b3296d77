"""Structural mutations of an export, as an adversarial user (or a damaged disk) makes them:
wrong types, nesting, encodings, dates, numbers, ids, structure, text, truncation and
whole-file damage. Each mutation takes a random.Random, the export (a dict, never changed)
and its bytes, and returns (label, bytes): the label says what was done, for the tally."""

from __future__ import annotations

import copy
import json
import random

from db.exchange import dumps

# Values of every JSON type, and the nasty ones.
ODD_VALUES = [None, True, False, 0, -1, 1.5, 10 ** 30, -(10 ** 30), 1e308, "", " ", "abc",
              "\x00", "\ud800", [], [1], [[[]]], {}, {"a": 1}, "x" * 100_000, "2024-01-01",
              "ALM-001", float("nan"), float("inf")]
ODD_DATES = ["2024-02-30", "2023-02-29", "2024-02-29", "0001-01-01", "9999-12-31",
             "1899-12-31", "2200-01-01", "20240101", "2024-W01-1", "", "31.12.2024",
             "2024-1-1", "2024-01-01T10:00:00", 20240101, None, "2024-13-01", " 2024-01-01"]
ODD_NUMBERS = [0, -0.0, -1, 1e-300, 1e308, 10 ** 18, 2 ** 63, 10 ** 30, 1.5, 100.0001,
               8.0001, 1000, 100000, "12", True, None]
ODD_IDS = [0, -1, 2 ** 53, 2 ** 63, 10 ** 30, 1.0, 1.5, "1", True, None, [], 999_999]
ODD_TEXTS = ["\x00", "a\x07b", "linje\nskift", "\x1b[31mrød", "\u202etekst", "\ufeff",
             "x" * 301, "y" * 20_001, "😀" * 10, "\u0085", "'; DROP TABLE doctors; --"]


def _records(doc: dict):
    return [(kind, i) for kind, items in doc.items() if isinstance(items, list)
            for i in range(len(items))]


def _pick_field(rng: random.Random, doc: dict, want=None):
    """(kind, index, field) of a random record field (satisfying want(value) if given)."""
    spots = _records(doc)
    for _ in range(50):
        kind, i = rng.choice(spots)
        record = doc[kind][i]
        names = [n for n, v in record.items() if want is None or want(n, v)]
        if names:
            return kind, i, rng.choice(names)
    kind, i = rng.choice(spots)
    return kind, i, rng.choice(list(doc[kind][i]))


def _out(doc) -> bytes:
    return _bytes(json.dumps(doc, ensure_ascii=False, indent=1))


def _text(raw: bytes) -> str:
    """Bytes as text, whatever they hold (a stacked mutation may follow a bad encoding)."""
    return raw.decode("utf-8", "surrogateescape")


def _bytes(text: str) -> bytes:
    for errors in ("surrogateescape", "surrogatepass", "backslashreplace"):
        try:
            return text.encode("utf-8", errors)
        except UnicodeEncodeError:
            continue
    raise AssertionError("unreachable")


def types(rng, doc, raw):
    doc = copy.deepcopy(doc)
    kind, i, name = _pick_field(rng, doc)
    value = rng.choice(ODD_VALUES)
    doc[kind][i][name] = value
    return f"types: {kind}.{name} = {type(value).__name__}", _out(doc)


def nesting(rng, doc, raw):
    depth = rng.choice([2, 10, 64, 65, 1000, 5000, 200_000])
    kind, i, name = _pick_field(rng, doc)
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
    value = json.dumps(doc[kind][i][name], ensure_ascii=False)
    text = _text(raw)
    inner = opener * depth + value + closer * depth
    needle = f'"{name}": {value}'
    if needle in text:
        text = text.replace(needle, f'"{name}": {inner}', 1)
    else:
        text = opener * depth + text + closer * depth
    return f"nesting: {depth} deep", _bytes(text)


def encodings(rng, doc, raw):
    choice = rng.randrange(7)
    if choice == 0:
        at = rng.randrange(len(raw) + 1)
        return "encodings: invalid byte", raw[:at] + bytes([rng.choice([0x80, 0xC3, 0xFF, 0xFE])]) + raw[at:]
    if choice == 1:
        return "encodings: UTF-16", _text(raw).encode("utf-16", "surrogatepass")
    if choice == 2:
        return "encodings: latin-1", _text(raw).encode("latin-1", "replace")
    if choice == 3:
        text = _text(raw)
        at = text.find('"name": "') + 9  # (at 8, the start, when there is no name)
        escape = rng.choice(["\\ud800", "\\udfff", "\\ud83d", "\\ud83d\\ude00"])
        return f"encodings: escape {escape}", _bytes(text[:at] + escape + text[at:])
    if choice == 4:
        return "encodings: UTF-8 BOM", b"\xef\xbb\xbf" + raw
    if choice == 5:
        return "encodings: surrogate as raw bytes", raw.replace(b'"name": "', b'"name": "\xed\xa0\x80', 1)
    return "encodings: NUL bytes", raw.replace(b"\n", b"\n\x00", 3)


def dates(rng, doc, raw):
    doc = copy.deepcopy(doc)
    kind, i, name = _pick_field(rng, doc, lambda n, v: "date" in n or n.endswith(("_start", "_end")))
    value = rng.choice(ODD_DATES)
    doc[kind][i][name] = value
    return f"dates: {value!r}", _out(doc)


def numbers(rng, doc, raw):
    doc = copy.deepcopy(doc)
    kind, i, name = _pick_field(rng, doc, lambda n, v: isinstance(v, (int, float))
                                and not isinstance(v, bool) and n != "id" and not n.endswith("_id"))
    value = rng.choice(ODD_NUMBERS)
    doc[kind][i][name] = value
    text = _out(doc)
    if rng.random() < 0.2:  # literals Python's json writes but JSON does not have, and huge ones
        literal = rng.choice([b"NaN", b"Infinity", b"-Infinity", b"1e400", b"1" + b"0" * 5000])
        text = text.replace(b'"backup_keep": 10', b'"backup_keep": ' + literal, 1)
        return f"numbers: literal {literal[:10]!r}", text
    return f"numbers: {kind}.{name} = {value!r}"[:60], text


def ids(rng, doc, raw):
    doc = copy.deepcopy(doc)
    choice = rng.randrange(3)
    if choice == 0:
        kind, i, _ = _pick_field(rng, doc)
        value = rng.choice(ODD_IDS)
        doc[kind][i]["id"] = value
        return f"ids: id = {value!r}"[:40], _out(doc)
    if choice == 1:
        kind, i, name = _pick_field(rng, doc, lambda n, v: n.endswith("_id"))
        value = rng.choice(ODD_IDS)
        doc[kind][i][name] = value
        return f"ids: {name} = {value!r}"[:40], _out(doc)
    kinds = [k for k, v in doc.items() if isinstance(v, list) and len(v) > 1]
    kind = rng.choice(kinds)
    doc[kind][1]["id"] = doc[kind][0]["id"]
    return "ids: duplicate id", _out(doc)


def structure(rng, doc, raw):
    doc = copy.deepcopy(doc)
    kinds = [k for k, v in doc.items() if isinstance(v, list) and v]
    choice = rng.randrange(8)
    kind = rng.choice(kinds)
    if choice == 0:
        del doc[kind]
        return "structure: a list removed", _out(doc)
    if choice == 1:
        doc[kind] = {"0": doc[kind][:1]}
        return "structure: list as object", _out(doc)
    if choice == 2:
        _k, i, name = _pick_field(rng, {kind: doc[kind]})
        del doc[kind][i][name]
        return "structure: a field removed", _out(doc)
    if choice == 3:
        doc[kind][0]["ukjent_felt"] = 1
        return "structure: unknown field", _out(doc)
    if choice == 4:
        doc["municipality"] = rng.choice([[], doc["municipality"] * 2, None])
        return "structure: municipality not one record", _out(doc)
    if choice == 5:
        doc["ukjent_liste"] = []
        return "structure: unknown list", _out(doc)
    if choice == 6:
        doc[kind] = doc[kind] + [rng.choice([None, 1, "x", [], {}])]
        return "structure: a record that is not an object", _out(doc)
    del doc[rng.choice(["format", "format_version", "schema_version"])]
    return "structure: a header field removed", _out(doc)


def text(rng, doc, raw):
    doc = copy.deepcopy(doc)
    kind, i, name = _pick_field(rng, doc, lambda n, v: isinstance(v, str) and "date" not in n)
    value = rng.choice(ODD_TEXTS)
    doc[kind][i][name] = value
    return f"text: {kind}.{name} = {value[:12]!r}", _out(doc)


def truncation(rng, doc, raw):
    at = rng.randrange(len(raw)) if raw else 0
    return "truncation", raw[:at]


def whole_file(rng, doc, raw):
    choice = rng.randrange(9)
    options = [
        ("whole file: empty", b""),
        ("whole file: whitespace", b"  \n\t "),
        ("whole file: random bytes", bytes(rng.randrange(256) for _ in range(2000))),
        ("whole file: an SQLite file", b"SQLite format 3\x00" + b"\x00" * 4000),
        ("whole file: a JSON scalar or array", rng.choice([b"null", b"1", b'"x"', b"[]", b"{}"])),
        ("whole file: the document twice", raw + raw),
        ("whole file: a zeroed block", raw[:len(raw) // 3] + b"\x00" * 4096 + raw[len(raw) // 3 + 4096:]),
        ("whole file: a PDF", b"%PDF-1.4\n" + raw[:500]),
        ("whole file: the records of one kind only", dumps(doc["doctors"]).encode()),
    ]
    return options[choice]


MUTATIONS = {f.__name__: f for f in (types, nesting, encodings, dates, numbers, ids, structure,
                                     text, truncation, whole_file)}


def mutate(rng: random.Random, doc: dict, raw: bytes, kind: str | None = None) -> tuple[str, str, bytes]:
    """(kind, label, bytes) of one random mutation (of `kind` if given)."""
    kind = kind or rng.choice(list(MUTATIONS))
    try:
        label, data = MUTATIONS[kind](rng, doc, raw)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        # A stacked mutation found the document already too damaged for this kind.
        label, data = truncation(rng, doc, raw)
    return kind, label, data
