"""Groups in the trainer's report (issue 15 §4): `--group`, figures withheld under 5 learners,
`--min-learners` for a named trainer, unreadable files left out, `--roster`, and certificate codes
checked from collected files or an LRS."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.helpers.lrs import FakeLrs
from trainer.certificate.award import current_award
from trainer.cli import main
from trainer.commands.collected_certificates import certificate_code
from trainer.exits import EXIT_PARTIAL
from trainer.progress.store import STORE_FILE, Store
from trainer.quiz.scoring import score_quiz
from trainer.xapi.statements import StatementOptions, learner_statements

RIGHT = {"moteur": 1, "traits": [1, 2], "flux": False}
WRONG = {"moteur": 2, "traits": [3], "flux": True}
SECOND = {"article": "226-4-1", "etapes": [1, 2, 3], "paires": [1, 2]}

# Two services: five agents of « Solidarités » over three files, four of « Culture » over two.
# Agents whose name starts with a vowel get every quiz right and complete the course.
MACHINES = {
    "m0": [("Ann", "Solidarités"), ("Bob", "Solidarités"), ("Eve", "Culture")],
    "m1": [("Cid", "Solidarités"), ("Ida", "Solidarités"), ("Fay", "Culture")],
    "m2": [("Dan", "Solidarités"), ("Gus", "Culture"), ("Hal", "Culture")],
}


def _take(store: Store, learner, course, quiz_id: str, responses: dict, clock) -> None:
    quiz = course.quizzes[quiz_id]
    attempt = store.start_attempt(learner, course.id, quiz_id, quiz_id, 7, "en", clock())
    result = score_quiz(quiz, responses, course.pass_mark_of(quiz))
    for grade in result.grades:
        store.record_answer(
            learner, course.id, attempt, grade.question_id, grade.response, grade.score, "en",
            clock(),
        )  # fmt: skip
    store.finish_attempt(learner, course.id, attempt, result.score, result.passed, "en", clock())


@pytest.fixture
def course(pack):
    return pack.course("en")


@pytest.fixture
def stores(tmp_path: Path, course, clock) -> list[Path]:
    paths = []
    for machine, learners in MACHINES.items():
        path = tmp_path / "collected" / machine / STORE_FILE
        store = Store.open(path)
        for name, group in learners:
            learner = store.add_learner(name, clock())
            store.save_group(learner, group)
            for lesson in ("premiere", "deuxieme", "lecture"):
                store.record_lesson_opened(learner, course.id, lesson, "en", clock())
            good = name[0] in "AEIOU"
            _take(store, learner, course, "premiere", RIGHT if good else WRONG, clock)
            if good:
                _take(store, learner, course, "deuxieme", SECOND, clock)
        store.close()
        paths.append(path)
    return paths


def _report(capsys, stores, *options: str) -> tuple[int, str, str]:
    code = main(
        [
            "--lang",
            "en",
            "--course",
            str(_pack_dir()),
            "report",
            "--store",
            *map(str, stores),
            *options,
        ]
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _pack_dir() -> Path:
    from tests.helpers.packs import BILINGUAL

    return BILINGUAL


# --group and anonymity ----------------------------------------------------------------------------


def test_a_group_of_five_shows_its_figures(stores, capsys) -> None:
    code, out, err = _report(capsys, stores, "--group", "solidarités")  # any case
    assert code == 0 and err == ""
    assert "Group: solidarités" in out
    assert "Learners" in out and " 5" in out.split("Learners")[1].splitlines()[0]
    # Ann and Ida completed: 2 of 5, shown.
    completed = next(line for line in out.splitlines() if "Completed the course" in line)
    assert "2" in completed and "40 %" in completed
    quizzes = out.split("Quizzes")[1].split("Questions")[0].splitlines()
    assert "40 %" in quizzes[2]  # premiere: five tried, Ann and Ida passed
    assert "<5" in quizzes[3] and "%" not in quizzes[3]  # deuxieme: two tried


def test_a_group_of_four_has_its_figures_withheld_with_a_note(stores, capsys) -> None:
    code, out, err = _report(capsys, stores, "--group", "Culture")
    assert code == 0 and err == ""
    completed = next(line for line in out.splitlines() if "Completed the course" in line)
    assert "<5" in completed and "%" not in completed
    for line in out.split("Quizzes")[1].split("Questions")[0].splitlines()[2:]:
        if line.strip():
            assert "<5" in line and "%" not in line
    assert "fewer than 5 learners" in " ".join(out.split())
    assert "None to show" in out  # a missed count over four would tell who


def test_withheld_cells_in_csv_say_so(stores, capsys) -> None:
    code, out, _err = _report(capsys, stores, "--group", "Culture", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(row["group"] == "Culture" for row in rows)
    for row in rows:
        assert row["learners"] == "4" and row["completed"] == "<5"
        assert row["right"] == row["difficulty"] == row["quiz_pass_rate"] == "<5"
        assert row["withheld"] == "fewer than 5 learners"
    code, out, _err = _report(capsys, stores, "--group", "Solidarités", "--csv")
    first = next(csv.DictReader(io.StringIO(out)))
    assert first["completed"] == "2" and first["withheld"] == ""


def test_the_whole_report_withholds_a_question_four_answered(stores, capsys) -> None:
    _code, out, _err = _report(capsys, stores, "--csv")
    rows = {row["question"]: row for row in csv.DictReader(io.StringIO(out))}
    # Three agents took `deuxieme` (the vowels: Ann, Eve, Ida); all nine took `premiere`.
    assert rows["article"]["answered"] == "3" and rows["article"]["right"] == "<5"
    assert rows["moteur"]["answered"] == "9" and rows["moteur"]["right"] == "3"


def test_lowering_the_threshold_needs_a_trainers_name_and_warns(stores, capsys) -> None:
    code, _out, err = _report(capsys, stores, "--group", "Culture", "--min-learners", "2")
    assert code == 2 and "--for-trainer" in err and "Traceback" not in err
    code, out, err = _report(
        capsys, stores, "--group", "Culture", "--min-learners", "2", "--for-trainer", "Claire M."
    )
    assert code == 0
    assert "warning" in err and "Claire M." in err and "do not share" in err
    assert "for Claire M. only" in " ".join(out.split())
    completed = next(line for line in out.splitlines() if "Completed the course" in line)
    assert "25 %" in completed  # Eve, of four
    code, _out, err = _report(capsys, stores, "--min-learners", "0", "--for-trainer", "C")
    assert code == 2 and "1 or more" in err


def test_an_unknown_group_reports_no_learner(stores, capsys) -> None:
    code, out, _err = _report(capsys, stores, "--group", "Nobody")
    assert code == 0
    assert " 0" in out.split("Learners")[1].splitlines()[0]


# unreadable files ---------------------------------------------------------------------------------


def _bad_files(tmp_path: Path) -> list[Path]:
    junk = tmp_path / "junk" / STORE_FILE
    junk.parent.mkdir()
    junk.write_text("not a database")
    wrong = tmp_path / "wrong.sqlite3"
    import sqlite3

    with sqlite3.connect(wrong) as connection:
        connection.execute("CREATE TABLE t (x)")
        connection.execute("PRAGMA user_version = 2")
    return [junk, wrong, tmp_path / "missing.sqlite3"]


def test_unreadable_files_are_left_out_with_a_warning_each(stores, tmp_path, capsys) -> None:
    bad = _bad_files(tmp_path)
    code, out, err = _report(capsys, [bad[0], *stores, bad[1], bad[2]])
    assert code == EXIT_PARTIAL
    lines = err.splitlines()
    assert len(lines) == 3 and all(line.startswith("trainer: warning: left out") for line in lines)
    for path in bad:
        assert sum(str(path) in line for line in lines) == 1
    assert "3 progress files left out" in out
    assert " 9" in out.split("Learners")[1].splitlines()[0]  # every learner of the good files


def test_a_file_damaged_half_way_adds_none_of_its_rows(stores, tmp_path, capsys) -> None:
    import sqlite3

    with sqlite3.connect(stores[2]) as connection:
        connection.execute("DROP TRIGGER events_are_appended")
        connection.execute(
            "UPDATE events SET payload = 'not json' WHERE id = (SELECT MAX(id) FROM events)"
        )
    code, out, err = _report(capsys, stores)
    assert code == EXIT_PARTIAL and str(stores[2]) in err and "payload" in err
    assert " 6" in out.split("Learners")[1].splitlines()[0]


def test_when_no_file_can_be_read_there_is_no_report(tmp_path, capsys) -> None:
    bad = _bad_files(tmp_path)
    code, out, err = _report(capsys, bad)
    assert code == 1 and out == ""
    assert "none of the 3 progress files can be read" in err and "Traceback" not in err


def test_the_warnings_are_in_the_interface_language(stores, tmp_path, capsys) -> None:
    bad = _bad_files(tmp_path)
    code = main(["--lang", "fr", "--course", str(_pack_dir()), "report", "--store", str(bad[0]),
                 *map(str, stores)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == EXIT_PARTIAL and "écarté" in err and str(bad[0]) in err


# the roster ---------------------------------------------------------------------------------------


def _roster(capsys, stores, *options: str, lang: str = "en") -> tuple[int, str, str]:
    code = main(
        [
            "--lang",
            lang,
            "--course",
            str(_pack_dir()),
            "report",
            "--roster",
            "--store",
            *map(str, stores),
            *options,
        ]
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_roster_has_a_row_per_learner_and_item(stores, capsys) -> None:
    code, out, err = _roster(capsys, stores)
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    # course, then premiere + its quiz, deuxieme + its quiz, lecture: 6 rows for each of nine.
    assert len(rows) == 9 * 6
    ann = [row for row in rows if row["learner"] == "Ann"]
    assert [(r["kind"], r["item"]) for r in ann] == [
        ("course", "demo"),
        ("lesson", "premiere"),
        ("quiz", "premiere"),
        ("lesson", "deuxieme"),
        ("quiz", "deuxieme"),
        ("lesson", "lecture"),
    ]
    assert ann[0]["group"] == "Solidarités" and ann[0]["completed_at"]
    assert ann[2]["best_score"] == "1" and ann[2]["attempts"] == "1" and ann[2]["completed_at"]
    assert int(ann[2]["time_spent_seconds"]) > 0
    assert ann[0]["source"].endswith(str(Path("m0") / STORE_FILE))
    bob = [row for row in rows if row["learner"] == "Bob"]
    assert bob[0]["completed_at"] == "" and bob[2]["completed_at"] == ""  # failed premiere
    assert bob[2]["attempts"] == "1" and float(bob[2]["best_score"]) < 0.8
    assert bob[4]["attempts"] == "0" and bob[4]["best_score"] == ""  # never took deuxieme


def test_the_roster_of_one_group(stores, capsys) -> None:
    code, out, _err = _roster(capsys, stores, "--group", "culture")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {row["learner"] for row in rows} == {"Eve", "Fay", "Gus", "Hal"}


def test_the_roster_for_excel_in_french(stores, tmp_path, capsys) -> None:
    output = tmp_path / "registre.csv"
    code, _out, _err = _roster(capsys, stores, "--excel", "-o", str(output), lang="fr")
    assert code == 0
    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Apprenant", "Identifiant", "Groupe"]
    quiz = next(row for row in rows if row[0] == "Ann" and row[4] == "quiz")
    assert quiz[8] == "100" and quiz[10] == "0,1"  # four seconds, in minutes with a comma


def test_the_roster_leaves_out_an_unreadable_file(stores, tmp_path, capsys) -> None:
    bad = _bad_files(tmp_path)[0]
    code, out, err = _roster(capsys, [*stores, bad])
    assert code == EXIT_PARTIAL and str(bad) in err
    assert len(list(csv.DictReader(io.StringIO(out)))) == 9 * 6


def test_the_roster_needs_files_and_excel_needs_the_roster(stores, capsys) -> None:
    code = main(["--lang", "en", "report", "--roster", "--lrs", "http://127.0.0.1:9/xAPI"])
    assert code == 2 and "--store" in capsys.readouterr().err
    code, _out, err = _report(capsys, stores, "--excel")
    assert code == 2 and "--roster" in err


# certificate codes checked by the organisation ---------------------------------------------------


def _code_of(path: Path, name: str, course) -> str:
    store = Store.open(path)
    try:
        learner = store.learner(name)
        award = current_award(course, store, learner)
        assert award is not None
        return award.code
    finally:
        store.close()


def _verify(capsys, code: str, *options: str) -> tuple[int, str, str]:
    result = main(
        ["--lang", "en", "--course", str(_pack_dir()), "certificate", "verify", code, *options]
    )
    captured = capsys.readouterr()
    return result, captured.out, captured.err


def test_a_code_is_found_among_collected_files(stores, course, tmp_path, capsys) -> None:
    code = _code_of(stores[1], "Ida", course)
    bad = _bad_files(tmp_path)[0]
    result, out, err = _verify(capsys, code.lower(), "--store", str(bad), *map(str, stores))
    assert result == 0
    assert f"{code}: valid" in out and "Ida" in out and str(stores[1]) in out
    assert str(bad) in err and "left out" in err
    result, out, _err = _verify(capsys, "AAAA-BBBB-CCCC", "--store", *map(str, stores))
    assert result == 1 and "unknown" in out and "3 progress files" in out
    result, _out, err = _verify(capsys, "not-a-code", "--store", str(stores[0]))
    assert result == 2 and "not a verification code" in err


def test_a_code_is_found_in_the_lrs(stores, course, pack, capsys) -> None:
    store = Store.open(stores[0])
    try:
        ann = store.learner("Ann")
        statements = learner_statements(
            store.events(ann), {"en": course}, "key-ann", StatementOptions(), "Ann"
        )
        code = current_award(course, store, ann).code
    finally:
        store.close()
    carrying = [s.body for s in statements if certificate_code(s.body, course)]
    assert [certificate_code(body, course) for body in carrying] == [code]
    assert carrying[0]["verb"]["id"].endswith("/completed")
    lrs = FakeLrs(listing={"statements": [s.body for s in statements], "more": ""}).start()
    try:
        result, out, _err = _verify(capsys, code, "--lrs", lrs.endpoint)
        assert result == 0 and f"{code}: valid" in out and "key-ann" in out
        result, out, _err = _verify(capsys, "AAAA-BBBB-CCCC", "--lrs", lrs.endpoint)
        assert result == 1 and "unknown" in out
    finally:
        lrs.stop()


def test_a_public_key_does_not_go_with_collected_files(stores, capsys) -> None:
    result, _out, err = _verify(capsys, "AAAA-BBBB-CCCC", "--public-key", "k.pem", "--store", "x")
    assert result == 2 and "--public-key alone" in err


def test_a_file_it_may_not_read_is_left_out(stores, monkeypatch, capsys) -> None:
    import shutil

    import trainer.report.sources as sources

    copy = shutil.copyfile

    def refuse(source, target, *args, **kwargs):
        if Path(source) == stores[1]:  # chmod 000 would not stop root, who may run the tests
            raise PermissionError(13, "Permission denied", str(source))
        return copy(source, target, *args, **kwargs)

    read_bytes = Path.read_bytes

    def refuse_reading(path):  # a small file is copied into memory
        if path == stores[1]:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(sources.shutil, "copyfile", refuse)
    monkeypatch.setattr(Path, "read_bytes", refuse_reading)
    code, out, err = _report(capsys, stores)
    assert code == EXIT_PARTIAL
    assert err.strip() == f"trainer: warning: left out, cannot read {stores[1]}: Permission denied"
    assert " 6" in out.split("Learners")[1].splitlines()[0]


def test_a_typed_answer_few_gave_is_not_shown(course, tmp_path, clock, capsys) -> None:
    path = tmp_path / STORE_FILE
    store = Store.open(path)
    for index in range(6):
        learner = store.add_learner(f"Agent {index}", clock())
        typed = "226-4-1" if index < 4 else "mon voisin Paul Durand"  # two typed a name
        order = [1, 2, 3] if index % 2 else [2, 1, 3]
        _take(store, learner, course, "deuxieme", {**SECOND, "article": typed, "etapes": order},
              clock)  # fmt: skip
    store.close()
    code, out, _err = _report(capsys, [path], "--csv")
    rows = {row["question"]: row for row in csv.DictReader(io.StringIO(out))}
    assert code == 0 and rows["article"]["answered"] == "6" and rows["article"]["missed"] == "2"
    assert rows["article"]["most_chosen_wrong"] == "<5"
    assert rows["article"]["most_chosen_wrong_count"] == "2"
    assert rows["etapes"]["most_chosen_wrong"] == "Second → First → Third"  # a choice: shown
    code, out, _err = _report(capsys, [path])
    assert "Paul Durand" not in out


def test_from_an_lrs_the_group_is_the_statements_team(stores, course, capsys) -> None:
    bodies = []
    for path in stores:
        store = Store.open(path)
        try:
            for learner in store.learners():
                options = StatementOptions(team=store.learner_settings(learner).group)
                made = learner_statements(
                    store.events(learner), {"en": course}, f"key-{learner.name}", options
                )
                bodies += [statement.body for statement in made]
        finally:
            store.close()
    lrs = FakeLrs(listing={"statements": bodies, "more": ""}).start()
    try:
        code = main(["--lang", "en", "--course", str(_pack_dir()), "report", "--lrs",
                     lrs.endpoint, "--group", "SOLIDARITÉS", "--csv"])  # fmt: skip
        out = capsys.readouterr().out
    finally:
        lrs.stop()
    first = next(csv.DictReader(io.StringIO(out)))
    assert code == 0 and first["learners"] == "5" and first["completed"] == "2"
