"""A learner's stored events as xAPI 1.0.3 statements: pure, no store, no network.

| event            | statement                                                             |
|------------------|-----------------------------------------------------------------------|
| lesson_opened    | `experienced` the lesson                                              |
| attempt_started  | `attempted` the quiz                                                  |
| answered         | `answered` the question, a `cmi.interaction` with its response        |
| reviewed         | `answered` the question, marked as a review                           |
| attempt_finished | `passed` or `failed` the quiz, with the scaled score                  |
| completing event | also `completed` the course (a quiz passed, a lesson opened)          |

A statement's id is its event's uuid, fixed when the event was stored; the `completed` statement,
which no event of its own carries, takes a name-based UUID of that event's uuid. The same events
always make the same statements, so a statement sent twice is the same statement twice, which an
LRS accepts as already held. The actor is an account: an opaque learner key on a configured home
page; the learner's real name goes out only when the organisation turns `actor_name` on.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trainer.course.model import (
    ChoiceQuestion,
    Course,
    Matching,
    Ordering,
    Question,
    TextAnswer,
    TrueFalse,
)
from trainer.progress.records import payload_of
from trainer.quiz.completion import standing

ADL = "http://adlnet.gov/expapi"
VERBS = {
    "experienced": f"{ADL}/verbs/experienced",
    "attempted": f"{ADL}/verbs/attempted",
    "answered": f"{ADL}/verbs/answered",
    "passed": f"{ADL}/verbs/passed",
    "failed": f"{ADL}/verbs/failed",
    "completed": f"{ADL}/verbs/completed",
}
COURSE_TYPE = f"{ADL}/activities/course"
LESSON_TYPE = f"{ADL}/activities/lesson"
QUIZ_TYPE = f"{ADL}/activities/assessment"
INTERACTION_TYPE = f"{ADL}/activities/cmi.interaction"
PLATFORM = "trainer"
COMPLETION_NAMESPACE = uuid.UUID("6f1c1f0e-5d36-4b8a-9d1e-2a7c3b0f8e11")
"""Fixed forever: `completed` statement ids are derived in it from their event's uuid."""

ITEM = "[,]"
PAIR = "[.]"
"""The xAPI delimiters: between the items of a response, between the two sides of a match."""


@dataclass(frozen=True)
class StatementOptions:
    """How statements name things: the actor's home page, the base of activity ids, the name."""

    home_page: str = "https://trainer.invalid"
    activity_base: str = "https://trainer.invalid"
    actor_name: bool = False
    """Send the learner's real name in the actor (off unless the organisation decides so)."""


@dataclass(frozen=True)
class Statement:
    """One xAPI statement and the stored event it comes from."""

    event_uuid: str
    body: dict[str, Any]

    @property
    def id(self) -> str:
        """The statement's id."""
        return self.body["id"]


def completion_id(event_uuid: str) -> str:
    """The id of the `completed` statement derived from an event."""
    return str(uuid.uuid5(COMPLETION_NAMESPACE, event_uuid))


class Activities:
    """The activity ids (IRIs) of one course, under the configured base."""

    def __init__(self, base: str, course_id: str) -> None:
        self.course = f"{base.rstrip('/')}/courses/{course_id}"

    def lesson(self, lesson_id: str) -> str:
        """A lesson's id."""
        return f"{self.course}/lessons/{lesson_id}"

    def quiz(self, quiz_id: str) -> str:
        """A quiz's id."""
        return f"{self.course}/quizzes/{quiz_id}"

    def question(self, quiz_id: str, question_id: str) -> str:
        """A question's id."""
        return f"{self.quiz(quiz_id)}/questions/{question_id}"

    def extension(self, name: str) -> str:
        """An extension key of trainer's own."""
        return f"{self.course.rsplit('/courses/', 1)[0]}/xapi/extensions/{name}"


# interactions --------------------------------------------------------------------------------


def _components(ids_and_texts: Iterable[tuple[str, str]], language: str) -> list[dict[str, Any]]:
    return [{"id": ident, "description": {language: text}} for ident, text in ids_and_texts]


def interaction(question: Question, language: str) -> dict[str, Any]:
    """The `cmi.interaction` definition parts of a question: type, correct responses, components.

    Choices, items and sides are named by their 1-based position as authored, as responses are.
    """
    if isinstance(question, TrueFalse):
        return {
            "interactionType": "true-false",
            "correctResponsesPattern": [_bool(question.answer)],
        }
    if isinstance(question, ChoiceQuestion):
        correct = ITEM.join(str(p) for p in sorted(question.correct_positions))
        return {
            "interactionType": "choice",
            "correctResponsesPattern": [correct],
            "choices": _components(
                ((str(i), c.text) for i, c in enumerate(question.choices, 1)), language
            ),
        }
    if isinstance(question, TextAnswer):
        # Trainer compares answers without case or accents: case_matters is false, as the spec
        # has it by default.
        return {
            "interactionType": "fill-in",
            "correctResponsesPattern": [_text(a) for a in question.accept],
        }
    if isinstance(question, Ordering):
        return {
            "interactionType": "sequencing",
            "correctResponsesPattern": [
                ITEM.join(str(i) for i in range(1, len(question.items) + 1))
            ],
            "choices": _components(
                ((str(i), item) for i, item in enumerate(question.items, 1)), language
            ),
        }
    if isinstance(question, Matching):
        pairs = range(1, len(question.pairs) + 1)
        return {
            "interactionType": "matching",
            "correctResponsesPattern": [ITEM.join(f"{i}{PAIR}{i}" for i in pairs)],
            "source": _components(
                ((str(i), left) for i, left in enumerate(question.lefts, 1)), language
            ),
            "target": _components(
                ((str(i), right) for i, right in enumerate(question.rights, 1)), language
            ),
        }
    raise TypeError(f"unknown question type: {type(question).__name__}")


