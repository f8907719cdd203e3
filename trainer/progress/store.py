"""The progress store: learners and their learning events in one SQLite file.

Events are appended, never rewritten: a lesson opened, an attempt started, an answer, an attempt
finished. Keys are the course id and the lesson, quiz and question ids, never a path or a
language, so progress made in French counts in English.

Durability. Every answer is committed before the app shows its feedback, so an answer the learner
saw judged is never lost:

- `journal_mode = WAL`: a commit appends the transaction to the -wal file and is atomic; after a
  crash the next opening replays whole transactions and drops a torn last one, so the file is
  never half-written. WAL also lets a second trainer on the same folder read while this one
  writes (two terminals), and costs one sync a commit where the rollback journal costs several.
  It needs the -shm shared memory, so the data folder must be on a local disk, not a network share.
- `synchronous = FULL`: each commit waits for the -wal file to reach the disk. A killed process
  loses nothing even with NORMAL (the operating system still holds its writes); FULL is for a
  power cut or a kernel crash, where NORMAL may drop the last answers although their feedback was
  shown. One fsync an answer is nothing at the pace a person answers.
- Writes are short `BEGIN IMMEDIATE` transactions with a busy timeout: a second instance waits
  for the write lock instead of failing with "database is locked", and no reader ever has to
  upgrade to a writer (which SQLite refuses without waiting).

Files are private: the data folder is created 0700, the store, its -wal and -shm 0600.
A damaged file is never deleted: `Store.open(path, set_aside_damaged=True)` moves it (and its -wal
and -shm) to `progress.sqlite3.corrupt-<timestamp>` and starts a new store. A file from a newer
trainer is refused and left as it is. Every failure is a `StoreError` with a one-line message.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trainer.i18n import _
from trainer.progress.groups import GROUP_SETTING
from trainer.progress.opening import (
    StoreError,
    open_connection,
    prepare,
    store_exists,
    transaction,
)
from trainer.progress.records import (
    Answer,
    AttemptRecord,
    CourseRecord,
    Event,
    Kind,
    Learner,
    LearnerSettings,
    drawn_of,
    payload_of,
)

__all__ = [
    "STORE_FILE",
    "Answer",
    "AttemptClosed",
    "AttemptRecord",
    "CourseRecord",
    "Kind",
    "Learner",
    "Store",
    "StoreError",
]

STORE_FILE = "progress.sqlite3"


class AttemptClosed(StoreError):
    """An answer or a finish for an attempt that is not open: finished already, or never started."""


def _now(at: datetime) -> str:
    return at.isoformat(timespec="milliseconds")


class Store:
    """One learner file. Open it with `Store.open(path)`; close it with `close()`."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self.connection = connection
        self.path = path
        self.set_aside: Path | None = None
        """Where a damaged file was moved when this store was opened, else None."""
        self.warning: str | None = None
        """One line for the learner when the data folder's permissions are unsafe, else None."""

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        set_aside_damaged: bool = False,
        clock: Callable[[], datetime] | None = None,
    ) -> Store:
        """Open (creating it 0600 in a 0700 folder if needed) and migrate the store at `path`.

        A damaged or non-SQLite file raises `StoreError` and is left as it is, unless
        `set_aside_damaged`: then it is moved aside (see `set_aside`, `notice`) and a new store is
        created in its place. `clock` gives the time stamped on the moved file (default: now).
        """
        path = Path(path)
        opened = open_connection(path, set_aside_damaged=set_aside_damaged, clock=clock)
        store = cls(opened.connection, path)
        store.set_aside = opened.set_aside
        store.warning = opened.warning
        return store

    @staticmethod
    def exists(path: Path | str) -> bool:
        """Whether a store is at `path` (never created just to be read); `StoreError` when its
        folder cannot be looked into."""
        return store_exists(Path(path))

    @property
    def notice(self) -> str | None:
        """One line for the learner when opening had to set a damaged file aside, else None."""
        if self.set_aside is None:
            return None
        return _(
            "the progress file was damaged: it was moved to {moved} (nothing was deleted) and a "
            "new one was started in {path}"
        ).format(moved=self.set_aside, path=self.path)

    @classmethod
    def in_memory(cls) -> Store:
        """A store that lives in memory only: for previews and tests."""
        connection = sqlite3.connect(":memory:", isolation_level=None)
        prepare(connection, None)
        return cls(connection, None)

    def _transaction(self) -> AbstractContextManager[None]:
        """One short write transaction, committed at the end (durably: synchronous=FULL).

        `BEGIN IMMEDIATE` takes the write lock first (waiting up to the busy timeout), so that two
        trainers on one file queue up instead of failing. Any SQLite failure becomes a one-line
        `StoreError`, the transaction rolled back: nothing half-written stays.
        """
        return transaction(self.connection, self.path)

    def close(self) -> None:
        """Close the file."""
        self.connection.close()

    # learners --------------------------------------------------------------------------------

    def learners(self) -> list[Learner]:
        """Every learner, by name."""
        rows = self.connection.execute(
            "SELECT id, name, created_at FROM learners ORDER BY name COLLATE NOCASE"
        )
        return [Learner(*row) for row in rows]

    def learner(self, name: str) -> Learner | None:
        """The learner with this name, if any."""
        row = self.connection.execute(
            "SELECT id, name, created_at FROM learners WHERE name = ?", (name,)
        ).fetchone()
        return Learner(*row) if row else None

    def learner_or_new(self, name: str, at: datetime) -> Learner:
        """The learner with this name, added at `at` when there is none yet."""
        return self.learner(name) or self.add_learner(name, at)

    def add_learner(self, name: str, at: datetime) -> Learner:
        """Create a learner; the name must be new and not blank."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("a learner needs a name")
        with self._transaction():
            try:
                cursor = self.connection.execute(
                    "INSERT INTO learners (name, created_at) VALUES (?, ?)", (name, _now(at))
                )
            except sqlite3.IntegrityError:
                raise ValueError(f"there is already a learner named {name!r}") from None
        learner_id = cursor.lastrowid
        assert learner_id is not None  # a row was inserted: it has an id
        return Learner(learner_id, name, _now(at))

    def last_learner(self) -> Learner | None:
        """The learner with the most recent event (else the most recently created)."""
        row = self.connection.execute(
            """
            SELECT l.id, l.name, l.created_at FROM learners l
            LEFT JOIN events e ON e.learner_id = l.id
            GROUP BY l.id ORDER BY MAX(COALESCE(e.id, 0)) DESC, l.id DESC LIMIT 1
            """
        ).fetchone()
        return Learner(*row) if row else None

    def rename_learner(self, learner: Learner, name: str) -> Learner:
        """Give a learner another name (their record stays theirs)."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("a learner needs a name")
        with self._transaction():
            try:
                self.connection.execute(
                    "UPDATE learners SET name = ? WHERE id = ?", (name, learner.id)
                )
            except sqlite3.IntegrityError:
                raise ValueError(f"there is already a learner named {name!r}") from None
        return Learner(learner.id, name, learner.created_at)

    def delete_learner(self, learner: Learner) -> int:
        """Delete a learner and their whole record; the number of events deleted."""
        with self._transaction():
            count = self.connection.execute(
                "DELETE FROM events WHERE learner_id = ?", (learner.id,)
            ).rowcount
            self.connection.execute("DELETE FROM settings WHERE learner_id = ?", (learner.id,))
            self.connection.execute("DELETE FROM learners WHERE id = ?", (learner.id,))
        return count

    def event_count(self, learner: Learner) -> int:
        """How many events a learner has: what deleting them would lose."""
        return self.connection.execute(
            "SELECT COUNT(*) FROM events WHERE learner_id = ?", (learner.id,)
        ).fetchone()[0]

    # settings ----------------------------------------------------------------------------------

    def settings(self, learner: Learner) -> dict[str, str]:
        """A learner's settings (language, theme…), as saved."""
        rows = self.connection.execute(
            "SELECT key, value FROM settings WHERE learner_id = ?", (learner.id,)
        )
        return dict(rows.fetchall())

    def save_setting(self, learner: Learner, key: str, value: str) -> None:
        """Save one setting of a learner."""
        with self._transaction():
            self._upsert_setting(learner, key, value)

    def save_group(self, learner: Learner, group: str | None) -> None:
        """Put the learner in a group (a name `clean_group` gave), or in none."""
        self.save_setting(learner, GROUP_SETTING, group or "")

    def learner_settings(self, learner: Learner) -> LearnerSettings:
        """A learner's settings, those never saved at their default."""
        return LearnerSettings.from_saved(self.settings(learner))

    def save_learner_settings(self, learner: Learner, settings: LearnerSettings) -> None:
        """Save what changed in a learner's settings, in one transaction: a setting as it was is
        not written, so one never chosen stays unsaved (and follows the default)."""
        with self._transaction():
            before = self.learner_settings(learner).to_saved()
            for key, value in settings.to_saved().items():
                if before.get(key) != value:
                    self._upsert_setting(learner, key, value)

    def _upsert_setting(self, learner: Learner, key: str, value: str) -> None:
        self.connection.execute(
            "INSERT INTO settings (learner_id, key, value) VALUES (?, ?, ?) "
            "ON CONFLICT (learner_id, key) DO UPDATE SET value = excluded.value",
            (learner.id, key, value),
        )

    # events ------------------------------------------------------------------------------------

    def _append(
        self, learner: Learner, course_id: str, kind: str, at: datetime, **columns: object
    ) -> str:
        with self._transaction():
            return self._insert(learner, course_id, kind, at, **columns)

    def _insert(
        self, learner: Learner, course_id: str, kind: str, at: datetime, **columns: object
    ) -> str:
        """Append one event inside the transaction under way; its uuid."""
        payload = columns.pop("payload", {})
        event_id = str(uuid.uuid4())
        names = ["uuid", "learner_id", "course_id", "kind", "at", "payload", *columns]
        values = [
            event_id,
            learner.id,
            course_id,
            kind,
            _now(at),
            json.dumps(payload, ensure_ascii=False),
            *columns.values(),
        ]
        try:
            self.connection.execute(
                f"INSERT INTO events ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                values,
            )
        except sqlite3.IntegrityError:  # the learner's row is gone: deleted from another trainer
            raise StoreError(
                _("the learner {name} was deleted (perhaps in another window)").format(
                    name=learner.name
                )
            ) from None
        return event_id

    def _has(self, kind: str, attempt_id: str, question_id: str | None = None) -> bool:
        """Whether the attempt already has an event of this kind (for this question)."""
        query = "SELECT 1 FROM events WHERE attempt_id = ? AND kind = ?"
        params: tuple = (attempt_id, kind)
        if question_id is not None:
            query += " AND question_id = ?"
            params += (question_id,)
        return self.connection.execute(query + " LIMIT 1", params).fetchone() is not None

    def record_lesson_opened(
        self, learner: Learner, course_id: str, lesson_id: str, language: str, at: datetime
    ) -> None:
        """The learner opened a lesson."""
        self._append(
            learner, course_id, Kind.LESSON_OPENED, at, lesson_id=lesson_id, language=language
        )

    def start_attempt(
        self,
        learner: Learner,
        course_id: str,
        lesson_id: str | None,
        quiz_id: str,
        seed: int,
        language: str,
        at: datetime,
        shuffle: bool | None = None,
        drawn: Sequence[str] | None = None,
    ) -> AttemptRecord:
        """Begin an attempt at a quiz, with what draws its presentation: the seed, and whether it
        shuffles (the learner's setting; None: as the quiz says); for a quiz that draws from a
        bank, the ids of the questions drawn (None: every question).

        A quiz is started from its lesson, so the record says the lesson was opened first: when
        the caller has not recorded it yet (a key that starts the quiz before the lesson screen is
        up), the opening is recorded here, just before the attempt, in the same transaction.
        """
        payload: dict[str, object] = {"seed": seed}
        if shuffle is not None:
            payload["shuffle"] = shuffle
        if drawn is not None:
            payload["drawn"] = list(drawn)
        with self._transaction():
            if (
                lesson_id is not None
                and not self.connection.execute(
                    "SELECT 1 FROM events WHERE learner_id = ? AND course_id = ? AND kind = ? "
                    "AND lesson_id = ? LIMIT 1",
                    (learner.id, course_id, Kind.LESSON_OPENED, lesson_id),
                ).fetchone()
            ):
                self._insert(
                    learner,
                    course_id,
                    Kind.LESSON_OPENED,
                    at,
                    lesson_id=lesson_id,
                    language=language,
                )
            attempt_id = self._insert(
                learner,
                course_id,
                Kind.ATTEMPT_STARTED,
                at,
                lesson_id=lesson_id,
                quiz_id=quiz_id,
                language=language,
                payload=payload,
            )
        return AttemptRecord(
            attempt_id,
            quiz_id,
            seed,
            _now(at),
            shuffle=shuffle,
            drawn=tuple(drawn) if drawn is not None else None,
        )

    def record_answer(
        self,
        learner: Learner,
        course_id: str,
        attempt: AttemptRecord,
        question_id: str,
        response: object,
        score: float,
        language: str,
        at: datetime,
        hinted: bool = False,
    ) -> bool:
        """Record an answer durably: when this returns, it survives a crash.

        One answer per question of an attempt: a second one (a repeated key, or another trainer
        on the same folder that answered first) records nothing and returns False. An attempt
        that is finished, or was never started, takes no answer: `AttemptClosed`. Both are checked
        under the write lock, so two trainers cannot slip an answer in between.
        """
        with self._transaction():
            if not self._started(attempt.id):
                raise AttemptClosed(_("this quiz attempt was never started; open the quiz again"))
            if self._has(Kind.ATTEMPT_FINISHED, attempt.id):
                raise AttemptClosed(
                    _(
                        "this quiz attempt is already finished (perhaps in another window); open "
                        "the quiz again"
                    )
                )
            if self._has(Kind.ANSWERED, attempt.id, question_id):
                return False
            self._insert(
                learner,
                course_id,
                Kind.ANSWERED,
                at,
                quiz_id=attempt.quiz_id,
                question_id=question_id,
                attempt_id=attempt.id,
                language=language,
                payload={"response": response, "score": score, "hinted": hinted},
            )
        return True

    def _started(self, attempt_id: str) -> bool:
        """Whether an attempt with this id was started (its `attempt_started` event's uuid)."""
        return (
            self.connection.execute(
                "SELECT 1 FROM events WHERE uuid = ? AND kind = ?",
                (attempt_id, Kind.ATTEMPT_STARTED),
            ).fetchone()
            is not None
        )

    def finish_attempt(
        self,
        learner: Learner,
        course_id: str,
        attempt: AttemptRecord,
        score: float,
        passed: bool,
        language: str,
        at: datetime,
    ) -> bool:
        """Close an attempt with its score; False, recording nothing, when it was closed already
        (a repeated key, or another trainer on the same folder)."""
        with self._transaction():
            if not self._started(attempt.id):
                raise AttemptClosed(_("this quiz attempt was never started; open the quiz again"))
            if self._has(Kind.ATTEMPT_FINISHED, attempt.id):
                return False
            self._insert(
                learner,
                course_id,
                Kind.ATTEMPT_FINISHED,
                at,
                quiz_id=attempt.quiz_id,
                attempt_id=attempt.id,
                language=language,
                payload={"score": score, "passed": passed},
            )
        return True

    def record_review(
        self,
        learner: Learner,
        course_id: str,
        quiz_id: str,
        question_id: str,
        response: object,
        score: float,
        language: str,
        at: datetime,
        hinted: bool = False,
    ) -> None:
        """Record durably an answer given in a spaced-review session."""
        self._append(
            learner,
            course_id,
            Kind.REVIEWED,
            at,
            quiz_id=quiz_id,
            question_id=question_id,
            language=language,
            payload={"response": response, "score": score, "hinted": hinted},
        )

    # queries -----------------------------------------------------------------------------------

    def answer_history(
        self, learner: Learner, course_id: str
    ) -> list[tuple[str, str, float, bool, str]]:
        """Every answer a learner gave in a course, in quizzes and reviews, oldest first:
        (quiz id, question id, score, hinted, when)."""
        rows = self.connection.execute(
            "SELECT quiz_id, question_id, payload, at FROM events "
            "WHERE learner_id = ? AND course_id = ? AND kind IN (?, ?) ORDER BY id",
            (learner.id, course_id, Kind.ANSWERED, Kind.REVIEWED),
        )
        history = []
        for quiz_id, question_id, payload, at in rows:
            data = payload_of(Kind.REVIEWED, payload)  # the score is what both kinds must carry
            if data is None:
                continue
            history.append((quiz_id, question_id, data["score"], bool(data.get("hinted")), at))
        return history

    def reviews_since(self, learner: Learner, course_id: str, since: datetime) -> int:
        """How many spaced-review answers a learner gave in a course at or after `since`."""
        rows = self.connection.execute(
            "SELECT at FROM events WHERE learner_id = ? AND course_id = ? AND kind = ?",
            (learner.id, course_id, Kind.REVIEWED),
        )
        count = 0
        for (at,) in rows:
            when = datetime.fromisoformat(at)
            count += (when if when.tzinfo else when.replace(tzinfo=UTC)) >= since
        return count

    def attempts(self, learner: Learner, course_id: str, quiz_id: str) -> list[AttemptRecord]:
        """Every attempt at a quiz, oldest first, with its answers."""
        rows = self.connection.execute(
            """
            SELECT kind, uuid, attempt_id, question_id, payload, at FROM events
            WHERE learner_id = ? AND course_id = ? AND quiz_id = ?
              AND kind IN (?, ?, ?)
            ORDER BY id
            """,
            (
                learner.id,
                course_id,
                quiz_id,
                Kind.ATTEMPT_STARTED,
                Kind.ANSWERED,
                Kind.ATTEMPT_FINISHED,
            ),
        )
        attempts: dict[str, dict] = {}
        for kind, event_id, attempt_id, question_id, payload, at in rows:
            data = payload_of(kind, payload)
            if data is None:
                continue
            if kind == Kind.ATTEMPT_STARTED:
                attempts[event_id] = {
                    "id": event_id,
                    "quiz_id": quiz_id,
                    "seed": data["seed"],
                    "started_at": at,
                    "answers": {},
                    "shuffle": data.get("shuffle"),
                    "drawn": drawn_of(data),
                }
            elif attempt_id in attempts and kind == Kind.ANSWERED:
                attempts[attempt_id]["answers"].setdefault(
                    question_id,
                    Answer(question_id, data["response"], data["score"], data.get("hinted", False)),
                )
            elif attempt_id in attempts and kind == Kind.ATTEMPT_FINISHED:
                attempts[attempt_id].update(
                    score=data["score"], passed=data["passed"], finished_at=at
                )
        return [AttemptRecord(**fields) for fields in attempts.values()]

    def open_attempt(self, learner: Learner, course_id: str, quiz_id: str) -> AttemptRecord | None:
        """The attempt under way at this quiz, if there is one."""
        unfinished = [a for a in self.attempts(learner, course_id, quiz_id) if not a.finished]
        return unfinished[-1] if unfinished else None

    def course_record(self, learner: Learner, course_id: str) -> CourseRecord:
        """What the learner has done in a course."""
        connection = self.connection
        opened = {
            row[0]
            for row in connection.execute(
                "SELECT DISTINCT lesson_id FROM events WHERE learner_id = ? AND course_id = ? "
                "AND kind = ?",
                (learner.id, course_id, Kind.LESSON_OPENED),
            )
        }
        best: dict[str, float] = {}
        passed: set[str] = set()
        for quiz_id, payload in connection.execute(
            "SELECT quiz_id, payload FROM events WHERE learner_id = ? AND course_id = ? AND "
            "kind = ?",
            (learner.id, course_id, Kind.ATTEMPT_FINISHED),
        ):
            data = payload_of(Kind.ATTEMPT_FINISHED, payload)
            if data is None:
                continue
            best[quiz_id] = max(best.get(quiz_id, 0.0), data["score"])
            if data["passed"]:
                passed.add(quiz_id)
        unfinished = {
            row[0]
            for row in connection.execute(
                """
                SELECT s.quiz_id FROM events s
                WHERE s.learner_id = ? AND s.course_id = ? AND s.kind = ?
                  AND NOT EXISTS (SELECT 1 FROM events f WHERE f.attempt_id = s.uuid AND f.kind = ?)
                """,
                (learner.id, course_id, Kind.ATTEMPT_STARTED, Kind.ATTEMPT_FINISHED),
            )
        }
        last = connection.execute(
            """
            SELECT COALESCE(
                lesson_id, (SELECT s.lesson_id FROM events s WHERE s.uuid = e.attempt_id)
            )
            FROM events e WHERE learner_id = ? AND course_id = ? ORDER BY id DESC LIMIT 1
            """,
            (learner.id, course_id),
        ).fetchone()
        return CourseRecord(
            frozenset(opened),
            best,
            frozenset(passed),
            frozenset(unfinished),
            last[0] if last else None,
        )

    def events(self, learner: Learner | None = None) -> list[Event]:
        """Every event (of one learner, or all), oldest first."""
        query = (
            "SELECT e.id, e.uuid, e.learner_id, e.course_id, e.kind, e.lesson_id, e.quiz_id,"
            " e.question_id, e.attempt_id, e.language, e.payload, e.at, l.name"
            " FROM events e JOIN learners l ON l.id = e.learner_id"
        )
        params: tuple[int, ...] = ()
        if learner is not None:
            query += " WHERE e.learner_id = ?"
            params = (learner.id,)
        return [_event(row) for row in self.connection.execute(query + " ORDER BY e.id", params)]


def _event(row: tuple[Any, ...]) -> Event:
    """An event from its row, the columns in `Event`'s order."""
    (
        event_id,
        event_uuid,
        learner_id,
        course_id,
        kind,
        lesson_id,
        quiz_id,
        question_id,
        attempt_id,
        language,
        payload,
        at,
        learner,
    ) = row
    return Event(
        id=event_id,
        uuid=event_uuid,
        learner_id=learner_id,
        course_id=course_id,
        kind=kind,
        lesson_id=lesson_id,
        quiz_id=quiz_id,
        question_id=question_id,
        attempt_id=attempt_id,
        language=language,
        payload=payload,
        at=at,
        learner=learner,
    )
