"""Where the trainer's report reads its rows: collected progress files, or statements in an LRS.

Collected files are never altered. SQLite leaves -wal and -shm files beside a file it opens in WAL
mode, even read-only, and replays a -wal into it; so each file (with its -wal, if one came with it)
is copied (into memory, or into a temporary folder when it is large or has a -wal) and the copy is
read, through the `Store`'s own queries but without `Store.open`, which would migrate it. Learners
of different files are different learners, even with the same name: a learner's key is the file and
their id in it, and names are never read.

From an LRS, every statement is read back (GET <endpoint>/statements, page after page through
`more`) with `trainer.xapi.lrs`'s client, and the `answered`, `passed`, `failed` and
`experienced` ones of the course are mapped back to the same rows: the quiz, question and lesson
ids from the activity id
(`…/courses/<course>/quizzes/<quiz>/questions/<question>`, whatever its base), the score from
`result.score.scaled`, the response from `result.response`, the learner from
`actor.account` (home page and name). Review answers (the `review` extension) are left out.
"""

from __future__ import annotations

import gc
import json
import re
import shutil
import sqlite3
import tempfile
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from trainer.course.model import (
    Course,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
)
from trainer.i18n import _
from trainer.inert import inert
from trainer.progress import opening
from trainer.progress.opening import bound_queries, interrupted, missing_from_shape
from trainer.progress.records import Kind
from trainer.progress.schema import SCHEMA_VERSION
from trainer.progress.store import Store
from trainer.report.figures import AnswerRow, AttemptRow, LessonRow, Records, Report, analyse
from trainer.report.groups import in_group, statement_team, store_groups
from trainer.xapi.lrs import LrsClient, LrsError, origin_of
from trainer.xapi.statements import ITEM, PAIR, VERBS

PAGE = 500
"""Statements asked for per page."""
MAX_PAGES = 100_000
"""A bound on paging, in case an LRS keeps answering `more` links it has given already."""


class SourceError(Exception):
    """A source cannot be read: the message says which and why, in one line."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off, and what is alive already frozen, while reading and
    analysing the rows.

    Reading makes hundreds of thousands of rows that live as long as the report, and no cycles;
    the analysis groups them in as many more dicts and lists. The collector would only scan them,
    and everything else alive, again and again as they pile up, which makes the report's time grow
    faster than the number of files. Nested uses leave it to the outermost."""
    collecting = gc.isenabled()
    freezing = gc.get_freeze_count() == 0  # never thaw what someone else froze
    gc.disable()
    if freezing:
        gc.freeze()
    try:
        yield
    finally:
        if freezing:
            gc.unfreeze()
        if collecting:
            gc.enable()


# collected progress files ------------------------------------------------------------------------


def read_stores(
    paths: Sequence[str | Path], course: Course, *, skip_unreadable: bool = False
) -> Records:
    """The rows of `course` in every file (a file named twice is read once). With
    `skip_unreadable`, a file that cannot be read whole is left out, none of its rows kept, and
    why is in the records' `skipped`; else `SourceError` stops the reading."""
    rows = _Rows()
    seen: set[Path] = set()
    with collector_paused():
        for path in paths:
            resolved = Path(path).resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            kept = rows.count()
            try:
                with collected_store(path) as store:
                    _read_rows(store, str(path), course, rows)
            except SourceError as error:
                if not skip_unreadable:
                    raise
                rows.drop_after(kept)  # the rows read before the damage was met
                rows.skipped.append(str(error))
    return rows.records()


def read_store(path: str | Path, course: Course) -> Records:
    """The rows of `course` in one collected progress file, read from a copy.

    A file that cannot be read whole — not SQLite, a table or column missing, an event whose
    payload is not what the trainer writes, a query running past `QUERY_SECONDS` — stops the
    report with one line naming the file and the event: a report that silently left out a learner
    would give wrong pass rates, and the trainer can set the file aside and run it again.
    """
    rows = _Rows()
    with collected_store(path) as store:
        _read_rows(store, str(path), course, rows)
    return rows.records()


MEMORY_COPY_BYTES = 64 * 1024 * 1024
"""A collected file up to this size, without a -wal file, is copied into memory rather than into a
temporary folder: no file written for each of thousands of files. Larger ones go to disk."""
_SQLITE_HEADER = b"SQLite format 3\x00"


