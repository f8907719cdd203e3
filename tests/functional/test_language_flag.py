"""`--lang` on the command line wins over the learner's saved language, for that run only."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.clock import FixedClock, seeds_from
from tests.helpers.packs import BILINGUAL
from trainer.plain.menu import run_plain
from trainer.progress.store import Store
from trainer.tui.app import TrainerApp

ROOT = Path(__file__).resolve().parents[2]


def french_learner(path: Path) -> Store:
    """A store whose only learner, Anne, saved French as her language."""
    store = Store.open(path)
    store.save_setting(store.add_learner("Anne", FixedClock()()), "language", "fr")
    return store


def test_plain_mode_with_lang_speaks_only_that_language(pack, tmp_path: Path) -> None:
    store = french_learner(tmp_path / "p.sqlite3")
    output = io.StringIO()
    code = run_plain(
        pack.course("en"),
        store,
        "Anne",
        io.StringIO("l\nq\n"),
        output,
        FixedClock(),
        seeds_from(),
        pack,
        follow_saved_language=False,
    )
    text = output.getvalue()
    assert code == 0
    assert "First lesson" in text and "Learner: Anne." in text
    assert "Première leçon" not in text and "Apprenant" not in text
    assert store.settings(store.learner("Anne"))["language"] == "fr"  # the saved choice stays


def test_plain_mode_without_lang_speaks_the_saved_language_only(pack, tmp_path: Path) -> None:
    store = french_learner(tmp_path / "p.sqlite3")
    output = io.StringIO()
    run_plain(
        pack.course("en"),
        store,
        "Anne",
        io.StringIO("q\n"),
        output,
        FixedClock(),
        seeds_from(),
        pack,
    )
    text = output.getvalue()
    title_en, title_fr = pack.course("en").title, pack.course("fr").title
    assert title_fr in text and title_en not in text  # the title too, not only the interface
    assert "Apprenant" in text and "Learner:" not in text


def test_the_command_line_lang_wins_in_plain_mode(tmp_path: Path) -> None:
    french_learner(tmp_path / "progress.sqlite3").close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "fr_FR.UTF-8"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "trainer",
            "--plain",
            "--lang",
            "en",
            "--course",
            str(BILINGUAL),
            "--data-dir",
            str(tmp_path),
            "--learner",
            "Anne",
        ],
        input="q\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "Learner: Anne." in run.stdout and "Goodbye." in run.stdout
    assert "Apprenant" not in run.stdout and "Première leçon" not in run.stdout


async def test_the_command_line_lang_wins_in_the_app(pack, tmp_path: Path) -> None:
    from textual.widgets import OptionList

    store = french_learner(tmp_path / "p.sqlite3")
    app = TrainerApp(
        pack.course("en"),
        store,
        learner_name="Anne",
        clock=FixedClock(),
        seeds=seeds_from(),
        pack=pack,
        default_name="",
        follow_saved_language=False,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.session.course.language == "en"
        assert "The basics" in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)


async def test_without_lang_the_app_follows_the_saved_language(pack, tmp_path: Path) -> None:
    store = french_learner(tmp_path / "p.sqlite3")
    app = TrainerApp(
        pack.course("en"),
        store,
        learner_name="Anne",
        clock=FixedClock(),
        seeds=seeds_from(),
        pack=pack,
        default_name="",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.session.course.language == "fr"
