"""Messages of the app's screens and widgets, with past-tense names.

Screens ask the app for what only the app can do (switch the language, the learner, open a
lesson over the course map, sync after a quiz) by posting one of these: a screen's messages
bubble up to the app, whose handlers do the work. The answering widgets post their own nested
`Changed` messages, all kinds of `ResponseChanged`. Each message takes what it carries in its
`__init__`, as Textual's own messages do.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.screen import Screen

from trainer.progress.store import Learner


class ResponseChanged(Message):
    """The learner changed what is picked in the current question (the base of each answering
    widget's own `Changed`)."""


class ScreenRequest(Message):
    """A request from `screen` to the app. The app drops it when that screen is no longer the
    one shown by the time it arrives (a burst of keys asked twice, the second time from a screen
    already replaced)."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.screen = screen


class LanguageChosen(ScreenRequest):
    """The learner chose another language for the interface and the course, in the settings."""

    def __init__(self, screen: Screen[Any], language: str) -> None:
        super().__init__(screen)
        self.language = language


class LearnerSwitchRequested(ScreenRequest):
    """The learner asked to choose, add, rename or delete learners."""


class LessonRequested(ScreenRequest):
    """Open the lesson `lesson_id` over the course map (from the results, the dashboard)."""

    def __init__(self, screen: Screen[Any], lesson_id: str) -> None:
        super().__init__(screen)
        self.lesson_id = lesson_id


class QuizFinished(Message):
    """An attempt has just finished and its result is recorded."""


class LearnerRenamed(Message):
    """A learner has a new name (the header follows when it is the current one)."""

    def __init__(self, learner: Learner) -> None:
        super().__init__()
        self.learner = learner


class LearnerDeleted(Message):
    """A learner's record was deleted."""

    def __init__(self, learner: Learner) -> None:
        super().__init__()
        self.learner = learner
