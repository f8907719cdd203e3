"""`trainer fiches`: one A4 page per module, read back with poppler's pdftotext and pdfinfo."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers.packs import BILINGUAL
from trainer.cli import main
from trainer.course.model import Course, Lesson, Module, Source
from trainer.handouts.content import handout, plain_text
from trainer.handouts.pdf import render
from trainer.locations import bundled_course
from trainer.quiz.pack_check import check_pack

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) is not installed",
)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    assert "A4" in info.stdout or "595.276 x 841.89" in info.stdout, info.stdout
    return int(line.split()[1])


def page_text(pdf: Path, page: int) -> str:
    run = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return words(run.stdout)


def words(text: str) -> str:
    """`text` with every run of spaces (no-break ones too: pdftotext drops them) as one space."""
    return " ".join(text.split())


@pytest.mark.parametrize("language", ["fr", "en"])
def test_one_page_per_module_of_the_bundled_course(tmp_path: Path, capsys, language: str) -> None:
    out = tmp_path / f"fiches-{language}.pdf"
    assert main(["fiches", "--lang", language, "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    pack, _ = check_pack(bundled_course())
    course = pack.course(language)
    assert pages(out) == len(course.modules)
    for number, module in enumerate(course.modules, 1):
        text = page_text(out, number)
        assert words(module.title) in text
        assert ("À RETENIR" if language == "fr" else "KEY POINTS") in text
        first = module.lessons[0]
        assert words(first.title) in text
        sheet = handout(course, module)
        # A key point of every lesson, and the first source, are on the page (pdftotext may
        # hyphenate nothing but can break lines: compare a short start of each).
        for lesson in sheet.lessons:
            assert lesson.points, lesson.title
            assert words(lesson.points[0])[:25] in text
        assert words(sheet.sources[0].title)[:25] in text


def test_the_services_a_module_names_are_on_its_page(tmp_path: Path) -> None:
    out = tmp_path / "risques.pdf"
    assert main(["fiches", "--lang", "fr", "--module", "risques", "-o", str(out)]) == 0
    assert pages(out) == 1
    text = page_text(out, 1)
    assert "NUMÉROS ET SERVICES" in text
    for name in ("17Cyber", "Pharos", "internet-signalement.gouv.fr", "CNIL"):
        assert name in text


def test_a_folder_as_output_gets_the_default_name(tmp_path: Path, capsys) -> None:
    assert main(["fiches", "--course", str(BILINGUAL), "--lang", "en", "-o", str(tmp_path)]) == 0
    written = tmp_path / "fiches-reflexes.pdf"
    assert capsys.readouterr().out.strip() == str(written)
    assert pages(written) == 2
    assert "Read the whole notice" in page_text(written, 1)


def test_an_unknown_module_is_refused_in_the_users_language(tmp_path: Path, capsys) -> None:
    code = main(["fiches", "--lang", "fr", "--module", "nope", "-o", str(tmp_path / "x.pdf")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(
        "trainer\u00a0: pas de module `nope` dans ce cours\u00a0; ses modules sont\u00a0:"
    )
    assert "comprendre" in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_an_unwritable_output_is_one_clear_line(tmp_path: Path, capsys) -> None:
    target = tmp_path / "missing" / "x.pdf"
    assert main(["fiches", "--lang", "en", "-o", str(target)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"trainer: cannot write {target}: ")
    assert len(err.strip().splitlines()) == 1


def test_a_module_too_long_for_a_page_still_fits_with_a_note(tmp_path: Path) -> None:
    points = "\n".join(f"- Point {n}: " + "une action longue à décrire " * 6 for n in range(5))
    lessons = tuple(
        Lesson(
            id=f"l{n}",
            language="fr",
            title=f"Leçon {n}",
            body=f"Texte.\n\n## À retenir\n\n{points}\n",
            sources=tuple(Source(f"Source {n}-{s} " + "titre " * 12) for s in range(8)),
        )
        for n in range(6)
    )
    module = Module("long", "Un module trop long", lessons)
    course = Course("c", "Cours", "fr", ("fr",), (module,))
    data, (fit,) = render([handout(course, module)], "fr", datetime(2026, 12, 6, tzinfo=UTC))
    out = tmp_path / "long.pdf"
    out.write_bytes(data)
    assert pages(out) == 1
    assert fit.sources_left_out > 0
    text = page_text(out, 1)
    assert f"and {fit.sources_left_out} more sources" in text
    assert "Point 4" in page_text(out, 1)


def test_key_points_lose_their_markdown() -> None:
    assert plain_text("**Signaler** à [Pharos](https://x.fr) *vite*, `17`") == (
        "Signaler à Pharos vite, 17"
    )
