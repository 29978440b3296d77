"""SQLite URI filenames for a path on any OS (https://www.sqlite.org/uri.html).

`Path.as_uri()` is not what SQLite reads: for a Windows network path
`\\\\fil01\\hjem$\\bjørn\\alis.alis` it gives `file://fil01/hjem%24/...`, and SQLite refuses any
authority other than empty or "localhost" ("invalid uri authority: fil01"). SQLite's rules:
the authority stays empty; the path is percent-escaped UTF-8 (it must escape "?", "#" and
"%"); on Windows a path "/X:/..." drops its leading "/" and names drive X; so a UNC path is
written with an empty authority and the two leading slashes inside the path:
`file:////fil01/hjem%24/bj%C3%B8rn/alis.alis`, which the Windows VFS passes on as
`//fil01/hjem$/bjørn/alis.alis`, a UNC name Windows accepts.

Pure code on PurePath objects, so the Windows forms are tested on Linux.
"""

from __future__ import annotations

from pathlib import PurePath, PureWindowsPath
from urllib.parse import quote, urlencode

_LONG = "\\\\?\\"          # \\?\C:\... : the long-path prefix
_LONG_UNC = "\\\\?\\UNC\\"  # \\?\UNC\server\share\... : the same for a share


def uri_path(path: PurePath) -> str:
    """The path part of the URI, before escaping: always starts with "/"."""
    if isinstance(path, PureWindowsPath):
        text = str(path)
        if text.startswith(_LONG_UNC):
            text = "\\\\" + text[len(_LONG_UNC):]
        elif text.startswith(_LONG):
            text = text[len(_LONG):]
        text = text.replace("\\", "/")
        if text.startswith("//"):  # UNC: //server/share/...
            return text
        if len(text) >= 2 and text[1] == ":":  # drive letter: /H:/...
            return "/" + text
        raise ValueError(f"not an absolute Windows path: {path}")
    text = path.as_posix()
    if not text.startswith("/"):
        raise ValueError(f"not an absolute path: {path}")
    return text


def sqlite_uri(path: PurePath, **params: str) -> str:
    """`file:` URI for an absolute `path` with query parameters (e.g. mode="ro")."""
    uri = "file://" + quote(uri_path(path), safe="/:", encoding="utf-8")
    if params:
        uri += "?" + urlencode(params)
    return uri