@contextmanager
def collected_store(path: str | Path) -> Iterator[Store]:
    """One collected progress file, opened from a copy (the file itself is never touched), checked
    to be a trainer store this trainer can read; `SourceError` says why not, in one line. Also
    what `trainer certificate issue` reads."""
    path = Path(path)
    try:
        is_file = path.is_file()
    except OSError as error:
        raise SourceError(
            _("cannot read {path}: {error}").format(path=path, error=error.strerror)
        ) from None
    if not is_file:
        raise SourceError(_("no such progress file: {path}").format(path=path))
    with _copy_of(path) as connection:
        bound_queries(connection)
        try:
            store = Store(connection, path)
            _check_version(store, str(path))
            yield store
        except sqlite3.DatabaseError as error:
            detail = str(error)
            if interrupted(error):
                detail = _("a query took more than {seconds:g} s").format(
                    seconds=opening.QUERY_SECONDS
                )
            raise SourceError(
                _("{path} is not a trainer progress file, or it is damaged ({error})").format(
                    path=path, error=detail
                )
            ) from None
        finally:
            connection.close()


@contextmanager
def _copy_of(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to a copy of the file at `path`: in memory when it is a small SQLite file
    with no -wal file beside it, else in a temporary folder (with its -wal)."""
    wal = Path(f"{path}-wal")
    try:
        small = path.stat().st_size <= MEMORY_COPY_BYTES and not wal.is_file()
        data = path.read_bytes() if small else b""
    except OSError as error:
        raise SourceError(
            _("cannot read {path}: {error}").format(path=path, error=error.strerror)
        ) from None
    if small and len(data) >= 100 and data.startswith(_SQLITE_HEADER):
        # SQLite's in-memory databases cannot be in WAL mode: the copy's header says the legacy
        # journal (bytes 18 and 19, the write and read versions), which changes no page.
        image = bytearray(data)
        image[18:20] = b"\x01\x01"
        connection = sqlite3.connect(":memory:", isolation_level=None)
        try:
            connection.deserialize(bytes(image))
        except sqlite3.DatabaseError:  # the copy on disk below says what is wrong with it
            connection.close()
        else:
            yield connection
            return
    with tempfile.TemporaryDirectory(prefix="trainer-report-") as folder:
        copy = Path(folder) / "progress.sqlite3"
        try:
            shutil.copyfile(path, copy)
            if wal.is_file():
                shutil.copyfile(wal, Path(f"{copy}-wal"))
        except OSError as error:
            raise SourceError(
                _("cannot read {path}: {error}").format(path=path, error=error.strerror)
            ) from None
        yield sqlite3.connect(copy, isolation_level=None)


def _check_version(store: Store, name: str) -> None:
    version = store.connection.execute("PRAGMA user_version").fetchone()[0]
    if version == 0:
        raise SourceError(_("{path} is not a trainer progress file").format(path=name))
    if version > SCHEMA_VERSION:
        raise SourceError(
            _(
                "{path} was written by a newer trainer (schema {version}); update trainer to read "
                "it"
            ).format(path=name, version=version)
        )
    missing = missing_from_shape(store.connection, ("learners", "events"))
    if missing:
        raise SourceError(
            _("{path} is not a trainer progress file, or it is damaged ({error})").format(
                path=name, error=missing
            )
        )


class _Rows:
    """The rows read so far, in lists that grow (never tuples copied at each file), and the ids
    and scores they repeat kept once: every row of a quiz shares its quiz's id string."""

    def __init__(self) -> None:
        self.answers: list[AnswerRow] = []
        self.attempts: list[AttemptRow] = []
        self.lessons: list[LessonRow] = []
        self._texts: dict[str, str] = {}
        self._scores: dict[float, float] = {}
        self.groups: dict[str, str] = {}
        self.skipped: list[str] = []
        self._responses: dict[tuple, object] = {}

    def count(self) -> tuple[int, int, int, int]:
        """How many rows there are so far, to drop those of a file found damaged half-way."""
        return len(self.answers), len(self.attempts), len(self.lessons), len(self.groups)

    def drop_after(self, count: tuple[int, int, int, int]) -> None:
        """Forget the rows added since `count()` gave `count`."""
        answers, attempts, lessons, groups = count
        del self.answers[answers:], self.attempts[attempts:], self.lessons[lessons:]
        for learner in list(self.groups)[groups:]:  # dicts keep the order keys came in
            del self.groups[learner]

    def text(self, value: object) -> str:
        """`value` as text, the one copy of it."""
        text = str(value)
        return self._texts.setdefault(text, text)

    def score(self, value: float) -> float:
        """`value`, the one copy of it (most scores are 0 or 1)."""
        return self._scores.setdefault(value, value)

    def response(self, value: object) -> object:
        """`value`, the one copy of it: learners give the same few responses (the same choices,
        the same order, the same typed word), and a report never changes one."""
        if type(value) is str:
            return self._texts.setdefault(value, value)
        if type(value) is list:
            # Each item with its type: [1, 2], [True, 2] and [1.0, 2] are equal, not the same.
            key = tuple((type(item), item) for item in value)
            try:
                return self._responses.setdefault(key, value)
            except TypeError:  # a list holding lists: kept as it is
                return value
        return value

    def records(self) -> Records:
        return Records(
            tuple(self.answers),
            tuple(self.attempts),
            tuple(self.lessons),
            self.groups,
            tuple(self.skipped),
        )


_ROWS_QUERY = (
    "SELECT e.id, e.learner_id, e.kind, e.lesson_id, e.quiz_id, e.question_id, e.attempt_id,"
    " e.payload, e.at FROM events e JOIN learners l ON l.id = e.learner_id"
    " WHERE e.course_id = ? AND e.kind IN (?, ?, ?) ORDER BY e.id"
)
"""The events a report reads, in one query a file: the same rows, in the same order, as
`Store.events` gives them, less the other courses' and kinds'."""


def _read_rows(store: Store, name: str, course: Course, rows: _Rows) -> None:
    """Add the rows of `course` in one collected file to `rows`."""
    text = rows.text
    learners: dict[object, str] = {}
    kinds = (Kind.LESSON_OPENED, Kind.ANSWERED, Kind.ATTEMPT_FINISHED)
    cursor = store.connection.execute(_ROWS_QUERY, (course.id, *kinds))
    for event_id, learner_id, kind, lesson_id, quiz_id, question_id, attempt, payload, at in cursor:
        learner = learners.get(learner_id)
        if learner is None:
            learner = learners[learner_id] = f"{name}#{learner_id}"
        event = {"id": event_id, "payload": payload}
        data = _payload(event, name)
        if kind == Kind.LESSON_OPENED:
            rows.lessons.append(LessonRow(learner, text(lesson_id), str(at)))
        elif kind == Kind.ANSWERED:
            rows.answers.append(
                AnswerRow(
                    learner,
                    text(quiz_id),
                    text(question_id),
                    rows.score(_score(data, event, name)),
                    rows.response(data.get("response")),
                    None if attempt is None else text(attempt),
                    str(at),
                )
            )
        else:
            rows.attempts.append(
                AttemptRow(
                    learner,
                    text(quiz_id),
                    rows.score(_score(data, event, name)),
                    bool(data.get("passed")),
                    str(at),
                )
            )
    for learner_id, group in store_groups(store):
        rows.groups[f"{name}#{learner_id}"] = group


def _payload(event: Mapping[str, Any], name: str) -> dict[str, Any]:
    """An event's payload: a JSON object, as the trainer writes it."""
    try:
        payload = json.loads(str(event["payload"] or "{}"))
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise SourceError(
            _("{path} is damaged: the payload of event {event} is not a JSON object").format(
                path=name, event=event["id"]
            )
        )
    return payload


def _score(payload: Mapping[str, Any], event: Mapping[str, Any], name: str) -> float:
    """The score a payload records: a number from 0 to 1 (none recorded: 0)."""
    score = payload.get("score", 0.0)
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0.0 <= score <= 1.0:
        raise SourceError(
            _("{path} is damaged: the score of event {event} is not a number from 0 to 1").format(
                path=name, event=event["id"]
            )
        )
    return float(score)


# an LRS ------------------------------------------------------------------------------------------

_ACTIVITY = re.compile(
    r"/courses/(?P<course>[a-z0-9][a-z0-9-]*)/"
    r"(?:lessons/(?P<lesson>[a-z0-9][a-z0-9-]*)"
    r"|quizzes/(?P<quiz>[a-z0-9][a-z0-9-]*)(?:/questions/(?P<question>[a-z0-9][a-z0-9-]*))?)$"
)


def read_lrs(client: LrsClient, course: Course) -> Records:
    """The rows of `course` in the statements an LRS holds."""
    answers: list[AnswerRow] = []
    attempts: list[AttemptRow] = []
    lessons: list[LessonRow] = []
    groups: dict[str, str | None] = {}
    seen: set[str] = set()
    # Every statement, filtered here rather than by `verb=` in the query: Ralph's fs backend
    # (5.1) answers an empty list to any `verb` filter, and an empty answer cannot be told from
    # an LRS that holds nothing.
    for statement in statements(client, {}):
        ident = str(statement.get("id", ""))
        if ident in seen:
            continue
        seen.add(ident)
        row = statement_row(statement, course)
        if row is not None and row.learner not in groups:  # the newest statement comes first
            groups[row.learner] = statement_team(statement)
        if isinstance(row, AnswerRow):
            answers.append(row)
        elif isinstance(row, AttemptRow):
            attempts.append(row)
        elif isinstance(row, LessonRow):
            lessons.append(row)
    teams = {learner: group for learner, group in groups.items() if group}
    return Records(tuple(answers), tuple(attempts), tuple(lessons), teams)


def statements(client: LrsClient, query: Mapping[str, str]) -> Iterator[dict[str, Any]]:
    """Every statement the LRS answers to `query`, page after page."""
    path: str | None = "/statements?" + urllib.parse.urlencode({**query, "limit": str(PAGE)})
    asked: set[str] = set()
    while path is not None and path not in asked and len(asked) < MAX_PAGES:
        asked.add(path)
        reply = client.request("GET", path)
        if reply.status != 200:
            detail = inert(" ".join(reply.body.decode("utf-8", "replace").split())[:200])
            raise LrsError(
                _("the LRS refused to list statements: HTTP {status} {detail}").format(
                    status=reply.status, detail=detail
                )
            )
        try:
            page = json.loads(reply.body)
        except (ValueError, UnicodeDecodeError):
            raise LrsError(_("the LRS answered something that is not JSON")) from None
        # A StatementResult (xAPI 1.0.3): `statements`, a list of statements, and `more`, the
        # next page's address or nothing; a page of another shape is refused, not skipped.
        if (
            not isinstance(page, dict)
            or not isinstance(page.get("statements"), list)
            or not all(isinstance(s, dict) for s in page["statements"])
            or not isinstance(page.get("more") or "", str)
        ):
            raise LrsError(_("the LRS answered something that is not a statement list"))
        yield from page["statements"]
        path = _next_page(client.endpoint, page.get("more"))


def _next_page(endpoint: str, more: object) -> str | None:
    """The `more` link as a path under the endpoint; None when there is no next page.

    `more` is relative to the LRS's host (`/xAPI/statements?…`) or a whole URL."""
    if not isinstance(more, str) or not more:
        return None
    absolute = urllib.parse.urljoin(endpoint + "/", more)
    # The next page is asked with the LRS password: only from the same origin, under the endpoint.
    if origin_of(absolute) != origin_of(endpoint) or not absolute.startswith(endpoint + "/"):
        raise LrsError(
            _("the LRS gave a next page outside its endpoint: {more}").format(
                more=inert(more[:200])
            )
        )
    return absolute[len(endpoint) :]


def statement_row(
    statement: Mapping[str, Any], course: Course
) -> AnswerRow | AttemptRow | LessonRow | None:
    """The row one statement stands for; None for a statement of another course or another kind."""
    learner = _learner(statement.get("actor"))
    activity = _get(statement, "object", "id")
    verb = str(_get(statement, "verb", "id") or "")
    match = _ACTIVITY.search(activity) if isinstance(activity, str) else None
    if learner is None or match is None or match["course"] != course.id:
        return None
    at = str(statement.get("timestamp") or statement.get("stored") or "")
    given = statement.get("result")
    result: dict[str, Any] = given if isinstance(given, dict) else {}
    scaled = _get(result, "score", "scaled")
    score = (
        float(scaled)
        if isinstance(scaled, (int, float)) and not isinstance(scaled, bool)
        else (1.0 if result.get("success") else 0.0)
    )
    if verb in (VERBS["answered"], VERBS["skipped"]) and match["question"]:
        extensions = _get(statement, "context", "extensions") or {}
        if any(
            str(key).endswith("/xapi/extensions/review") and value
            for key, value in extensions.items()
        ):
            return None
        question = _question(course, match["quiz"], match["question"])
        response = (
            from_xapi(question, result.get("response"))
            if question is not None
            else result.get("response")
        )
        return AnswerRow(
            learner, match["quiz"], match["question"], score, response, _attempt(statement), at
        )
    if verb in (VERBS["passed"], VERBS["failed"]) and match["quiz"] and not match["question"]:
        return AttemptRow(learner, match["quiz"], score, verb == VERBS["passed"], at)
    if verb == VERBS["experienced"] and match["lesson"]:
        return LessonRow(learner, match["lesson"], at)
    return None


def _attempt(statement: Mapping[str, Any]) -> str | None:
    """The quiz attempt of an answer: its grouping activity (`…/attempts/<uuid>`), or, in the
    statements trainer sent before it had one, the registration, then the attempt's uuid."""
    grouping = _get(statement, "context", "contextActivities", "grouping")
    for activity in grouping if isinstance(grouping, list) else []:
        identifier = _get(activity, "id")
        if isinstance(identifier, str) and "/attempts/" in identifier:
            return identifier.rsplit("/attempts/", 1)[1]
    registration = _get(statement, "context", "registration")
    return registration if isinstance(registration, str) else None


def from_xapi(question: Question, response: object) -> object:
    """An xAPI `result.response` as trainer records it (see
    `trainer.xapi.statements.response_text`);
    a response that does not read as such is kept as the text it is."""
    if not isinstance(response, str):
        return None
    try:
        if isinstance(question, TrueFalse):
            return {"true": True, "false": False}[response]
        if isinstance(question, SingleChoice):
            return int(response)
        if isinstance(question, (MultipleChoice, Ordering)):
            return [int(item) for item in response.split(ITEM)] if response else []
        if isinstance(question, Matching):
            rights: list[int | None] = [None] * len(question.pairs)
            for pair in filter(None, response.split(ITEM)):
                left, right = pair.split(PAIR)
                rights[int(left) - 1] = int(right)
            return rights
    except (KeyError, ValueError, IndexError):
        return response
    return response


def _question(course: Course, quiz_id: str, question_id: str) -> Question | None:
    quiz = course.quizzes.get(quiz_id)
    try:
        return quiz.question(question_id) if quiz is not None else None
    except KeyError:
        return None


def _learner(actor: object) -> str | None:
    """The learner's key: the account (home page and name), else the actor's other identifier."""
    if not isinstance(actor, dict):
        return None
    account = actor.get("account")
    if isinstance(account, dict) and account.get("name"):
        return f"{account.get('homePage', '')}::{account['name']}"
    for key in ("mbox", "mbox_sha1sum", "openid"):
        if actor.get(key):
            return str(actor[key])
    return None


def _get(data: object, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


# the report from its sources ---------------------------------------------------------------------


class ReportError(Exception):
    """The report cannot be made: the message says why; `usage` when the sources were named
    wrongly rather than unreadable."""

    def __init__(self, message: str, *, usage: bool = False, skipped: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.usage = usage
        self.skipped = tuple(skipped)
        """Why each unreadable source was left out, when every one was."""


def _group_report(report: Report, group: str | None) -> Report:
    return replace(report, group=group) if group is not None else report


def _report_of_stores(course: Course, stores: Sequence[str], group: str | None) -> Report:
    """The report on collected progress files; `ReportError` when none can be read."""
    records = read_stores(stores, course, skip_unreadable=True)
    if records.skipped and len(records.skipped) == len({Path(s).resolve() for s in stores}):
        raise ReportError(  # nothing left to report on: each file said why
            records.skipped[0]
            if len(records.skipped) == 1
            else _("none of the {count} progress files can be read").format(
                count=len(records.skipped)
            ),
            skipped=records.skipped,
        )
    return _group_report(
        analyse(course, in_group(records, group), tuple(str(s) for s in stores)), group
    )


def gather(
    course: Course,
    stores: Sequence[str] = (),
    lrs: str | None = None,
    user: str | None = None,
    password_env: str | None = None,
    group: str | None = None,
) -> Report:
    """Read the sources and make the report, on the learners of `group` only when given.

    A progress file that cannot be read is left out (the report's `skipped` says why) when others
    can be; `ReportError` when no source can be read."""
    if bool(stores) == bool(lrs):
        raise ReportError(
            _("name the progress files (--store FILE…) or an LRS (--lrs URL), one or the other"),
            usage=True,
        )
    try:
        if stores:
            with collector_paused():
                return _report_of_stores(course, stores, group)
        from trainer.xapi.config import ConfigError, password_from

        try:
            password = password_from(password_env)
        except ConfigError as error:
            raise ReportError(str(error), usage=True) from None
        try:
            client = LrsClient(str(lrs), user, password)
            records = in_group(read_lrs(client, course), group)
            return _group_report(analyse(course, records, (str(lrs),)), group)
        except LrsError as error:
            raise ReportError(str(error)) from None
    except SourceError as error:
        raise ReportError(str(error)) from None
