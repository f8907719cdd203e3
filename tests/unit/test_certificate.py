"""The certificate: its verification code, `certificate` and `certificate verify`, and the PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import replace

import pytest

from tests.conftest import FixedClock
from trainer.certificate.award import (
    BestAttempt,
    awards,
    current_award,
    normalise_code,
    verification_code,
    verify,
)
from trainer.certificate.files import (
    CertificateError,
    default_file_name,
    export_certificate,
    file_slug,
)
from trainer.certificate.pdf import Typeface, find_typeface, render, to_latin_1
from trainer.commands.certificate import certificate_command, verify_command
from trainer.course.model import Course
from trainer.i18n import set_language
from trainer.progress.store import Learner, Store

CODE = re.compile(r"[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}")
AGNES = "Agnès Lœvenbruck"


@pytest.fixture(scope="module")
def bundled() -> Course:
    from trainer.locations import bundled_course
    from trainer.quiz.pack_check import check_pack

    pack, _ = check_pack(bundled_course())
    assert pack is not None
    return pack.course("fr")


@pytest.fixture
def store():
    opened = Store.in_memory()
    yield opened
    opened.close()


def complete(
    store: Store, course: Course, name: str, clock: FixedClock, skip_last: bool = False
) -> Learner:
    """Take the whole course through the store: every lesson opened, every quiz passed once
    (scores 80 %, 90 %, 100 % in turn), a failed attempt first at the first quiz."""
    learner = store.learner(name) or store.add_learner(name, clock())
    lessons = course.lessons[:-1] if skip_last else course.lessons
    for index, lesson in enumerate(lessons):
        store.record_lesson_opened(learner, course.id, lesson.id, course.language, clock())
        quiz = course.quiz_of(lesson)
        if quiz is None:
            continue
        if index == 0:
            failed = store.start_attempt(
                learner, course.id, lesson.id, quiz.id, 1, course.language, clock()
            )
            store.finish_attempt(learner, course.id, failed, 0.4, False, course.language, clock())
        attempt = store.start_attempt(
            learner, course.id, lesson.id, quiz.id, 2, course.language, clock()
        )
        store.finish_attempt(
            learner, course.id, attempt, 0.8 + 0.1 * (index % 3), True, course.language, clock()
        )
    return learner


def retake(
    store: Store, course: Course, learner: Learner, quiz_id: str, score: float, clock: FixedClock
) -> None:
    attempt = store.start_attempt(learner, course.id, None, quiz_id, 3, course.language, clock())
    store.finish_attempt(learner, course.id, attempt, score, score >= 0.8, course.language, clock())


# the code ---------------------------------------------------------------------------------------

ATTEMPTS = (
    BestAttempt("quatre-traits", "0b6c…-a", 0.9, "2026-03-02T09:00:05.000+00:00"),
    BestAttempt("stock-et-flux", "0b6c…-b", 1.0, "2026-03-02T09:10:05.000+00:00"),
)


def test_code_is_deterministic_and_readable() -> None:
    first = verification_code("reseaux-sociaux", "2026.1", AGNES, ATTEMPTS)
    assert CODE.fullmatch(first)
    assert verification_code("reseaux-sociaux", "2026.1", AGNES, reversed(ATTEMPTS)) == first
    # The name is compared in one Unicode form: è typed as e + combining grave is the same learner.
    assert (
        verification_code("reseaux-sociaux", "2026.1", "Agne\u0300s Lœvenbruck", ATTEMPTS) == first
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda a: (replace(a[0], score=0.95), a[1]),
        lambda a: (replace(a[0], attempt_id="another"), a[1]),
        lambda a: (replace(a[0], finished_at="2026-03-02T09:00:06.000+00:00"), a[1]),
        lambda a: (a[0],),
    ],
    ids=["score", "attempt", "finish-time", "attempt-missing"],
)
def test_code_changes_with_the_attempts(change) -> None:
    assert verification_code("c", "1", AGNES, change(ATTEMPTS)) != verification_code(
        "c", "1", AGNES, ATTEMPTS
    )


def test_code_changes_with_course_version_and_name() -> None:
    base = verification_code("c", "1", AGNES, ATTEMPTS)
    assert verification_code("d", "1", AGNES, ATTEMPTS) != base
    assert verification_code("c", "2", AGNES, ATTEMPTS) != base
    assert verification_code("c", "1", "Agnes Loevenbruck", ATTEMPTS) != base


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("K7QM-2XDA-PB4R", "K7QM-2XDA-PB4R"),
        ("k7qm-2xda-pb4r", "K7QM-2XDA-PB4R"),
        ("K7QM2XDAPB4R", "K7QM-2XDA-PB4R"),
        ("  k7qm 2xda pb4r\n", "K7QM-2XDA-PB4R"),
        ("k7qm2xda-pb4r", "K7QM-2XDA-PB4R"),
        ("K7Q0-2XDA-PB4R", "K7QO-2XDA-PB4R"),  # a zero typed for the letter O
        ("K7QM-2XDA-PB4", None),
        ("K7QM-2XDA-PB4R-A", None),
        ("K7QM-2XDA-PB4!", None),
        ("", None),
    ],
)
def test_a_typed_code_is_normalised(typed: str, expected: str | None) -> None:
    assert normalise_code(typed) == expected


# the record ---------------------------------------------------------------------------------------


def test_no_certificate_until_every_lesson_is_complete(
    store: Store, bundled: Course, clock
) -> None:
    learner = complete(store, bundled, AGNES, clock, skip_last=True)
    assert current_award(bundled, store, learner) is None
    store.record_lesson_opened(learner, bundled.id, bundled.lessons[-1].id, "fr", clock())
    last_quiz = bundled.quiz_of(bundled.lessons[-1])
    if last_quiz is not None:
        assert current_award(bundled, store, learner) is None
        retake(store, bundled, learner, last_quiz.id, 0.9, clock)
    award = current_award(bundled, store, learner)
    assert award is not None and award.learner == AGNES and award.version == bundled.version


def test_award_states_module_scores_and_the_completion_time(
    store: Store, bundled: Course, clock
) -> None:
    learner = complete(store, bundled, AGNES, clock)
    award = current_award(bundled, store, learner)
    assert [m.module_id for m in award.modules] == [m.id for m in bundled.modules]
    for line in award.modules:
        assert line.score is None or 0.8 <= line.score <= 1.0
    first = award.modules[0]
    quizzes = [bundled.quiz_of(lesson) for lesson in bundled.modules[0].lessons]
    best = {a.quiz_id: a.score for a in award.attempts}
    expected = [best[q.id] for q in quizzes if q is not None]
    assert first.score == pytest.approx(sum(expected) / len(expected))
    assert award.completed_at == store.events(learner)[-1]["at"]
    # The failed first try does not count: the best attempt does.
    assert best[quizzes[0].id] == pytest.approx(0.8)


def test_same_record_same_code(store: Store, bundled: Course, clock) -> None:
    learner = complete(store, bundled, AGNES, clock)
    assert (
        current_award(bundled, store, learner).code == current_award(bundled, store, learner).code
    )


def test_a_better_score_changes_the_code_a_worse_one_does_not(
    store: Store, bundled: Course, clock
) -> None:
    learner = complete(store, bundled, AGNES, clock)
    before = current_award(bundled, store, learner).code
    quiz_id = current_award(bundled, store, learner).attempts[0].quiz_id
    retake(store, bundled, learner, quiz_id, 0.5, clock)
    assert current_award(bundled, store, learner).code == before
    retake(store, bundled, learner, quiz_id, 1.0, clock)
    after = current_award(bundled, store, learner).code
    assert after != before
    # The older certificate stays genuine, and says it is older.
    older, newer = verify(bundled, store, before), verify(bundled, store, after)
    assert older is not None and not older.current
    assert newer is not None and newer.current


def test_verification_finds_the_learner_among_several(store: Store, bundled: Course, clock) -> None:
    complete(store, bundled, "Bruno Martin", clock)
    agnes = complete(store, bundled, AGNES, clock)
    code = current_award(bundled, store, agnes).code
    found = verify(bundled, store, code.lower().replace("-", ""))
    assert found is not None and found.award.learner == AGNES
    assert verify(bundled, store, "AAAA-AAAA-AAAA") is None
    assert verify(bundled, store, "not a code") is None


def test_awards_ignore_other_courses(store: Store, bundled: Course, clock) -> None:
    learner = complete(store, bundled, AGNES, clock)
    elsewhere = [dict(e, course_id="other") for e in store.events(learner)]
    assert awards(bundled, AGNES, elsewhere) == []


# the commands -------------------------------------------------------------------------------------


def test_certificate_command_writes_the_default_file(
    store, bundled, clock, capsys, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    complete(store, bundled, AGNES, clock)
    assert certificate_command(bundled, store, AGNES, None, clock()) == 0
    path = tmp_path / "certificat-reseaux-sociaux-agnes-loevenbruck.pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    out = capsys.readouterr().out
    assert str(path.name) in out and CODE.search(out)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_certificate_command_into_a_folder_or_a_file(store, bundled, clock, tmp_path) -> None:
    complete(store, bundled, AGNES, clock)
    assert certificate_command(bundled, store, None, str(tmp_path), clock()) == 0
    assert (tmp_path / default_file_name(bundled, store.learner(AGNES))).is_file()
    assert certificate_command(bundled, store, None, str(tmp_path / "mine.pdf"), clock()) == 0
    assert (tmp_path / "mine.pdf").read_bytes().startswith(b"%PDF")


def test_certificate_command_refuses_an_incomplete_course(
    store, bundled, clock, capsys, tmp_path
) -> None:
    complete(store, bundled, AGNES, clock, skip_last=True)
    assert certificate_command(bundled, store, AGNES, str(tmp_path), clock()) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"1 of {len(bundled.lessons)} lessons left" in err and bundled.lessons[-1].title in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("learner", "output", "message"),
    [
        ("Nobody", None, "no learner named Nobody"),
        (AGNES, "/no/such/folder/c.pdf", "no such folder"),
    ],
)
def test_certificate_command_bad_input(
    store, bundled, clock, capsys, learner, output, message
) -> None:
    complete(store, bundled, AGNES, clock)
    assert certificate_command(bundled, store, learner, output, clock()) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_no_learner_yet(store, bundled, clock, capsys) -> None:
    assert certificate_command(bundled, store, None, None, clock()) == 1
    assert "no learner yet" in capsys.readouterr().err


def test_verify_command(store, bundled, clock, capsys) -> None:
    learner = complete(store, bundled, AGNES, clock)
    code = current_award(bundled, store, learner).code
    assert verify_command(bundled, store, code.lower()) == 0
    out = capsys.readouterr().out
    assert AGNES in out and "valid" in out and bundled.title in out and "2026" in out
    assert verify_command(bundled, store, "AAAA-BBBB-CCCC") == 1
    assert "unknown" in capsys.readouterr().out
    assert verify_command(bundled, store, "ABC") == 1
    assert "not a verification code" in capsys.readouterr().err


def test_export_for_the_app(store, bundled, clock, tmp_path) -> None:
    learner = complete(store, bundled, AGNES, clock, skip_last=True)
    with pytest.raises(CertificateError, match="lessons left"):
        export_certificate(bundled, store, learner, clock(), tmp_path)
    learner = complete(store, bundled, AGNES, clock)
    path = export_certificate(bundled, store, learner, clock(), tmp_path)
    assert path == tmp_path / "certificat-reseaux-sociaux-agnes-loevenbruck.pdf" and path.is_file()


# the PDF ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "latin_1"),
    [
        ("Agnès Lœvenbruck", "Agnès Loevenbruck"),
        ("« Œuvre »", "« OEuvre »"),
        ("l’agent — 2026…", "l'agent - 2026..."),
        ("93\u202f%", "93\u00a0%"),
        ("Łódź", "Lódz"),
        ("日本", "??"),
    ],
)
def test_latin_1_spelling_for_core_fonts(text: str, latin_1: str) -> None:
    assert to_latin_1(text) == latin_1
    latin_1.encode("latin-1")


def test_file_slug() -> None:
    assert file_slug(AGNES) == "agnes-loevenbruck"
    assert file_slug("  ") == "learner"


def test_pdf_names_the_learner_in_unicode_and_with_core_fonts(store, bundled, clock) -> None:
    award = current_award(bundled, store, complete(store, bundled, AGNES, clock))
    award = replace(award, course_title="Les « réseaux » et l’œuvre des collectivités")
    for typeface in (find_typeface(), Typeface()):
        data = render(award, clock(), "fr", typeface)
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        # The document information names the learner, in UTF-16 (fpdf2's encoding of non-ASCII).
        author = AGNES if typeface.unicode else to_latin_1(AGNES)
        assert ("feff" + author.encode("utf-16-be").hex()).encode() in data


def test_no_font_folders_means_core_fonts() -> None:
    assert not find_typeface(()).unicode
    assert "core fonts" in find_typeface(()).name


@pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="pdftotext (Debian poppler-utils) is not installed"
)
def test_pdf_text_can_be_extracted(store, bundled, clock, tmp_path) -> None:
    set_language("fr")
    learner = complete(store, bundled, AGNES, clock)
    path = export_certificate(bundled, store, learner, clock(), tmp_path)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    award = current_award(bundled, store, learner)
    if find_typeface().unicode:
        assert AGNES in text and bundled.title in text
    assert award.code in text
    for module in bundled.modules:
        assert module.title in text or to_latin_1(module.title) in text


@pytest.mark.skipif(
    not shutil.which("pdftoppm"),
    reason="pdftoppm (Debian poppler-utils) is not installed: cannot render the PDF",
)
def test_first_page_renders_as_a_landscape_picture(store, bundled, clock, tmp_path) -> None:
    from PIL import Image

    set_language("fr")
    learner = complete(store, bundled, AGNES, clock)
    path = export_certificate(bundled, store, learner, clock(), tmp_path)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "100",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    png = tmp_path / "page.png"
    with Image.open(png) as image:
        width, height = image.size
        assert width / height == pytest.approx(297 / 210, rel=0.01)
        colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    assert (26, 48, 84) in colours  # the navy border and title
    assert (253, 251, 246) in colours  # the paper
    # To look at it:
    # CERTIFICATE_PNG=/tmp/certificate.png pytest tests/unit/test_certificate.py -k renders
    if os.environ.get("CERTIFICATE_PNG"):
        shutil.copyfile(png, os.environ["CERTIFICATE_PNG"])
