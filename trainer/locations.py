"""Where trainer finds things: the bundled course and the learner's data folder."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_VARIABLE = "TRAINER_DATA_DIR"
APP_NAME = "trainer"


def bundled_course() -> Path:
    """The course shipped with trainer: inside the installed package, else the source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "bundled"
    if (installed / "course.yaml").is_file():
        return installed
    return package.parent


def data_dir(flag: str | os.PathLike[str] | None = None) -> Path:
    """The learner's data folder: `--data-dir`, else $TRAINER_DATA_DIR, else the platform's."""
    if flag:
        return Path(flag).expanduser()
    if os.environ.get(DATA_DIR_VARIABLE):
        return Path(os.environ[DATA_DIR_VARIABLE]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))
