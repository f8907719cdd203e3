"""The last clean check of a pack, kept in the data folder: an unchanged pack is only loaded at
start-up, anything changed is checked again, and a broken pack is never remembered as clean."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.helpers.packs import PACKS
from trainer.cli import main
from trainer.progress import pack_cache

SINGLE = PACKS / "single-language"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()  # the data folder of a learner who has started once
    return Path(shutil.copytree(SINGLE, tmp_path / "pack"))


def quiz(capsys, tmp_path: Path, course: Path) -> tuple[int, str]:
    answers = tmp_path / "answers.yaml"
    answers.write_text("", encoding="utf-8")
    code = main(["quiz", "intro", "--answers", str(answers), "--course", str(course)])
    return code, capsys.readouterr().err


def records(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "data" / pack_cache.CACHE_DIR).glob("*.txt"))


def test_an_unchanged_pack_is_checked_once(capsys, tmp_path, course, checks) -> None:
    assert quiz(capsys, tmp_path, course) == (0, "")
    assert len(records(tmp_path)) == 1
    assert quiz(capsys, tmp_path, course) == (0, "")
    assert quiz(capsys, tmp_path, course) == (0, "")
    assert len(checks) == 1


def test_an_edited_file_is_checked_again_even_with_its_size_and_mtime(
    capsys, tmp_path, course, checks
) -> None:
    assert quiz(capsys, tmp_path, course)[0] == 0
    path = course / "quizzes" / "intro.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    # The same number of bytes, the same mtime: only the content hash can tell.
    broken = text.replace('"226-4-1", "article', '"!!!!!!!", "article')
    assert len(broken.encode()) == len(text.encode()) and broken != text
    path.write_text(broken, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    code, err = quiz(capsys, tmp_path, course)
    assert len(checks) == 2
    assert code == 1 and "n'est faite que d'espaces" in err


def test_a_broken_pack_is_never_remembered_and_says_the_same_each_time(
    capsys, tmp_path, course, checks
) -> None:
    path = course / "quizzes" / "intro.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"226-4-1", ', '"...", '), encoding="utf-8"
    )
    first = quiz(capsys, tmp_path, course)
    assert first[0] == 1 and "n'est faite que d'espaces" in first[1]
    assert records(tmp_path) == []
    assert quiz(capsys, tmp_path, course) == first  # byte for byte
    assert len(checks) == 2


@pytest.mark.parametrize("change", ["added", "removed", "touched"])
def test_an_added_removed_or_touched_file_is_checked_again(
    capsys, tmp_path, course, checks, change
) -> None:
    assert quiz(capsys, tmp_path, course)[0] == 0
    lecture = course / "lessons" / "lecture.md"
    if change == "added":
        (course / "lessons" / "notes.txt").write_text("x", encoding="utf-8")
    elif change == "removed":
        lecture.unlink()
    else:
        os.utime(lecture, ns=(0, lecture.stat().st_mtime_ns + 1_000_000_000))
    quiz(capsys, tmp_path, course)
    assert len(checks) == 2


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[1, 2]", b'{"format": 1}', b"\xff\xfe"])
def test_a_damaged_record_is_ignored(capsys, tmp_path, course, checks, damage) -> None:
    assert quiz(capsys, tmp_path, course)[0] == 0
    (record,) = records(tmp_path)
    record.write_bytes(damage)
    assert quiz(capsys, tmp_path, course) == (0, "")
    assert len(checks) == 2
    assert quiz(capsys, tmp_path, course) == (0, "")  # written again, whole
    assert len(checks) == 2


def test_a_data_folder_that_cannot_be_written_is_no_error(capsys, tmp_path, course, checks) -> None:
    (tmp_path / "data" / pack_cache.CACHE_DIR).write_text("a file where the folder goes")
    assert quiz(capsys, tmp_path, course) == (0, "")
    assert quiz(capsys, tmp_path, course) == (0, "")
    assert len(checks) == 2


def test_validate_always_checks(capsys, tmp_path, course, checks) -> None:
    assert quiz(capsys, tmp_path, course)[0] == 0
    assert main(["validate", str(course)]) == 0
    assert main(["validate", str(course)]) == 0
    assert len(checks) == 3


def test_the_record_is_written_whole(tmp_path, course) -> None:
    data = tmp_path / "data"
    pack_cache.remember_clean(data, pack_cache.Fingerprint.take(course))
    assert pack_cache.checked_clean(data, course)
    folder = data / pack_cache.CACHE_DIR
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_no_data_folder_is_made_for_the_record(capsys, tmp_path, course) -> None:
    data = tmp_path / "elsewhere"
    pack_cache.remember_clean(data, pack_cache.Fingerprint.take(course))
    assert not data.exists()


def test_a_changed_image_is_checked_again(capsys, tmp_path, course, checks) -> None:
    """The images a lesson shows are checked with the pack: replacing one with a broken file
    must not be hidden by the last clean check."""
    images = course / "images"
    images.mkdir()
    picture = images / "x.png"
    shutil.copy(Path(__file__).resolve().parents[2] / "images" / "faux-profil.fr.png", picture)
    lesson = next((course / "lessons").glob("*.md"))
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\n![A fake profile](images/x.png)\n",
        encoding="utf-8",
    )
    assert quiz(capsys, tmp_path, course)[0] == 0
    picture.write_bytes(b"not a picture")
    code, err = quiz(capsys, tmp_path, course)
    assert len(checks) == 2
    assert code == 1 and "images/x.png" in err


@pytest.fixture
def loads(monkeypatch) -> list[Path]:
    """Each time a pack's files are read by the loader."""
    from trainer.course import loader

    done: list[Path] = []
    real = loader.load_pack

    def counted(root):
        done.append(Path(root))
        return real(root)

    monkeypatch.setattr(loader, "load_pack", counted)
    return done