def response_text(question: Question | None, response: object) -> str | None:
    """A stored response in the xAPI format of its interaction type; None when there was none."""
    if response is None:
        return None
    if isinstance(response, bool):
        return _bool(response)
    if isinstance(question, Matching) and isinstance(response, list):
        return ITEM.join(
            f"{left}{PAIR}{right}" for left, right in enumerate(response, 1) if right is not None
        )
    if isinstance(response, list):
        return ITEM.join(str(item) for item in response)
    if isinstance(question, TextAnswer) or isinstance(response, str):
        return _text(str(response))
    return str(response)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _text(value: str) -> str:
    # A fill-in response containing the item delimiter would read as several blanks.
    return value.replace(ITEM, "[ ,]")


# statements ----------------------------------------------------------------------------------


class StatementBuilder:
    """Turns one learner's events, oldest first, into statements; it follows the learner's course
    state along the way, to know each attempt's lesson and the event that completes the course."""

    def __init__(
        self,
        courses: Mapping[str, Course],
        learner_key: str,
        learner_name: str,
        options: StatementOptions,
    ) -> None:
        if not courses:
            raise ValueError("statements need the course in at least one language")
        self.courses = courses
        self.default = next(iter(courses.values()))
        self.options = options
        self.activities = Activities(options.activity_base, self.default.id)
        self.actor: dict[str, Any] = {
            "objectType": "Agent",
            "account": {"homePage": options.home_page, "name": learner_key},
        }
        if options.actor_name:
            self.actor["name"] = learner_name
        self.opened: set[str] = set()
        self.passed: set[str] = set()
        self.lesson_of_attempt: dict[str, str | None] = {}
        self.completed = False

    def course_in(self, language: str | None) -> Course:
        """The course in an event's language, else in its first language."""
        return self.courses.get(language or "", self.default)

    def statements(self, event: Mapping[str, Any]) -> list[Statement]:
        """The statements of one event (events of another course make none)."""
        if event["course_id"] != self.default.id:
            return []
        kind = event["kind"]
        data = payload_of(kind, event["payload"])
        if data is None:
            return []  # not an event the trainer writes: nothing to say of it
        made: list[dict[str, Any]] = []
        if kind == "lesson_opened":
            self.opened.add(event["lesson_id"])
            made.append(self._lesson_opened(event))
        elif kind == "attempt_started":
            self.lesson_of_attempt[event["uuid"]] = event["lesson_id"]
            made.append(self._attempt_started(event))
        elif kind in ("answered", "reviewed"):
            made.append(self._answered(event, data, review=kind == "reviewed"))
        elif kind == "attempt_finished":
            if data.get("passed"):
                self.passed.add(event["quiz_id"])
            made.append(self._attempt_finished(event, data))
        else:
            return []
        completion = self._completion(event)
        if completion is not None:
            made.append(completion)
        return [Statement(event["uuid"], body) for body in made]

    # one builder per kind --------------------------------------------------------------------

    def _statement(
        self, event: Mapping[str, Any], verb: str, activity: dict[str, Any], **parts: Any
    ) -> dict[str, Any]:
        statement = {
            "id": event["uuid"],
            "actor": self.actor,
            "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
            "object": {"objectType": "Activity", **activity},
            "timestamp": _timestamp(event["at"]),
        }
        statement.update({key: value for key, value in parts.items() if value is not None})
        return statement

    def _context(
        self, event: Mapping[str, Any], parent: str | None = None, extensions: dict | None = None
    ) -> dict[str, Any]:
        activities: dict[str, Any] = {}
        if event["kind"] != "completed":  # the course is the object of `completed`, not its context
            activities["grouping"] = [self._course_activity(event.get("language"))]
        if parent is not None:
            activities["parent"] = [{"objectType": "Activity", "id": parent}]
        context: dict[str, Any] = {"platform": PLATFORM}
        if activities:
            context["contextActivities"] = activities
        attempt = event["uuid"] if event["kind"] == "attempt_started" else event.get("attempt_id")
        if attempt:
            context["registration"] = attempt
        if event.get("language"):
            context["language"] = event["language"]
        if extensions:
            context["extensions"] = extensions
        return context

    def _course_activity(self, language: str | None) -> dict[str, Any]:
        course = self.course_in(language)
        return {
            "objectType": "Activity",
            "id": self.activities.course,
            "definition": {"type": COURSE_TYPE, "name": {course.language: course.title}},
        }

    def _lesson_opened(self, event: Mapping[str, Any]) -> dict[str, Any]:
        lesson_id = event["lesson_id"]
        definition: dict[str, Any] = {"type": LESSON_TYPE}
        course = self.course_in(event.get("language"))
        # KeyError: a lesson since removed from the pack; its id still says which it was.
        with contextlib.suppress(KeyError):
            definition["name"] = {course.language: course.lesson(lesson_id).title}
        activity = {"id": self.activities.lesson(lesson_id), "definition": definition}
        return self._statement(
            event, "experienced", activity, context=self._context(event, self.activities.course)
        )

    def _quiz_activity(self, event: Mapping[str, Any]) -> dict[str, Any]:
        quiz_id = event["quiz_id"]
        definition: dict[str, Any] = {"type": QUIZ_TYPE}
        course = self.course_in(event.get("language"))
        if quiz_id in course.quizzes:
            definition["name"] = {course.language: course.quizzes[quiz_id].title}
        return {"id": self.activities.quiz(quiz_id), "definition": definition}

    def _quiz_parent(self, event: Mapping[str, Any]) -> str:
        lesson_id = event.get("lesson_id") or self.lesson_of_attempt.get(
            event.get("attempt_id") or ""
        )
        return self.activities.lesson(lesson_id) if lesson_id else self.activities.course

    def _attempt_started(self, event: Mapping[str, Any]) -> dict[str, Any]:
        return self._statement(
            event,
            "attempted",
            self._quiz_activity(event),
            context=self._context(event, self._quiz_parent(event)),
        )

    def _answered(
        self, event: Mapping[str, Any], data: Mapping[str, Any], review: bool
    ) -> dict[str, Any]:
        quiz_id, question_id = event["quiz_id"], event["question_id"]
        course = self.course_in(event.get("language"))
        question: Question | None = None
        if quiz_id in course.quizzes:
            try:
                question = course.quizzes[quiz_id].question(question_id)
            except KeyError:
                question = None  # a question since removed: the statement keeps what is known
        definition: dict[str, Any] = {"type": INTERACTION_TYPE}
        if question is not None:
            definition["name"] = {course.language: question_id}
            definition["description"] = {course.language: question.prompt}
            definition.update(interaction(question, course.language))
        score = float(data.get("score", 0.0))
        result: dict[str, Any] = {
            "score": {"scaled": _scaled(score)},
            "success": score >= 1.0,
            "completion": True,
        }
        response = response_text(question, data.get("response"))
        if response is not None:
            result["response"] = response
        if data.get("hinted"):
            result["extensions"] = {self.activities.extension("hinted"): True}
        extensions = {self.activities.extension("review"): True} if review else None
        activity = {"id": self.activities.question(quiz_id, question_id), "definition": definition}
        context = self._context(event, self.activities.quiz(quiz_id), extensions)
        return self._statement(event, "answered", activity, result=result, context=context)

    def _attempt_finished(
        self, event: Mapping[str, Any], data: Mapping[str, Any]
    ) -> dict[str, Any]:
        passed = bool(data.get("passed"))
        result = {
            "score": {"scaled": _scaled(float(data.get("score", 0.0)))},
            "success": passed,
            "completion": True,
        }
        return self._statement(
            event,
            "passed" if passed else "failed",
            self._quiz_activity(event),
            result=result,
            context=self._context(event, self._quiz_parent(event)),
        )

    def _completion(self, event: Mapping[str, Any]) -> dict[str, Any] | None:
        """The `completed` statement when this event is the one that completes the course."""
        if self.completed or event["kind"] not in ("lesson_opened", "attempt_finished"):
            return None
        if not standing(self.default, self.opened, self.passed).complete:
            return None
        self.completed = True
        statement = self._statement(
            event,
            "completed",
            self._course_activity(event.get("language")),
            result={"success": True, "completion": True},
            context=self._context({**event, "kind": "completed", "attempt_id": None}),
        )
        statement["id"] = completion_id(event["uuid"])
        return statement


def learner_statements(
    events: Sequence[Mapping[str, Any]],
    courses: Mapping[str, Course],
    learner_key: str,
    options: StatementOptions,
    learner_name: str = "",
) -> list[Statement]:
    """Every statement of one learner's events (all of them, oldest first: the course state of
    each event depends on those before it), in the order of the events."""
    builder = StatementBuilder(courses, learner_key, learner_name, options)
    return [statement for event in events for statement in builder.statements(event)]


def _scaled(score: float) -> float:
    # xAPI bounds scaled scores to [-1, 1]; rounding keeps them stable across re-sends.
    return round(min(1.0, max(-1.0, score)), 4)


def _timestamp(at: str) -> str:
    """An ISO 8601 time with its offset (a time stored without one is taken as UTC)."""
    if at.endswith("Z") or "+" in at[10:] or "-" in at[10:]:
        return at
    return at + "Z"
