"""`trainer report` end to end: progress files made with the Store API, read back untouched, as a
table, as CSV, from an LRS that pages its answers, and as a screen in the app."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from textual.app import App
from textual_plotext import PlotextPlot

import trainer.tui.app as trainer_app
from trainer.commands.report import report_command
from trainer.progress.store import Store
from trainer.quiz.scoring import score_quiz
from trainer.report.figures import analyse
from trainer.report.rendering import WIDTH, render_csv, render_table
from trainer.report.sources import gather, read_lrs, read_stores
from trainer.tui.screens.report import ReportScreen
from trainer.xapi.lrs import LrsClient
from trainer.xapi.statements import StatementOptions, learner_statements

RIGHT = {"moteur": 1, "traits": [1, 2], "flux": False}
SECOND = {"article": "226-4-1", "etapes": [1, 2, 3], "paires": [1, 2]}

# Who does what, file by file; "Ann" is in two files: two learners.
#   Ann (m0)   every lesson, both quizzes right                  complete
#   Bob (m0)   every lesson, premiere: moteur 2, traits [1,3], flux true; fails
#   Ann (m1)   every lesson, premiere traits [1,3] then all right; deuxieme right   complete
#   Cid (m1)   every lesson, premiere all right, deuxieme never taken
#   Dee (m2)   premiere: moteur 2, traits [3], flux true;
#              deuxieme article "226-4", order 2 1 3, pairs 2 1
PLAN = {
    "m0": [
        ("Ann", [("premiere", RIGHT), ("deuxieme", SECOND)]),
        ("Bob", [("premiere", {"moteur": 2, "traits": [1, 3], "flux": True})]),
    ],
    "m1": [
        (
            "Ann",
            [("premiere", {**RIGHT, "traits": [1, 3]}), ("premiere", RIGHT), ("deuxieme", SECOND)],
        ),
        ("Cid", [("premiere", RIGHT)]),
    ],
    "m2": [
        (
            "Dee",
            [
                ("premiere", {"moteur": 2, "traits": [3], "flux": True}),
                ("deuxieme", {"article": "226-4", "etapes": [2, 1, 3], "paires": [2, 1]}),
            ],
        )
    ],
}


def take(store: Store, learner, course, quiz_id: str, responses: dict, clock) -> None:
    """One finished attempt, answers graded by the engine."""
    quiz = course.quizzes[quiz_id]
    attempt = store.start_attempt(learner, course.id, quiz_id, quiz_id, 7, "en", clock())
    result = score_quiz(quiz, responses, course.pass_mark_of(quiz))
    for grade in result.grades:
        store.record_answer(
            learner,
            course.id,
            attempt,
            grade.question_id,
            grade.response,
            grade.score,
            "en",
            clock(),
        )
    store.finish_attempt(learner, course.id, attempt, result.score, result.passed, "en", clock())


@pytest.fixture
def course(pack):
    return pack.course("en")


@pytest.fixture
def stores(tmp_path: Path, course, clock) -> list[Path]:
    """Three machines' progress files, closed, as they would be collected."""
    paths = []
    for machine, learners in PLAN.items():
        path = tmp_path / "collected" / machine / "progress.sqlite3"
        store = Store.open(path)
        for name, attempts in learners:
            learner = store.add_learner(name, clock())
            if machine != "m2":
                for lesson in ("premiere", "deuxieme", "lecture"):
                    store.record_lesson_opened(learner, course.id, lesson, "en", clock())
            for quiz_id, responses in attempts:
                take(store, learner, course, quiz_id, responses, clock)
        store.close()
        paths.append(path)
    return paths


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in folder.iterdir()
    }


def test_the_figures_from_collected_files(course, stores) -> None:
    report = gather(course, [str(p) for p in stores])
    assert report.learners == 5  # the two Anns are two learners
    assert report.completed == 2
    quizzes = {q.quiz_id: (q.attempted, q.passed) for q in report.quizzes}
    assert quizzes == {"premiere": (5, 3), "deuxieme": (3, 2)}
    questions = {q.question_id: q for q in report.questions}
    # traits: first answers right only for Ann (m0) and Cid; Ann (m1) got it right only later.
    assert (questions["traits"].answered, questions["traits"].right) == (5, 2)
    assert (questions["traits"].wrong.text, questions["traits"].wrong.count) == ("Flow + Paper", 2)
    assert questions["moteur"].wrong.text == "Qwant"
    assert questions["paires"].wrong.text == "Pharos → assistance; 17Cyber → reporting"
    assert (
        questions["moteur"].discrimination is not None
        and questions["article"].discrimination is None
    )


def test_collected_files_are_never_altered(course, stores) -> None:
    before = {path.parent: snapshot(path.parent) for path in stores}
    gather(course, [str(p) for p in stores])
    assert {
        path.parent: snapshot(path.parent) for path in stores
    } == before  # no -wal, no -shm either


