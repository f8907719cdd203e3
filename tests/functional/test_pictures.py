"""Pictures in lessons: drawn by textual-image in the app, said as their alternative text in plain
mode, shipped in the wheel with the bundled course."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers.clock import FixedClock, seeds_from
from trainer.course.validate import ADVICE_CODES
from trainer.i18n import set_language
from trainer.locations import bundled_course
from trainer.plain.menu import run_plain
from trainer.progress.store import Store
from trainer.quiz.pack_check import check_pack
from trainer.tui.app import TrainerApp
from trainer.tui.screens.lesson import LessonScreen

ROOT = Path(__file__).resolve().parents[2]
ALT = "Un faux profil du maire, avec trois signaux d'alerte numérotés"
LESSON = f"""---
title: Un faux profil
---
Un lundi, un faux profil du maire écrit aux habitants.

![{ALT}](images/faux-profil.fr.png)

## À retenir

- Un faux profil se signale.
"""


def picture_pack(root: Path) -> Path:
    """A one-lesson French pack whose lesson shows the bundled course's fake profile."""
    (root / "lessons").mkdir(parents=True, exist_ok=True)
    (root / "images").mkdir(exist_ok=True)
    shutil.copy(bundled_course() / "images" / "faux-profil.fr.png", root / "images")
    (root / "course.yaml").write_text(
        "id: images\ntitle: Images\nlanguages: [fr]\n"
        "modules: [{id: m, title: Module, lessons: [un]}]\n",
        encoding="utf-8",
    )
    (root / "lessons" / "un.md").write_text(LESSON, encoding="utf-8")
    return root


def picture_app(root: Path) -> TrainerApp:
    set_language("fr")
    pack, diagnostics = check_pack(picture_pack(root))
    assert pack is not None and not [d for d in diagnostics if d.code not in ADVICE_CODES]
    store = Store.in_memory()
    store.add_learner("Anne", FixedClock()())
    return TrainerApp(
        pack.course("fr"), store, learner_name="Anne", clock=FixedClock(), seeds=seeds_from()
    )


async def test_a_lesson_with_a_picture_mounts_an_image_widget(tmp_path: Path) -> None:
    from textual_image.widget import HalfcellImage

    app = picture_app(tmp_path / "pack")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        # Off a terminal (here), pictures are drawn in half cells: the same on every machine.
        image = app.screen.query_one(HalfcellImage)
        assert image.tooltip == ALT
        assert image.size.height == 12 and 0 < image.size.width <= 76
        caption = app.screen.query_one("Picture > .caption")
        assert ALT in str(caption.render())


async def test_a_missing_picture_shows_its_alternative_text(tmp_path: Path) -> None:
    app = picture_app(tmp_path / "pack")
    (tmp_path / "pack" / "images" / "faux-profil.fr.png").unlink()  # gone after the check
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert not app.screen.query(".picture")
        assert f"image\u00a0: {ALT}" in str(app.screen.query_one("Picture > .caption").render())


def test_plain_mode_says_the_alternative_text(tmp_path: Path) -> None:
    set_language("fr")
    pack, _ = check_pack(picture_pack(tmp_path / "pack"))
    assert pack is not None
    store = Store.in_memory()
    output = io.StringIO()
    code = run_plain(
        pack.course("fr"),
        store,
        "Anne",
        io.StringIO("1\n\nq\n"),
        output,
        FixedClock(),
        seeds_from(),
    )
    assert code == 0
    assert f"image\u00a0: {ALT}" in output.getvalue()


def test_the_bundled_course_shows_three_pictures_in_each_language() -> None:
    pack, diagnostics = check_pack(bundled_course())
    assert pack is not None and not diagnostics
    from trainer.course.media import image_refs

    for language in ("fr", "en"):
        images = [
            image for lesson in pack.lessons[language].values() for image in image_refs(lesson.body)
        ]
        assert len({image.src for image in images}) >= 3
        assert all(image.alt and image.src.endswith(f".{language}.png") for image in images)


def test_the_wheel_ships_the_pictures(tmp_path: Path) -> None:
    """pip builds the wheel (hatchling from the package index, as any install does)."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        pytest.skip(f"no wheel could be built here: {built.stderr.strip()[-200:]}")
    [wheel] = tmp_path.glob("trainer-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    pictures = sorted(n for n in names if n.startswith("trainer/bundled/images/"))
    assert pictures == sorted(
        f"trainer/bundled/images/{p.name}" for p in (ROOT / "images").glob("*.png")
    )
    assert len(pictures) >= 6


def test_snapshot_of_a_lesson_with_a_picture(snap_compare, tmp_path: Path) -> None:
    """The picture in half cells under its paragraph, its caption under it, at 80×24."""

    async def scroll_to_picture(pilot) -> None:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "down", "down", "down")
        await pilot.pause()

    assert snap_compare(
        picture_app(tmp_path / "pack"), terminal_size=(80, 24), run_before=scroll_to_picture
    )


async def test_a_prompt_with_a_picture_shows_it_under_the_question(tmp_path: Path) -> None:
    from textual_image.widget import HalfcellImage

    root = picture_pack(tmp_path / "pack")
    (root / "quizzes").mkdir()
    (root / "quizzes" / "un.yaml").write_text(
        "title: Quiz\nquestions:\n  - id: vrai\n    type: true_false\n"
        '    prompt: "Ce profil est-il celui du maire ?\\n\\n'
        f'![{ALT}](images/faux-profil.fr.png)"\n'
        "    answer: false\n    explanation: Trois signaux d'alerte.\n",
        encoding="utf-8",
    )
    app = picture_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        pictures = app.screen.query_one("#prompt-pictures")
        assert pictures.query_one(HalfcellImage).tooltip == ALT
        assert "![" not in str(app.screen.query_one("#prompt").render())


def test_the_preview_notices_a_picture_redrawn(tmp_path: Path) -> None:
    import os

    from trainer.tui.preview import fingerprint

    root = picture_pack(tmp_path / "pack")
    before = fingerprint(root)
    picture = root / "images" / "faux-profil.fr.png"
    picture.write_bytes(picture.read_bytes() + b"\0")
    os.utime(picture, ns=(1, 1))
    assert fingerprint(root) != before


async def test_trainer_images_none_shows_the_caption_alone(monkeypatch, tmp_path: Path) -> None:
    """$TRAINER_IMAGES=none, for a terminal that draws pictures badly: the alternative text."""
    from trainer.tui.widgets import picture

    monkeypatch.setattr(picture, "_chosen", None)  # restored after the test
    assert picture.choose_renderer({"TRAINER_IMAGES": "none"}) == "none"
    app = picture_app(tmp_path / "pack")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert not app.screen.query(".picture")
        assert f"image\u00a0: {ALT}" in str(app.screen.query_one("Picture > .caption").render())