def test_a_remembered_pack_is_restored_without_reading_its_files(
    capsys, tmp_path, course, checks, loads
) -> None:
    first = quiz(capsys, tmp_path, course)
    assert quiz(capsys, tmp_path, course) == first
    assert quiz(capsys, tmp_path, course) == first
    assert len(checks) == 1 and loads == []


@pytest.mark.parametrize(
    "pack", ["single-language", "bilingual", "translation-drift", "bank", "bundled"]
)
def test_the_snapshot_gives_back_the_pack_loaded(pack) -> None:
    from trainer import records
    from trainer.course.loader import load_pack
    from trainer.course.snapshot import restore, take
    from trainer.locations import bundled_course

    root = bundled_course() if pack == "bundled" else PACKS / pack
    loaded, _report = load_pack(root)
    assert loaded is not None
    restored = restore(take(loaded), root)
    # Everything but the YAML documents, which only the validator reads.
    assert restored == records.replace(loaded, documents={})
    for language in loaded.languages:
        assert restored.course(language) == loaded.course(language)


@pytest.mark.parametrize(
    "snapshot",
    [
        "",
        "{",
        "[]",
        '{"~c": "Path", "~p": "/etc"}',
        '{"~c": "Popen", "args": ["true"]}',
        '{"~c": "Lesson", "id": "x"}',
        '{"~c": "Lesson", "~v": ["x"]}',
        '{"~c": "Lesson", "~v": "xyz"}',
        '{"~c": "Pack", "~v": [null, "x", {"~t": ["fr"]}, {"~d": []}]}',
        '{"~x": 1}',
    ],
)
def test_a_damaged_snapshot_means_the_files_are_read(
    capsys, tmp_path, course, checks, loads, snapshot
) -> None:
    first = quiz(capsys, tmp_path, course)
    (record,) = records(tmp_path)
    header, hash_line, _snapshot = record.read_text(encoding="utf-8").split("\n", 2)
    record.write_text(f"{header}\n{hash_line}\n{snapshot}", encoding="utf-8")
    assert quiz(capsys, tmp_path, course) == first
    assert len(checks) == 1 and len(loads) == 1  # still clean: loaded, not checked
    assert quiz(capsys, tmp_path, course) == first  # and the snapshot kept again
    assert len(loads) == 1


