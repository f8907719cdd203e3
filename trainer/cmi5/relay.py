"""A served session launched by an LMS: its statements sent to the LMS's LRS as they happen.

The session's app writes the learner's events to their progress file, as always; the server reads
them from there (`poll`, every few seconds and once more at the end) and sends:
- `initialized` when the session starts (`begin`), before anything else;
- the trainer's own statements of the events since the launch, as cmi5 allowed statements;
- `completed` and `passed` for the module, once per registration (the LMS's LRS is asked
  whether this registration already has them), `failed` at the end of a session whose module was
  judged below the mastery score (one of passed or failed per session, never failed after passed);
  none of these in Browse or Review mode;
- `terminated` last (`end`), with the session's duration.

A statement the LRS did not take is sent again at the next poll, under the same id. Everything
here blocks (sqlite3, HTTP): the server runs it in a thread.
"""

from __future__ import annotations

import json
import logging
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trainer.cmi5.launch import Launch, LaunchData
from trainer.cmi5.statements import DEFINED_VERBS, SessionStatements, module_state
from trainer.cmi5.structure import mastery_score
from trainer.course.model import Course, Module
from trainer.progress.records import payload_of
from trainer.progress.store import STORE_FILE, Store, StoreError
from trainer.xapi.lrs import LrsClient, LrsConflict, LrsError
from trainer.xapi.statements import StatementOptions, learner_statements

log = logging.getLogger("trainer.cmi5")
MAX_PAGES = 20
"""Pages of a registration's statements read at most to find its earlier completed and passed."""


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class RelayReport:
    """What the relay sent, for the server's log and the tests."""

    sent: int
    error: str | None = None


