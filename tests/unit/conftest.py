"""The builders as a fixture, for the quiz engine's unit tests that want them so."""

from __future__ import annotations

import pytest

from tests.helpers.builders import make_course, make_lesson, make_quiz


@pytest.fixture
def build():
    """The builders, for tests that want them as a fixture."""

    class Builders:
        quiz = staticmethod(make_quiz)
        lesson = staticmethod(make_lesson)
        course = staticmethod(make_course)

    return Builders
