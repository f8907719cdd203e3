"""A learner's stored events as xAPI 1.0.3 statements: pure, no store, no network.

| event            | statement                                                             |
|------------------|-----------------------------------------------------------------------|
| lesson_opened    | `experienced` the lesson                                              |
| attempt_started  | `attempted` the quiz                                                  |
| answered         | `answered` the question, a `cmi.interaction` with its response        |
| reviewed         | `answered` the question, marked as a review                           |
| attempt_finished | `passed` or `failed` the quiz, with its score                         |
| completing event | also `completed` the course (a quiz passed, a lesson opened)          |
| a skipped answer | `skipped` the question (not `answered`): no response, success false    |

A certificate the record now supports (the course completed, or a better score since) is said in
the statement of the event that brought it, the course's `completed` or the quiz's `passed`: its
verification code is the result's `…/xapi/extensions/certificate-code` extension, which
`trainer certificate verify CODE --lrs URL` looks for.

What an LMS or LRS reports on (`docs/xapi.md` says it at length):

- every statement carries the enrolment's `registration`: a name-based UUID of the learner's key
  and the course id, the same in every statement and every re-send; the quiz attempt is a
  grouping activity (`…/quizzes/<quiz>/attempts/<attempt uuid>`);
- scores have `raw`, `min` and `max` in the question's or the quiz's points beside `scaled`;
- `duration` is the time between events: an answer since the learner's previous event, a quiz's
  result since its attempt began, the course's completion since the learner's first event in it;
- an activity's definition is the same whatever the language of the event: names, descriptions
  and components in every language of the pack, fill-in patterns tagged `{lang=…}`;
- the learner's group (service, direction, cohort), when they have one, is the context's `team`,
  an identified Group named after it (`team_of`).

A statement's id is its event's uuid, fixed when the event was stored; the `completed` statement,
which no event of its own carries, takes a name-based UUID of that event's uuid. The same events
always make the same statements, so a statement sent twice is the same statement twice, which an
LRS accepts as already held. The actor is an account: an opaque learner key on a configured home
page; the learner's real name goes out only when the organisation turns `actor_name` on.
"""

from __future__ import annotations

import contextlib
import math
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from trainer.certificate.award import AwardFollower
from trainer.course.model import (
    ChoiceQuestion,
    Course,
    Matching,
    Ordering,
    Question,
    TextAnswer,
    TrueFalse,
)
from trainer.progress.records import drawn_of, event_moment, payload_of
from trainer.quiz.completion import standing

ADL = "http://adlnet.gov/expapi"
VERBS = {
    "experienced": f"{ADL}/verbs/experienced",
    "attempted": f"{ADL}/verbs/attempted",
    "answered": f"{ADL}/verbs/answered",
    "passed": f"{ADL}/verbs/passed",
    "failed": f"{ADL}/verbs/failed",
    "completed": f"{ADL}/verbs/completed",
    "skipped": "http://id.tincanapi.com/verb/skipped",
}
"""ADL's verbs, and the xAPI registry's `skipped` for a question passed without an answer."""
COURSE_TYPE = f"{ADL}/activities/course"
LESSON_TYPE = f"{ADL}/activities/lesson"
QUIZ_TYPE = f"{ADL}/activities/assessment"
INTERACTION_TYPE = f"{ADL}/activities/cmi.interaction"
ATTEMPT_TYPE = f"{ADL}/activities/attempt"
PLATFORM = "trainer"
COMPLETION_NAMESPACE = uuid.UUID("6f1c1f0e-5d36-4b8a-9d1e-2a7c3b0f8e11")
"""Fixed forever: `completed` statement ids are derived in it from their event's uuid."""
REGISTRATION_NAMESPACE = uuid.UUID("0b6c2f7a-3e1d-5c84-9a0f-6d2e4b8c1a37")
"""Fixed forever: an enrolment's registration is derived in it from the learner and the course."""
NAME_LENGTH = 120
"""An activity's name is at most this many characters: a prompt longer is cut at a word."""

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
    registration: str | None = None
    """The enrolment's registration when the LMS gave one (a cmi5 launch); None: derived from
    the learner and the course (`registration_of`)."""
    team: str | None = None
    """The learner's group (service, direction, cohort), sent as the context's team; None: none."""


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


