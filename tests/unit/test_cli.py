"""`trainer quiz`, `trainer progress` and the command line's handling of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import BILINGUAL, FixedClock
from trainer.cli import main
from trainer.progress.store import Store


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def answers(tmp_path: Path, text: str) -> str:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("text", "score", "scores"),
    [
        ("moteur: 1\ntraits: [1, 2]\nflux: false\n", 1.0, [1.0, 1.0, 1.0]),
        ("moteur: 2\ntraits: [1]\nflux: true\n", 1 / 6, [0.0, 0.5, 0.0]),
        ("traits: [1, 3]\n", 0.0, [0.0, 0.0, 0.0]),
        ("", 0.0, [0.0, 0.0, 0.0]),
        ("moteur: null\ntraits: [2, 1]\n", 1 / 3, [0.0, 1.0, 0.0]),
    ],
)
def test_quiz_json_gives_design_scores(
    capsys, tmp_path: Path, text: str, score: float, scores: list[float]
) -> None:
    code, out, err = run(
        capsys,
        "quiz",
        "premiere",
        "--answers",
        answers(tmp_path, text),
        "--course",
        str(BILINGUAL),
        "--json",
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["quiz"] == "premiere" and result["language"] == "fr"
    assert result["score"] == pytest.approx(score)
    assert result["passed"] is (score >= 0.8)
    assert [q["id"] for q in result["questions"]] == ["moteur", "traits", "flux"]
    assert [q["score"] for q in result["questions"]] == pytest.approx(scores)


def test_quiz_weights_points_and_uses_the_quiz_pass_mark(capsys, tmp_path: Path) -> None:
    text = "article: '  Article 226-4-1. '\netapes: [1, 3, 2]\npaires: [1, null]\n"
    _, out, _ = run(
        capsys,
        "quiz",
        "deuxieme",
        "--answers",
        answers(tmp_path, text),
        "--course",
        str(BILINGUAL),
        "--json",
        "--lang",
        "en",
    )
    result = json.loads(out)
    assert result["language"] == "en"
    assert result["score"] == pytest.approx((1 + 0 + 2 * 0.5) / 4)
    assert result["passed"] is True  # the quiz's own pass mark is 0.5


def test_quiz_text_output(capsys, tmp_path: Path) -> None:
    code, out, _ = run(
        capsys,
        "quiz",
        "premiere",
        "--answers",
        answers(tmp_path, "moteur: 1\n"),
        "--course",
        str(BILINGUAL),
        "--lang",
        "en",
    )
    assert code == 0
    assert out.splitlines()[0] == "Quiz of the first lesson: 33 % — not passed (pass mark 80 %)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("moteur: 7\n", "question `moteur`: choice 7 is out of range"),
        ("moteur: true\n", "question `moteur`: expected a choice number"),
        ("traits: 1\n", "question `traits`: expected a list"),
        ("flux: 'non'\n", "question `flux`: expected true or false"),
        ("inconnue: 1\n", "question `inconnue`: there is no such question"),
        ("- 1\n- 2\n", "must be a map"),
        ("moteur: [1\n", "not valid YAML"),
    ],
)
def test_a_malformed_answers_file_exits_2_with_one_line(
    capsys, tmp_path: Path, text: str, message: str
) -> None:
    code, out, err = run(
        capsys,
        "quiz",
        "premiere",
        "--answers",
        answers(tmp_path, text),
        "--course",
        str(BILINGUAL),
        "--lang",
        "en",
    )
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["quiz", "absent", "--answers", "x.yaml"], "no quiz `absent`"),
        (
            ["quiz", "premiere", "--answers", "/nonexistent/answers.yaml"],
            "cannot read the answers file",
        ),
        (["quiz", "premiere"], "--answers"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (
            ["--lang", "de"],
            "pas en de",
        ),  # said in the language trainer speaks without the flag: the pack's first, French
        (["validate", "/nonexistent/pack"], "no such folder"),
        (["--course", "/nonexistent/pack"], "no such folder"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(capsys, args: list[str], message: str) -> None:
    if "--course" not in args and args[0] in ("quiz", "--lang"):
        args = [*args, "--course", str(BILINGUAL)]
    code, _, err = run(capsys, *args, "--lang", "en") if args[0] != "--lang" else run(capsys, *args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and message in err, err


def test_a_broken_course_exits_1_with_diagnostics(capsys, tmp_path: Path) -> None:
    (tmp_path / "course.yaml").write_text(
        "id: x\ntitle: X\nlanguages: [en]\nmodules: [{id: m, title: M, lessons: [absent]}]\n"
    )
    code, _, err = run(capsys, "quiz", "absent", "--answers", "a.yaml", "--course", str(tmp_path))
    assert code == 1
    assert "course.yaml:4:" in err and "Traceback" not in err


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("trainer ")


def test_help_follows_the_language(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "--help"])
    assert "utilisation" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    assert "usage: trainer" in capsys.readouterr().out


def test_progress_without_any_learner(capsys, tmp_path: Path) -> None:
    code, out, _ = run(
        capsys,
        "progress",
        "--json",
        "--course",
        str(BILINGUAL),
        "--data-dir",
        str(tmp_path / "none"),
    )
    assert code == 0
    report = json.loads(out)
    assert report["learner"] is None and report["done"] == 0 and report["total"] == 3
    assert not (tmp_path / "none").exists()  # reading progress creates nothing


def test_progress_reports_statuses_and_best_scores(capsys, tmp_path: Path) -> None:
    clock = FixedClock()
    store = Store.open(tmp_path / "progress.sqlite3")
    anne = store.add_learner("Anne", clock())
    store.record_lesson_opened(anne, "demo", "premiere", "fr", clock())
    attempt = store.start_attempt(anne, "demo", "premiere", "premiere", 1, "fr", clock())
    store.finish_attempt(anne, "demo", attempt, 0.9, True, "fr", clock())
    store.record_lesson_opened(anne, "demo", "deuxieme", "en", clock())
    store.close()
    _, out, _ = run(
        capsys, "progress", "--json", "--course", str(BILINGUAL), "--data-dir", str(tmp_path)
    )
    report = json.loads(out)
    statuses = {
        lesson["id"]: (lesson["status"], lesson["best_score"])
        for module in report["modules"]
        for lesson in module["lessons"]
    }
    assert statuses == {
        "premiere": ("done", 0.9),
        "deuxieme": ("read", None),
        "lecture": ("new", None),
    }
    assert report["learner"] == "Anne" and report["next_lesson"] == "deuxieme"
    _, out, _ = run(
        capsys, "progress", "--course", str(BILINGUAL), "--data-dir", str(tmp_path), "--lang", "en"
    )
    assert "1/3 lessons complete" in out and "● First lesson  90 %" in out


def test_progress_with_an_unknown_learner(capsys, tmp_path: Path) -> None:
    Store.open(tmp_path / "progress.sqlite3").close()
    code, _, err = run(
        capsys,
        "progress",
        "--course",
        str(BILINGUAL),
        "--data-dir",
        str(tmp_path),
        "--learner",
        "Zoé",
        "--lang",
        "en",
    )
    assert code == 2 and "no learner named Zoé" in err


def test_a_damaged_progress_file_is_reported_not_a_traceback(capsys, tmp_path: Path) -> None:
    (tmp_path / "progress.sqlite3").write_bytes(b"\x00garbage" * 200)
    code, _, err = run(
        capsys, "progress", "--course", str(BILINGUAL), "--data-dir", str(tmp_path), "--lang", "en"
    )
    assert code == 1 and "not a trainer progress file" in err
    assert (tmp_path / "progress.sqlite3").read_bytes().startswith(b"\x00garbage")


def test_progress_csv_is_the_learner_record(capsys, tmp_path: Path) -> None:
    clock = FixedClock()
    store = Store.open(tmp_path / "progress.sqlite3")
    anne = store.add_learner("Anne", clock())
    store.record_lesson_opened(anne, "demo", "premiere", "fr", clock())
    attempt = store.start_attempt(anne, "demo", "premiere", "premiere", 1, "fr", clock())
    store.record_answer(anne, "demo", attempt, "traits", [1, 3], 0.0, "fr", clock())
    store.close()
    code, out, _ = run(
        capsys, "progress", "--csv", "--course", str(BILINGUAL), "--data-dir", str(tmp_path)
    )
    lines = out.splitlines()
    assert (
        code == 0 and lines[0] == "time,event,lesson,quiz,question,language,response,score,passed"
    )
    assert lines[3].endswith('answered,,premiere,traits,fr,"[1, 3]",0.0,')