class Relay:
    """The statements of one launch session, from the learner's progress file to the LMS."""

    def __init__(
        self,
        launch: Launch,
        data: LaunchData,
        client: LrsClient,
        courses: Mapping[str, Course],
        module: Module,
        folder: Path,
        activity_base: str,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.launch = launch
        self.data = data
        self.client = client
        self.courses = dict(courses)
        self.course = next(iter(self.courses.values()))
        self.module = module
        self.store_path = Path(folder) / STORE_FILE
        self.activity_base = activity_base
        self.clock = clock
        self.mastery = (
            data.mastery_score
            if data.mastery_score is not None
            else mastery_score(self.course, module)
        )
        self.statements = SessionStatements(
            launch.actor,
            launch.registration,
            launch.activity_id,
            data.context_template,
            data.mastery_score,
        )
        self.started: datetime | None = None
        self.mark = 0
        """The last event id already relayed (events before the launch are not this session's)."""
        self.done: set[str] = set()
        """The defined verbs this registration has (completed, passed) or this session sent."""
        self.waiting: list[dict[str, Any]] = []
        """Statements made but not yet taken by the LRS, oldest first."""
        self.ended = False
        self.last_at: datetime | None = None
        """The timestamp of the last defined statement: the next is later (cmi5 orders by it)."""

    def _now(self) -> datetime:
        """The time for a defined statement: now, and strictly after the one before."""
        from datetime import timedelta

        now = self.clock()
        if self.last_at is not None and now <= self.last_at:
            now = self.last_at + timedelta(milliseconds=1)
        self.last_at = now
        return now

    # the learner's events -----------------------------------------------------------------------

    def _events(self) -> list[Any]:
        """Every event of the folder's learner (the app's rule: the most recent), or none yet."""
        if not self.store_path.exists():
            return []
        store = Store.open(self.store_path)
        try:
            learner = store.last_learner() or next(iter(store.learners()), None)
            return store.events(learner) if learner is not None else []
        finally:
            store.close()

    # the session --------------------------------------------------------------------------------

    def begin(self) -> RelayReport:
        """`initialized`, once, before any other statement; then what already holds (a module
        completed before this registration's launch is completed now)."""
        self.started = self._now()
        try:
            events = self._events()
        except StoreError as error:
            log.warning("cmi5: cannot read %s: %s", self.store_path, error)
            events = []
        self.mark = max((event["id"] for event in events), default=0)
        self.done = self._already_sent() if self.data.records_results else set()
        self.waiting.append(self.statements.initialized(self.started))
        self._judge(events, final=False)
        return self._flush()

    def poll(self) -> RelayReport:
        """Send what happened since the last poll."""
        if self.ended or self.started is None:
            return RelayReport(0)
        try:
            events = self._events()
        except StoreError as error:
            log.warning("cmi5: cannot read %s: %s", self.store_path, error)
            return self._flush()
        self._relay(events)
        self._judge(events, final=False)
        return self._flush()

    def end(self) -> RelayReport:
        """The last poll, `failed` if the module was judged below its mastery score and not
        passed, then `terminated`: nothing more is sent for this session."""
        if self.ended or self.started is None:
            return RelayReport(0)
        try:
            events = self._events()
        except StoreError:
            events = []
        self._relay(events)
        self._judge(events, final=True)
        self.waiting.append(self.statements.terminated(self._now(), self.started))
        self.ended = True
        return self._flush()

    # what to send -------------------------------------------------------------------------------

    def _relay(self, events: list[Any]) -> None:
        new = {event["uuid"] for event in events if event["id"] > self.mark}
        if not new:
            return
        # The whole history makes the statements (durations, completion), only the new are sent.
        options = StatementOptions(
            home_page=self.launch.actor["account"]["homePage"],
            activity_base=self.activity_base,
            registration=self.launch.registration,
        )
        made = learner_statements(events, self.courses, self.launch.account, options)
        self.waiting.extend(
            self.statements.allowed(statement.body)
            for statement in made
            if statement.event_uuid in new
        )
        self.mark = max(event["id"] for event in events)

    def _judge(self, events: list[Any], final: bool) -> None:
        if not self.data.records_results:
            return
        state = module_state(self.course, self.module, events)
        if state.completed_at is not None and "completed" not in self.done:
            self.waiting.append(self.statements.completed(self._now(), state.first_at))
            self.done.add("completed")
        if state.score is None or self.mastery is None or "passed" in self.done:
            return
        if state.score >= self.mastery:
            self.waiting.append(
                self.statements.judged(True, state.score, self._now(), state.attempted_at)
            )
            self.done.add("passed")
        elif final and "failed" not in self.done:
            self.waiting.append(
                self.statements.judged(False, state.score, self._now(), state.attempted_at)
            )
            self.done.add("failed")

    def _already_sent(self) -> set[str]:
        """The defined verbs this registration's AU already has in the LMS's LRS (completed,
        passed): each is sent once per registration. Unknown (the LRS did not say): none.

        Asked by registration and agent only, then sorted out here: some LRSs (Ralph's file
        backend) do not filter on verb or activity."""
        wanted = {DEFINED_VERBS[verb]: verb for verb in ("completed", "passed")}
        found: set[str] = set()
        path = "/statements?" + urllib.parse.urlencode(
            {
                "agent": json.dumps(self.launch.actor, separators=(",", ":")),
                "registration": self.launch.registration,
                "limit": "500",
            }
        )
        for _page in range(MAX_PAGES):
            try:
                reply = self.client.request("GET", path)
                page = json.loads(reply.body) if reply.status == 200 else None
                held = page.get("statements") if isinstance(page, dict) else None
            except (LrsError, ValueError) as error:
                log.warning("cmi5: cannot ask the LMS for earlier statements: %s", error)
                return found
            if not isinstance(held, list):
                return found
            for statement in held:
                if not isinstance(statement, dict):
                    continue
                verb_id = (statement.get("verb") or {}).get("id")
                target = (statement.get("object") or {}).get("id")
                if verb_id in wanted and target == self.launch.activity_id:
                    found.add(wanted[verb_id])
            more = page.get("more") if isinstance(page, dict) else None
            if not more or not isinstance(more, str) or found == set(wanted.values()):
                return found
            path = "/statements?" + urllib.parse.urlsplit(more).query
        return found

    def _flush(self) -> RelayReport:
        """Send the waiting statements, in order; those the LRS did not take wait for the next."""
        if not self.waiting:
            return RelayReport(0)
        batch = list(self.waiting)
        try:
            try:
                self.client.post(batch)
            except LrsConflict:
                # Some were taken by an earlier try whose answer was lost: send the others.
                held = self.client.held([s["id"] for s in batch])
                rest = [s for s in batch if s["id"] not in held]
                if rest:
                    self.client.post(rest)
        except LrsError as error:
            log.warning("cmi5: the LMS's LRS did not take %d statements: %s", len(batch), error)
            return RelayReport(0, str(error))
        del self.waiting[: len(batch)]
        return RelayReport(len(batch))


def lesson_to_open(course: Course, module: Module, events: list[Any]) -> str | None:
    """The lesson a launch opens: the module's first one not complete, else its first."""
    from trainer.quiz.completion import Status, standing

    opened = {e["lesson_id"] for e in events if e["kind"] == "lesson_opened"}
    passed = set()
    for event in events:
        if event["kind"] == "attempt_finished":
            data = payload_of(event["kind"], event["payload"])
            if data is not None and data.get("passed"):
                passed.add(event["quiz_id"])
    statuses = standing(course, opened, passed).statuses
    for lesson in module.lessons:
        if statuses.get(lesson.id) is not Status.DONE:
            return lesson.id
    return module.lessons[0].id if module.lessons else None