def test_a_value_the_snapshot_cannot_hold_keeps_no_snapshot(tmp_path, course) -> None:
    from trainer.course.loader import load_pack
    from trainer.course.snapshot import SnapshotError, take

    pack, _report = load_pack(course)
    assert pack is not None
    pack.titles["fr"] = ["not", "a", "string"]  # type: ignore[assignment]
    with pytest.raises(SnapshotError):
        take(pack)
    data = tmp_path / "data"
    pack_cache.remember_clean(data, pack_cache.Fingerprint.take(course), pack)
    assert pack_cache.remembered_pack(data, course) == (True, None)


def test_the_app_finds_a_remembered_pack_and_its_languages_without_yaml(tmp_path, course) -> None:
    """The app's path to its first screen: the course's languages (to choose the interface's)
    and the course itself come from the record, with neither YAML nor the loader imported."""
    import subprocess
    import sys

    data = tmp_path / "data"
    answers = tmp_path / "answers.yaml"
    answers.write_text("", encoding="utf-8")
    assert main(["--data-dir", str(data), "quiz", "intro", "--answers", str(answers),
                 "--course", str(course)]) == 0  # fmt: skip
    code = (
        "import argparse, sys\n"
        "from trainer.commands.common import course_languages, load\n"
        f"languages = course_languages({str(course)!r}, {str(data)!r})\n"
        f"args = argparse.Namespace(course={str(course)!r}, data_dir={str(data)!r}, lang=None)\n"
        "pack, course = load(args)\n"
        "print(languages, course.id, len(course.lessons))\n"
        "print(sorted(m for m in ('yaml', 'trainer.course.loader') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.splitlines() == ["['fr'] une-langue 2", "[]"], result.stderr


EVERY_KEY_QUIZ = """\
title: Every key
draw: {cas: 1, loi: 1}
questions:
  - id: poids
    type: multiple
    tags: [cas]
    prompt: Lesquels ?
    choices:
      - {text: Un, weight: 0.5, feedback: Oui}
      - {text: Deux, weight: 0.5}
      - {text: Trois, weight: -1}
    explanation: Parce que.
  - id: vf
    type: true_false
    tags: [loi]
    prompt: Vrai ?
    answer: true
    feedback_true: Bien.
    feedback_false: Non.
    explanation: Parce que.
  - id: texte
    type: text
    tags: [cas]
    prompt: Quel article ?
    accept: ["226-4-1", {text: "article 226-4-1", feedback: Exact.}]
    feedback_wrong: Non, 226-4-1.
    explanation: Parce que.
  - id: ordre
    type: order
    tags: [loi]
    prompt: Dans l'ordre.
    items: [Lire, {text: Répondre, feedback: Après avoir lu.}]
    explanation: Parce que.
"""


def test_the_snapshot_keeps_this_releases_keys(tmp_path: Path) -> None:
    """Weights, feedback of every type, draws and tags, and the pack's folder (for its images)
    come back from the snapshot as the loader read them."""
    from trainer import records
    from trainer.course.loader import load_pack
    from trainer.course.snapshot import restore, take

    root = tmp_path / "pack"
    shutil.copytree(PACKS / "single-language", root)
    quiz_file = next((root / "quizzes").glob("*.yaml"))
    quiz_file.write_text(EVERY_KEY_QUIZ, encoding="utf-8")
    loaded, report = load_pack(root)
    assert loaded is not None, [str(d) for d in report.diagnostics]
    assert not [d for d in report.diagnostics if d.is_error], [str(d) for d in report.diagnostics]
    restored = restore(take(loaded), root)
    assert restored == records.replace(loaded, documents={})
    course = restored.course()
    assert course.folder == str(root)
    assert course.quizzes == loaded.course().quizzes
