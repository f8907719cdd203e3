"""The statements of a cmi5 session (cmi5 §7.1, §9): pure, no store, no network.

- *cmi5 defined* statements are the AU's own: `initialized` first, `completed`, `passed` or
  `failed`, `terminated` last; their object is the AU (the launch's `activityId`), their context
  the LMS's template with the cmi5 category, and the `moveon` category on those whose result says
  success or completion.
- *cmi5 allowed* statements are the trainer's (experienced, attempted, answered, a quiz passed…):
  the cmi5 actor and registration, the template's context under their own, no cmi5 category.

A module (an AU) is completed when every one of its lessons was opened, and judged when each of
its quizzes has a finished attempt: its score is the quizzes' best scores weighed by their points,
passed at the mastery score, failed below it.
"""

from __future__ import annotations

import copy
import math
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from trainer.cmi5.structure import module_quizzes
from trainer.course.model import Course, Module
from trainer.progress.records import event_moment, payload_of
from trainer.xapi.statements import _between

CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
ADL = "http://adlnet.gov/expapi/verbs"
DEFINED_VERBS = {
    verb: f"{ADL}/{verb}" for verb in ("initialized", "completed", "passed", "failed", "terminated")
}
STATEMENT_NAMESPACE = uuid.UUID("5d0c3a62-9f4e-5b1a-8c7d-3e2f1a0b9c84")
"""Fixed forever: a session's statement ids are derived in it, so a statement sent again after a
failure is the same statement, which the LRS takes as already held."""


def timestamp(at: datetime) -> str:
    """A UTC time as cmi5 wants timestamps (§9.7), to the millisecond."""
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _as_list(value: object) -> list[dict[str, Any]]:
    """A contextActivities entry as a list: xAPI allows a single activity too."""
    if isinstance(value, dict):
        return [value]
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def with_template(
    context: Mapping[str, Any], template: Mapping[str, Any], registration: str
) -> dict[str, Any]:
    """`context` under the LMS's template: everything the template says stays as it says it
    (cmi5 §10.2.1: the AU adds, never overwrites); activities are added to its lists, extensions
    beside its own; the registration is the launch's."""
    merged = copy.deepcopy(dict(context))
    for key, value in template.items():
        if key == "contextActivities" and isinstance(value, dict):
            activities = merged.setdefault("contextActivities", {})
            for kind, items in value.items():
                given = copy.deepcopy(_as_list(items))
                ids = {item.get("id") for item in given}
                ours = [a for a in _as_list(activities.get(kind)) if a.get("id") not in ids]
                activities[kind] = given + ours
        elif key == "extensions" and isinstance(value, dict):
            merged["extensions"] = {**(merged.get("extensions") or {}), **copy.deepcopy(value)}
        else:
            merged[key] = copy.deepcopy(value)
    merged["registration"] = registration
    return merged


@dataclass(frozen=True)
class ModuleState:
    """Where a learner stands in one module, from their events."""

    first_at: datetime | None = None
    """Their first event in the module."""
    completed_at: datetime | None = None
    """When the last of its lessons was first opened; None while one is unopened."""
    attempted_at: datetime | None = None
    """When they first began one of its quizzes."""
    judged_at: datetime | None = None
    """When the last of its quizzes got its first finished attempt; None while one has none."""
    score: float | None = None
    """Its quizzes' best scores weighed by their points, once judged."""


def module_state(
    course: Course, module: Module, events: Sequence[Mapping[str, Any]]
) -> ModuleState:
    """A module's state after `events` (one learner's, oldest first)."""
    lessons = {lesson.id for lesson in module.lessons}
    quizzes = {quiz.id: quiz for quiz in module_quizzes(course, module)}
    opened: set[str] = set()
    best: dict[str, float] = {}
    first_at = completed_at = attempted_at = judged_at = None
    for event in events:
        if event["course_id"] != course.id:
            continue
        kind = event["kind"]
        mine = event.get("lesson_id") in lessons or event.get("quiz_id") in quizzes
        if not mine:
            continue
        at = event_moment(event["at"])
        first_at = first_at or at
        if kind == "lesson_opened" and event["lesson_id"] not in opened:
            opened.add(event["lesson_id"])
            if opened >= lessons and completed_at is None:
                completed_at = at
        elif kind == "attempt_started":
            attempted_at = attempted_at or at
        elif kind == "attempt_finished" and event.get("quiz_id") in quizzes:
            data = payload_of(kind, event["payload"])
            if data is None:
                continue
            quiz_id = event["quiz_id"]
            best[quiz_id] = max(best.get(quiz_id, 0.0), float(data.get("score", 0.0)))
            if judged_at is None and set(best) >= set(quizzes):
                judged_at = at
    score = None
    if quizzes and set(best) >= set(quizzes):
        weights = {
            q: math.fsum(x.points for x in quiz.questions) or 1.0 for q, quiz in quizzes.items()
        }
        total = math.fsum(weights.values())
        score = round(math.fsum(best[q] * weights[q] for q in quizzes) / total, 4)
    return ModuleState(first_at, completed_at, attempted_at, judged_at, score)


