"""The command line speaks the user's language to the end: argparse's own messages, an unknown
--lang, and French typography in `trainer quiz`'s text."""

from __future__ import annotations

import pytest

from tests.helpers.packs import BILINGUAL
from trainer.cli import main


@pytest.fixture
def french(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")


def test_an_unknown_lang_is_refused_in_the_users_language(french, capsys) -> None:
    assert main(["--lang", "de", "--course", str(BILINGUAL)]) == 2
    assert capsys.readouterr().err.strip() == "trainer\u00a0: ce cours existe en fr, en, pas en de"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["progress", "--json", "--csv"],
            "argument --csv\u00a0: ne peut pas être utilisé avec l'argument --json",
        ),
        (
            ["progress", "--json", "--excel"],
            "argument --excel\u00a0: ne peut pas être utilisé avec l'argument --json",
        ),
        (["serve", "--port", "abc"], "argument --port\u00a0: valeur invalide\u00a0: 'abc'"),
    ],
)
def test_argparse_messages_in_french(french, capsys, tmp_path, argv: list[str], said: str) -> None:
    assert main([*argv, "--data-dir", str(tmp_path)]) == 2
    assert said in capsys.readouterr().err


def test_quiz_text_output_has_french_typography(french, capsys, tmp_path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("flux: false\n", encoding="utf-8")
    assert main(["quiz", "premiere", "--answers", str(answers), "--course", str(BILINGUAL)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        out[0].startswith("Quiz de la première leçon\u00a0: ")
        and "(seuil de réussite 80\u00a0%)" in out[0]
    )
    assert "  flux\u00a0: 1" in out and "  moteur\u00a0: –" in out