def test_the_same_figures_from_a_copy_in_memory_or_on_disk(course, stores, monkeypatch) -> None:
    import trainer.report.sources as sources

    in_memory = gather(course, [str(p) for p in stores])
    monkeypatch.setattr(sources, "MEMORY_COPY_BYTES", 0)  # every file copied to disk
    assert gather(course, [str(p) for p in stores]) == in_memory


def test_a_file_with_its_wal_is_read_with_it(course, stores, clock) -> None:
    before = gather(course, [str(p) for p in stores])
    live = Store.open(stores[0])  # a store still open has its last writes in its -wal
    live.connection.execute("PRAGMA wal_autocheckpoint = 0")
    learner = live.add_learner("Dana", clock())
    live.record_lesson_opened(learner, course.id, "premiere", "en", clock())
    assert Path(f"{stores[0]}-wal").stat().st_size > 0
    after = gather(course, [str(p) for p in stores])
    live.close()
    assert after.learners == before.learners + 1


def test_a_file_named_twice_is_read_once(course, stores) -> None:
    assert gather(course, [str(stores[0]), str(stores[0])]).learners == 2


def test_the_table_fits_80_columns(course, stores, capsys) -> None:
    assert report_command(course, [str(p) for p in stores]) == 0
    table = capsys.readouterr().out
    assert max(len(line) for line in table.splitlines()) <= WIDTH
    for section in ("Overview", "Quizzes", "Questions, hardest first", "Most missed"):
        assert f"\n{section}\n" in table
    assert "  Learners                          5\n" in table
    assert "most chosen wrong answer (2): Flow + Paper" in table
    questions = table.split("Questions, hardest first\n")[1]
    assert questions.index("premiere/traits") < questions.index("premiere/moteur")


def test_csv_one_row_per_question(course, stores, tmp_path: Path) -> None:
    output = tmp_path / "report.csv"
    assert (
        report_command(course, [str(p) for p in stores], output_format="csv", output=str(output))
        == 0
    )
    rows = list(csv.DictReader(output.open(encoding="utf-8")))
    assert [r["question"] for r in rows] == [
        "moteur",
        "traits",
        "flux",
        "article",
        "etapes",
        "paires",
    ]
    traits = rows[1]
    assert (traits["learners"], traits["completed"], traits["quiz_pass_rate"]) == ("5", "2", "0.6")
    assert (traits["answered"], traits["right"], traits["difficulty"]) == ("5", "2", "0.4")
    assert (
        traits["most_chosen_wrong"] == "Flow + Paper" and traits["most_chosen_wrong_count"] == "2"
    )
    # Three learners only: every figure of how they fared is withheld, for their anonymity.
    assert rows[3]["answered"] == "3" and rows[3]["discrimination"] == rows[3]["right"] == "<5"
    assert rows[3]["withheld"] == "fewer than 5 learners"


def test_text_a_spreadsheet_would_run_stays_text(course, tmp_path: Path, clock) -> None:
    path = tmp_path / "progress.sqlite3"
    store = Store.open(path)
    for name in ("A", "B"):
        learner = store.add_learner(name, clock())
        take(store, learner, course, "deuxieme", {"article": "=HYPERLINK(1)"}, clock)
    store.close()
    rows = {
        r["question"]: r
        for r in csv.DictReader(io.StringIO(render_csv(gather(course, [str(path)]))))
    }
    assert rows["article"]["most_chosen_wrong"] == "'=HYPERLINK(1)"


@pytest.mark.parametrize(
    ("files", "expected", "code"),
    [
        (["missing.sqlite3"], "no such progress file", 1),
        (["junk.sqlite3"], "is not a trainer progress file", 1),
        ([], "--store FILE", 2),
    ],
)
def test_bad_sources_say_why(
    course, tmp_path: Path, files, expected: str, code: int, capsys
) -> None:
    (tmp_path / "junk.sqlite3").write_text("not a database")
    assert report_command(course, [str(tmp_path / f) for f in files]) == code
    captured = capsys.readouterr()
    assert captured.out == "" and expected in captured.err and "Traceback" not in captured.err


def test_an_unwritable_output_is_an_error(course, stores, tmp_path: Path, capsys) -> None:
    assert (
        report_command(course, [str(stores[0])], output=str(tmp_path / "no" / "such" / "r.txt"))
        == 1
    )
    assert "cannot write" in capsys.readouterr().err


# an LRS -------------------------------------------------------------------------------------------


class PagingLrs:
    """GET /xAPI/statements: the statements it holds, two a page, newest first, the next page by
    a `more` link relative to the host, as Ralph answers."""

    def __init__(self, held: list[dict]) -> None:
        self.held = held
        self.requests: list[str] = []
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                lrs.requests.append(self.path)
                query = parse_qs(urlsplit(self.path).query)
                found = list(reversed(lrs.held))
                start = int(query.get("page", ["0"])[0])
                body: dict = {"statements": found[start : start + 2]}
                if start + 2 < len(found):
                    body["more"] = f"/xAPI/statements?page={start + 2}"
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/xAPI"


