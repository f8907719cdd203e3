"""When the app meets an error nobody foresaw: the traceback goes to a log file in the data folder,
the learner gets one sentence saying where, and the process exits non-zero.

The learner's answers are safe whatever happens: each is committed before its feedback is shown.
What a crash may lose is a choice not yet submitted, never a recorded answer.
"""

from __future__ import annotations

import os
import platform
import traceback
from datetime import datetime
from pathlib import Path

from trainer import __version__
from trainer.i18n import _

LOGS = "logs"
"""The folder of the data folder that holds crash logs."""


def write_crash_log(data_folder: Path, error: BaseException, at: datetime) -> Path:
    """Write `error`'s traceback to `<data folder>/logs/crash-<time>.log` (0600, in a 0700
    folder); its path. Raises OSError when it cannot be written."""
    folder = data_folder / LOGS
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = at.strftime("%Y%m%dT%H%M%S")
    path = folder / f"crash-{stamp}.log"
    number = 1
    while path.exists():
        number += 1
        path = folder / f"crash-{stamp}-{number}.log"
    text = (
        f"trainer {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
        f"{at.isoformat(timespec='seconds')}\n\n" + "".join(traceback.format_exception(error))
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", errors="backslashreplace") as file:
        file.write(text)
    return path


def crash_sentence(log: Path | None, data_folder: Path, failure: str | None = None) -> str:
    """The one sentence the learner reads after a crash, in the interface's language."""
    if log is not None:
        return _(
            "trainer stopped on an unexpected error; your answers are saved, and the details are "
            "in {path}."
        ).format(path=log)
    return _(
        "trainer stopped on an unexpected error; your answers are saved, but the details could not "
        "be written "
        "to {folder} ({reason})."
    ).format(folder=data_folder / LOGS, reason=failure or "?")
