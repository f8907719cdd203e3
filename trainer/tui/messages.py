"""Messages of the app's screens and widgets, as small dataclasses with past-tense names.

Screens ask the app for what only the app can do (switch the language, the learner, open a
lesson over the course map, sync after a quiz) by posting one of these: a screen's messages
bubble up to the app, whose handlers do the work. The answering widgets post their own nested
`Changed` messages, all kinds of `ResponseChanged`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.screen import Screen

from trainer.progress.store import Learner


class ResponseChanged(Message):
    """The learner changed what is picked in the current question (the base of each answering
    widget's own `Changed`)."""


@dataclass
class ScreenRequest(Message):
    """A request from `screen` to the app. The app drops it when that screen is no longer the
    one shown by the time it arrives (a burst of keys asked twice, the second time from a screen
    already replaced)."""

    screen: Screen[Any]


@dataclass
class LanguageChosen(ScreenRequest):
    """The learner chose another language for the interface and the course, in the settings."""

    language: str


@dataclass
class LearnerSwitchRequested(ScreenRequest):
    """The learner asked to choose, add, rename or delete learners."""


@dataclass
class LessonRequested(ScreenRequest):
    """Open the lesson `lesson_id` over the course map (from the results, the dashboard)."""

    lesson_id: str


@dataclass
class QuizFinished(Message):
    """An attempt has just finished and its result is recorded."""


@dataclass
class LearnerRenamed(Message):
    """A learner has a new name (the header follows when it is the current one)."""

    learner: Learner


@dataclass
class LearnerDeleted(Message):
    """A learner's record was deleted."""

    learner: Learner