@pytest.fixture
def lrs(stores, course):
    """The statements of every learner in the three files, as an LRS would hold them."""
    held = []
    for number, path in enumerate(stores):
        store = Store.open(path)
        for learner in store.learners():
            held += [
                s.body
                for s in learner_statements(
                    store.events(learner),
                    {"en": course},
                    f"m{number}-{learner.id}",
                    StatementOptions(),
                )
            ]
        store.close()
    server = PagingLrs(held)
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_an_lrs_gives_the_same_report_as_the_files(course, stores, lrs) -> None:
    from_lrs = analyse(course, read_lrs(LrsClient(lrs.endpoint, tries=1), course))
    from_files = analyse(course, read_stores(stores, course))
    assert from_lrs.learners == from_files.learners and from_lrs.completed == from_files.completed
    assert from_lrs.quizzes == from_files.quizzes
    assert from_lrs.questions == from_files.questions
    assert any("page=" in request for request in lrs.requests)  # it followed `more`


def test_report_command_on_an_lrs(course, stores, lrs, monkeypatch, capsys) -> None:
    monkeypatch.setenv("REPORT_PASSWORD", "secret")
    code = report_command(
        course,
        lrs=lrs.endpoint,
        user="trainer",
        password_env="REPORT_PASSWORD",
        output_format="csv",
    )
    assert code == 0
    assert len(capsys.readouterr().out.splitlines()) == 7


def test_a_missing_password_variable_is_a_usage_error(course, capsys) -> None:
    assert (
        report_command(
            course, lrs="http://127.0.0.1:9/xAPI", user="u", password_env="NO_SUCH_VARIABLE"
        )
        == 2
    )
    assert "$NO_SUCH_VARIABLE" in capsys.readouterr().err


# the screen ---------------------------------------------------------------------------------------


class ReportApp(App[None]):
    CSS_PATH = str(Path(trainer_app.__file__).parent / "app.tcss")

    def __init__(self, screen: ReportScreen) -> None:
        super().__init__()
        self.report_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.report_screen)


async def test_the_report_screen(course, stores) -> None:
    report = gather(course, [str(p) for p in stores])
    app = ReportApp(ReportScreen(course, report))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert len(screen.query(PlotextPlot)) == 2
        overview = str(screen.query_one("#report-overview").render())
        assert "5 learners" in overview and "2 completed the course (40 %)" in overview
        wrong = [str(w.render()) for w in screen.query(".report-wrong")]
        assert "most chosen wrong answer (2): Flow + Paper" in wrong
        scroller = screen.query_one("#report")
        assert scroller.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReportScreen)


def test_render_table_with_no_learner(course) -> None:
    table = render_table(course, analyse(course, read_stores([], course)))
    assert "No answer yet." in table and "No question missed yet." in table


def rows_from_events(path: Path, course) -> tuple[list, list, list]:
    """The rows as the report read them before its one query: from `Store.events`, filtered."""
    from trainer.progress.records import Kind

    store = Store.open(path)
    answers, attempts, lessons = [], [], []
    try:
        for event in store.events():
            payload = json.loads(event["payload"] or "{}")
            learner = f"{path}#{event['learner_id']}"
            if event["course_id"] != course.id:
                continue
            if event["kind"] == Kind.LESSON_OPENED:
                lessons.append((learner, event["lesson_id"], event["at"]))
            elif event["kind"] == Kind.ANSWERED:
                answers.append(
                    (learner, event["quiz_id"], event["question_id"], payload.get("score", 0.0),
                     payload.get("response"), event["attempt_id"], event["at"])
                )  # fmt: skip
            elif event["kind"] == Kind.ATTEMPT_FINISHED:
                attempts.append(
                    (learner, event["quiz_id"], payload["score"], payload["passed"], event["at"])
                )
    finally:
        store.close()
    return answers, attempts, lessons


def test_one_query_a_file_reads_the_rows_store_events_gives(course, stores, clock) -> None:
    other = Store.open(stores[0])  # another course's events and an unfinished attempt: left out
    learner = other.add_learner("Autre", clock())
    other.record_lesson_opened(learner, "un-autre-cours", "premiere", "en", clock())
    other.start_attempt(learner, course.id, "premiere", "premiere", 3, "en", clock())
    other.close()
    records = read_stores(stores, course)
    expected: tuple[list, list, list] = ([], [], [])
    for path in stores:
        for rows, more in zip(expected, rows_from_events(path, course), strict=True):
            rows.extend(more)
    assert [astuple(r) for r in records.answers] == expected[0]
    assert [astuple(r) for r in records.attempts] == expected[1]
    assert [astuple(r) for r in records.lessons] == expected[2]
    assert records.answers and records.attempts and records.lessons


def test_reading_restores_the_garbage_collector(course, stores, tmp_path: Path) -> None:
    import gc

    from trainer.report.sources import SourceError

    assert gc.isenabled() and gc.get_freeze_count() == 0
    read_stores(stores, course)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    (tmp_path / "junk.sqlite3").write_bytes(b"not a database at all")
    with pytest.raises(SourceError):
        read_stores([*stores, tmp_path / "junk.sqlite3"], course)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def astuple(row) -> tuple:
    from dataclasses import astuple as fields

    return fields(row)