class SessionStatements:
    """The statements of one launch session: its actor, registration, AU and context template."""

    def __init__(
        self,
        actor: Mapping[str, Any],
        registration: str,
        activity_id: str,
        template: Mapping[str, Any],
        mastery_score: float | None = None,
    ) -> None:
        self.actor = dict(actor)
        self.registration = registration
        self.activity_id = activity_id
        self.template = dict(template)
        self.mastery_score = mastery_score
        """The LMS's masteryScore, when its launch data gave one: said on passed and failed."""
        session = (self.template.get("extensions") or {}).get(SESSION_ID, "")
        self.session_id = str(session)

    def _id(self, *parts: str) -> str:
        return str(uuid.uuid5(STATEMENT_NAMESPACE, "\n".join((self.registration, *parts))))

    def defined(
        self,
        verb: str,
        at: datetime,
        *,
        result: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A cmi5 defined statement about the AU (its id fixed by the session and the verb: each
        is sent at most once in a session)."""
        categories = [{"objectType": "Activity", "id": CMI5_CATEGORY}]
        if result is not None and ("success" in result or "completion" in result):
            categories.append({"objectType": "Activity", "id": MOVEON_CATEGORY})
        extensions = {}
        if verb in ("passed", "failed") and self.mastery_score is not None:
            extensions[MASTERY_SCORE] = self.mastery_score
        context: dict[str, Any] = {"contextActivities": {"category": categories}}
        if extensions:
            context["extensions"] = extensions
        statement: dict[str, Any] = {
            "id": self._id(self.session_id, verb),
            "actor": self.actor,
            "verb": {"id": DEFINED_VERBS[verb], "display": {"en-US": verb}},
            "object": {"objectType": "Activity", "id": self.activity_id},
            "timestamp": timestamp(at),
            "context": with_template(context, self.template, self.registration),
        }
        if result is not None:
            statement["result"] = result
        return statement

    def initialized(self, at: datetime) -> dict[str, Any]:
        return self.defined("initialized", at)

    def completed(self, at: datetime, since: datetime | None) -> dict[str, Any]:
        """`completed`, with the time the learner took to experience the whole module."""
        return self.defined(
            "completed", at, result={"completion": True, "duration": _duration(since, at)}
        )

    def judged(self, passed: bool, score: float, at: datetime, since: datetime | None) -> dict:
        """`passed` or `failed`, with the module's scaled score and the time since the learner
        first began one of its quizzes."""
        result = {
            "success": passed,
            "score": {"scaled": max(0.0, min(1.0, round(score, 4)))},
            "duration": _duration(since, at),
        }
        return self.defined("passed" if passed else "failed", at, result=result)

    def terminated(self, at: datetime, since: datetime) -> dict[str, Any]:
        """`terminated`, last, with the session's duration since `initialized`."""
        return self.defined("terminated", at, result={"duration": _duration(since, at)})

    def allowed(self, statement: Mapping[str, Any]) -> dict[str, Any]:
        """One of the trainer's own statements as a cmi5 allowed statement of this session: the
        cmi5 actor, the template's context, an id of its own (the same statement may go to the
        organisation's LRS under the trainer's actor)."""
        made = copy.deepcopy(dict(statement))
        made["id"] = self._id("allowed", str(statement["id"]))
        made["actor"] = self.actor
        made["context"] = with_template(made.get("context") or {}, self.template, self.registration)
        return made


def _duration(since: datetime | None, at: datetime) -> str:
    return _between(since or at, at) or "PT0S"
