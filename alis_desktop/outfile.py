"""Files out through one door (STYLE.md practice 13), written so every OS keeps the old file
whole when something goes wrong.

The data goes to a temporary file in the target's folder, is flushed to disk, then replaces
the target in one step (os.replace). On Windows that step fails while another program holds
the target open: a PDF still open in the PDF reader, or a virus scanner or sync client
looking at it for a moment. The short holds are waited out (a few quick retries); a long
one becomes a Norwegian message naming the file, and the old file stays as it was.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from alis_desktop.errors import FileProblem

# Waits between attempts to replace a file another program holds (seconds): covers a
# scanner's look at a new file; a document open in a reader is not going to let go.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4)


class FileInUse(FileProblem):
    """The target is held open by another program (Windows refuses to replace it)."""


def write_file(path, data: bytes | str, *, encoding: str = "utf-8",
               delays: tuple[float, ...] = RETRY_DELAYS) -> Path:
    """Write `data` to `path` all or nothing; FileProblem with a Norwegian message."""
    path = Path(path)
    raw = data.encode(encoding) if isinstance(data, str) else bytes(data)
    # A short name: the temporary must not push a long path over Windows' 260 characters.
    tmp = path.with_name(f".~alis-{os.urandom(4).hex()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FileProblem(f"Kan ikke skrive i mappen {path.parent}: {exc.strerror}. Har du "
                          "skrivetilgang der, og er det plass på disken?") from None
    try:
        replace_file(tmp, path, delays=delays)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def replace_file(source: Path, target: Path, *,
                 delays: tuple[float, ...] = RETRY_DELAYS) -> None:
    """os.replace, waiting out another program's brief hold on `target`."""
    for delay in (*delays, None):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if target.is_dir():
                break
            if delay is None:
                raise FileInUse(
                    f"{target.name} er åpen i et annet program (for eksempel PDF-leseren "
                    "eller Excel) og kan ikke erstattes. Lukk den der og prøv igjen, eller "
                    "lagre med et annet navn.") from None
            time.sleep(delay)
        except IsADirectoryError:
            break
    raise FileProblem(f"{target} er en mappe; velg et filnavn.")