def team_of(group: str, home_page: str) -> dict[str, Any]:
    """A learner's group as the context's `team`: an identified Group (xAPI 1.0.3 §2.4.2.2), its
    account the group's name on the organisation's groups page (`<home page>/groups`, apart from
    the learners' accounts), its name the same, so that an LRS can filter on either."""
    return {
        "objectType": "Group",
        "name": group,
        "account": {"homePage": f"{home_page.rstrip('/')}/groups", "name": group},
    }


def registration_of(learner_key: str, course_id: str) -> str:
    """The registration of a learner's enrolment in a course: derived from both, so that every
    statement of the enrolment, sent now or again later, carries the same one."""
    return str(uuid.uuid5(REGISTRATION_NAMESPACE, f"{learner_key}\n{course_id}"))


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

    def attempt(self, quiz_id: str, attempt_id: str) -> str:
        """An attempt's id: the quiz's, and the uuid of the event that began the attempt."""
        return f"{self.quiz(quiz_id)}/attempts/{attempt_id}"

    def extension(self, name: str) -> str:
        """An extension key of trainer's own."""
        return f"{self.course.rsplit('/courses/', 1)[0]}/xapi/extensions/{name}"


# interactions --------------------------------------------------------------------------------


def _components(versions: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    """Components named by their 1-based position, described in every language that has them."""
    count = max(len(texts) for texts in versions.values())
    return [
        {
            "id": str(position),
            "description": {
                language: texts[position - 1]
                for language, texts in versions.items()
                if position <= len(texts)
            },
        }
        for position in range(1, count + 1)
    ]


def interaction(question: Question, language: str) -> dict[str, Any]:
    """The `cmi.interaction` definition parts of a question in one language."""
    return interaction_in({language: question})


def interaction_in(versions: Mapping[str, Question]) -> dict[str, Any]:
    """The `cmi.interaction` definition parts of a question, the same whatever the language of
    the event: type, correct responses, components described in every language given (language
    → the question in it; the first gives the answer key, which translations share).

    Choices, items and sides are named by their 1-based position as authored, as responses are.
    Accepted texts differ between languages: every language's are patterns, each tagged with its
    language as xAPI 1.0.3 allows for fill-in (`{lang=fr}environ 90`).
    """
    question = next(iter(versions.values()))
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
                {
                    language: [c.text for c in q.choices]
                    for language, q in versions.items()
                    if isinstance(q, ChoiceQuestion)
                }
            ),
        }
    if isinstance(question, TextAnswer):
        # Trainer compares answers without case or accents: case_matters is false, as the spec
        # has it by default.
        patterns = [
            f"{{lang={language}}}{_text(accepted)}"
            for language, q in versions.items()
            if isinstance(q, TextAnswer)
            for accepted in q.accept
        ]
        return {
            "interactionType": "fill-in",
            "correctResponsesPattern": list(dict.fromkeys(patterns)),
        }
    if isinstance(question, Ordering):
        return {
            "interactionType": "sequencing",
            "correctResponsesPattern": [
                ITEM.join(str(i) for i in range(1, len(question.items) + 1))
            ],
            "choices": _components(
                {
                    language: list(q.items)
                    for language, q in versions.items()
                    if isinstance(q, Ordering)
                }
            ),
        }
    if isinstance(question, Matching):
        pairs = range(1, len(question.pairs) + 1)
        matchings = {language: q for language, q in versions.items() if isinstance(q, Matching)}
        return {
            "interactionType": "matching",
            "correctResponsesPattern": [ITEM.join(f"{i}{PAIR}{i}" for i in pairs)],
            "source": _components({lang: list(q.lefts) for lang, q in matchings.items()}),
            "target": _components({lang: list(q.rights) for lang, q in matchings.items()}),
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
    state along the way, to know each attempt's lesson, the event that completes the course, and
    the times that durations are measured from."""

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
        self.registration = options.registration or registration_of(learner_key, self.default.id)
        self.actor: dict[str, Any] = {
            "objectType": "Agent",
            "account": {"homePage": options.home_page, "name": learner_key},
        }
        if options.actor_name:
            self.actor["name"] = learner_name
        self.opened: set[str] = set()
        self.passed: set[str] = set()
        self.lesson_of_attempt: dict[str, str | None] = {}
        self.started_at: dict[str, datetime] = {}
        """When each attempt began, by its uuid."""
        self.drawn: dict[str, tuple[str, ...]] = {}
        """The questions each attempt at a quiz with a bank drew, by its uuid: its score is over
        them."""
        self.previous_at: datetime | None = None
        """When the learner's previous event happened, in any course."""
        self.first_at: datetime | None = None
        """When the learner's first event in this course happened."""
        self.completed = False
        self.defined: dict[str, dict[str, Any]] = {}
        """Activity id → its activity, made once: statements name the same ones again and again."""
        self.awards = AwardFollower(self.default, learner_name)
        """The certificates the record supports, as they come (their code needs the name)."""

    def course_in(self, language: str | None) -> Course:
        """The course in an event's language, else in its first language."""
        return self.courses.get(language or "", self.default)

    def statements(self, event: Mapping[str, Any]) -> list[Statement]:
        """The statements of one event (events of another course make none)."""
        at = event_moment(event["at"])
        since, self.previous_at = self.previous_at, at or self.previous_at
        if event["course_id"] != self.default.id:
            return []
        kind = event["kind"]
        data = payload_of(kind, event["payload"])
        if data is None:
            return []  # not an event the trainer writes: nothing to say of it
        if self.first_at is None:
            self.first_at = at
        made: list[dict[str, Any]] = []
        if kind == "lesson_opened":
            self.opened.add(event["lesson_id"])
            made.append(self._lesson_opened(event))
        elif kind == "attempt_started":
            self.lesson_of_attempt[event["uuid"]] = event["lesson_id"]
            drawn = drawn_of(data)
            if drawn is not None:
                self.drawn[event["uuid"]] = drawn
            if at is not None:
                self.started_at[event["uuid"]] = at
            made.append(self._attempt_started(event))
        elif kind == "answered":
            made.append(self._answered(event, data, review=False, took=_between(since, at)))
        elif kind == "reviewed":
            # No event marks when a review question was shown: the time since the learner's
            # previous event may be yesterday's review, so a review says no duration.
            made.append(self._answered(event, data, review=True, took=None))
        elif kind == "attempt_finished":
            if data.get("passed"):
                self.passed.add(event["quiz_id"])
            began = self.started_at.get(event.get("attempt_id") or "")
            made.append(self._attempt_finished(event, data, took=_between(began, at)))
        else:
            return []
        completion = self._completion(event, took=_between(self.first_at, at))
        if completion is not None:
            made.append(completion)
        award = self.awards.follow(event)
        if award is not None and made:
            # The event's last statement: `completed` when it completed the course, else its own.
            result = made[-1].setdefault("result", {})
            result.setdefault("extensions", {})[self.activities.extension("certificate-code")] = (
                award.code
            )
        return [Statement(event["uuid"], body) for body in made]

    # what every statement has ----------------------------------------------------------------

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
        grouping: list[dict[str, Any]] = []
        if event["kind"] != "completed":  # the course is the object of `completed`, not its context
            grouping.append(self._course_activity())
        attempt = event["uuid"] if event["kind"] == "attempt_started" else event.get("attempt_id")
        if attempt and event.get("quiz_id"):
            grouping.append(
                {
                    "objectType": "Activity",
                    "id": self.activities.attempt(event["quiz_id"], attempt),
                    "definition": {"type": ATTEMPT_TYPE},
                }
            )
        activities: dict[str, Any] = {}
        if parent is not None:
            activities["parent"] = [{"objectType": "Activity", "id": parent}]
        if grouping:
            activities["grouping"] = grouping
        context: dict[str, Any] = {"registration": self.registration, "platform": PLATFORM}
        if activities:
            context["contextActivities"] = activities
        if event.get("language"):
            context["language"] = event["language"]
        if self.options.team:
            context["team"] = team_of(self.options.team, self.options.home_page)
        if extensions:
            context["extensions"] = extensions
        return context

    def _names(self, text_in: Callable[[Course], str | None]) -> dict[str, str]:
        """A language map of a text in every language of the course that has it."""
        names = {}
        for course in self.courses.values():
            # KeyError: a lesson, quiz or question since removed from the pack (in this language).
            with contextlib.suppress(KeyError):
                text = text_in(course)
                if text:
                    names[course.language] = text
        return names

    # the activities, defined the same whatever the event's language ----------------------------

    def _course_activity(self) -> dict[str, Any]:
        if self.activities.course not in self.defined:
            self.defined[self.activities.course] = {
                "objectType": "Activity",
                "id": self.activities.course,
                "definition": {"type": COURSE_TYPE, "name": self._names(lambda c: c.title)},
            }
        return self.defined[self.activities.course]

    def _lesson_activity(self, lesson_id: str) -> dict[str, Any]:
        definition: dict[str, Any] = {"type": LESSON_TYPE}
        names = self._names(lambda c: c.lesson(lesson_id).title)
        if names:  # a lesson since removed from the pack: its id still says which it was
            definition["name"] = names
        return {"id": self.activities.lesson(lesson_id), "definition": definition}

    def _quiz_activity(self, event: Mapping[str, Any]) -> dict[str, Any]:
        quiz_id = event["quiz_id"]
        definition: dict[str, Any] = {"type": QUIZ_TYPE}
        names = self._names(lambda c: c.quizzes[quiz_id].title)
        if names:
            definition["name"] = names
        return {"id": self.activities.quiz(quiz_id), "definition": definition}

    def _question_activity(self, quiz_id: str, question_id: str) -> dict[str, Any]:
        identifier = self.activities.question(quiz_id, question_id)
        if identifier in self.defined:
            return self.defined[identifier]
        versions: dict[str, Question] = {}
        for course in self.courses.values():
            with contextlib.suppress(KeyError):
                versions[course.language] = course.quizzes[quiz_id].question(question_id)
        definition: dict[str, Any] = {"type": INTERACTION_TYPE}
        if versions:  # else a question since removed: the statement keeps what is known
            definition["name"] = {lang: _short(q.prompt) for lang, q in versions.items()}
            definition["description"] = {lang: q.prompt for lang, q in versions.items()}
            definition.update(interaction_in(versions))
        activity = {"id": identifier, "definition": definition}
        self.defined[identifier] = activity
        return activity

    # one builder per kind --------------------------------------------------------------------

    def _lesson_opened(self, event: Mapping[str, Any]) -> dict[str, Any]:
        return self._statement(
            event,
            "experienced",
            self._lesson_activity(event["lesson_id"]),
            context=self._context(event, self.activities.course),
        )

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
        self,
        event: Mapping[str, Any],
        data: Mapping[str, Any],
        review: bool,
        took: str | None,
    ) -> dict[str, Any]:
        quiz_id, question_id = event["quiz_id"], event["question_id"]
        question = self._question(quiz_id, question_id)
        score = float(data.get("score", 0.0))
        points = question.points if question is not None else 1.0
        response = response_text(question, data.get("response"))
        # A skipped question has no response: the learner passed it, and it scores nothing. It
        # is said `skipped`, neither answered nor completed, yet said, since the quiz counts it.
        result: dict[str, Any] = {
            "score": _score(score, points),
            "success": response is not None and score >= 1.0,
            "completion": response is not None,
        }
        if response is not None:
            result["response"] = response
        if took is not None:
            result["duration"] = took
        if data.get("hinted"):
            result["extensions"] = {self.activities.extension("hinted"): True}
        extensions = {self.activities.extension("review"): True} if review else None
        context = self._context(event, self.activities.quiz(quiz_id), extensions)
        return self._statement(
            event,
            "answered" if response is not None else "skipped",
            self._question_activity(quiz_id, question_id),
            result=result,
            context=context,
        )

    def _question(self, quiz_id: str, question_id: str) -> Question | None:
        """The question in the course's first language; None when the pack has it no more."""
        quiz = self.default.quizzes.get(quiz_id)
        try:
            return quiz.question(question_id) if quiz is not None else None
        except KeyError:
            return None

    def _attempt_finished(
        self, event: Mapping[str, Any], data: Mapping[str, Any], took: str | None
    ) -> dict[str, Any]:
        passed = bool(data.get("passed"))
        quiz = self.default.quizzes.get(event["quiz_id"])
        drawn = self.drawn.get(event.get("attempt_id") or "")
        if quiz is not None and drawn is not None:
            quiz = quiz.drawn(drawn)  # the attempt was scored over the questions it drew
        points = math.fsum(q.points for q in quiz.questions) if quiz is not None else 1.0
        result: dict[str, Any] = {
            "score": _score(float(data.get("score", 0.0)), points),
            "success": passed,
            "completion": True,
        }
        if took is not None:
            result["duration"] = took
        return self._statement(
            event,
            "passed" if passed else "failed",
            self._quiz_activity(event),
            result=result,
            context=self._context(event, self._quiz_parent(event)),
        )

    def _completion(self, event: Mapping[str, Any], took: str | None) -> dict[str, Any] | None:
        """The `completed` statement when this event is the one that completes the course."""
        if self.completed or event["kind"] not in ("lesson_opened", "attempt_finished"):
            return None
        if not standing(self.default, self.opened, self.passed).complete:
            return None
        self.completed = True
        result: dict[str, Any] = {"success": True, "completion": True}
        if took is not None:
            result["duration"] = took
        statement = self._statement(
            event,
            "completed",
            self._course_activity(),
            result=result,
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


def _score(fraction: float, points: float) -> dict[str, float]:
    """A score as xAPI has it: scaled, and raw between min and max in the points at stake."""
    scaled = max(0.0, _scaled(fraction))
    maximum = round(points, 4) if points > 0 else 1.0
    return {
        "scaled": scaled,
        "raw": min(maximum, round(scaled * maximum, 4)),
        "min": 0.0,
        "max": maximum,
    }


def _short(text: str) -> str:
    """A prompt as an activity's name: on one line, cut at a word when it is long."""
    line = " ".join(text.split())
    if len(line) <= NAME_LENGTH:
        return line
    cut = line[: NAME_LENGTH - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _between(start: datetime | None, end: datetime | None) -> str | None:
    """The ISO 8601 duration from one time to another, to the hundredth of a second as xAPI
    keeps it; None when either is unknown."""
    if start is None or end is None:
        return None
    centiseconds = max(0, round((end - start).total_seconds() * 100))
    hours, centiseconds = divmod(centiseconds, 360_000)
    minutes, centiseconds = divmod(centiseconds, 6_000)
    seconds = f"{centiseconds / 100:.2f}".rstrip("0").rstrip(".")
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if seconds != "0" or text == "PT":
        text += f"{seconds}S"
    return text


def _timestamp(at: str) -> str:
    """An ISO 8601 time with its offset (a time stored without one is taken as UTC)."""
    if at.endswith("Z") or "+" in at[10:] or "-" in at[10:]:
        return at
    return at + "Z"
