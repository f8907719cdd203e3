"""Files written whole or not at all: a reader never sees half a report, certificate or state.

The data goes to a private temporary file (0600, as `mkstemp` makes it) in the target's folder,
which then replaces the target in one `os.replace`. When anything fails, the temporary file is
removed and the error raised: nothing is left behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_whole(path: Path, data: bytes | str, *, suffix: str = "") -> None:
    """Write `data` to `path`, replacing it whole; text is written as UTF-8. Raises `OSError`."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=suffix, dir=path.parent or Path(".")
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
