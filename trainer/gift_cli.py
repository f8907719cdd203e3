"""`trainer export-gift` and `trainer import-gift`: the file and terminal side of `course.gift`.

Each command prints warnings on stderr and returns its exit code: 0 done, 1 the GIFT file has
errors, 2 a usage problem (an unknown quiz, a file that exists already).
"""

from __future__ import annotations

import sys
from pathlib import Path

from trainer.course.diagnostics import Diagnostic
from trainer.course.gift import export_quiz, import_gift, quiz_yaml, slugify
from trainer.course.loader import QUIZZES_DIR, Pack
from trainer.course.model import Course, is_valid_id

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
GIFT_SUFFIXES = (".txt", ".gift")


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _line(diagnostic: Diagnostic) -> str:
    """`path:line: severity: message` as GIFT tools write it (`path: …` when there is no line)."""
    place = f"{diagnostic.path}:{diagnostic.line}" if diagnostic.line else diagnostic.path
    return f"{place}: {diagnostic.severity.value}: {diagnostic.message}"


def export_command(
    pack: Pack, course: Course, quiz_id: str | None, all_quizzes: bool, output: str | None
) -> int:
    """Write one quiz (or every quiz, one after the other) as GIFT to `output`, or stdout."""
    if all_quizzes:
        quizzes = list(course.quizzes.values())
    elif quiz_id is None:
        _say("trainer: name a quiz to export, or use --all")
        return EXIT_USAGE
    elif quiz_id not in course.quizzes:
        known = ", ".join(sorted(course.quizzes)) or "none"
        _say(f"trainer: no quiz `{quiz_id}` in this course (quizzes: {known})")
        return EXIT_USAGE
    else:
        quizzes = [course.quizzes[quiz_id]]
    texts = []
    for quiz in quizzes:
        exported = export_quiz(quiz, pack.id)
        for warning in exported.warnings:
            _say(f"{warning.path}: warning: {warning.message}")
        texts.append(exported.text)
    text = "\n".join(texts)
    if output and output != "-":
        try:
            Path(output).write_text(text, encoding="utf-8", newline="\n")
        except OSError as error:
            _say(f"trainer: cannot write {output}: {error.strerror}")
            return EXIT_USAGE
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _first_language(into: Path) -> str | None:
    """The first language course.yaml lists, read under the loader's limits; None when there is
    none to read."""
    from trainer.course.loader import declared_languages

    languages = declared_languages(into)
    return languages[0] if languages else None


def _quiz_id(file: Path, quiz_id: str | None) -> str:
    if quiz_id is not None:
        return quiz_id
    name = file.name
    for suffix in GIFT_SUFFIXES:
        name = name.removesuffix(suffix)
    return slugify(name)


def import_command(file: str, into: str, quiz_id: str | None, language: str | None) -> int:
    """Read a GIFT file and write it as `<into>/quizzes/<id>.<lang>.yaml`; print the path written."""
    source, pack_dir = Path(file), Path(into)
    quiz_id = _quiz_id(source, quiz_id)
    if not is_valid_id(quiz_id):
        _say(
            f"trainer: `{quiz_id}` is not a valid quiz id: use lower-case letters, digits and hyphens"
        )
        return EXIT_USAGE
    if not pack_dir.is_dir():
        _say(f"trainer: no such folder: {pack_dir}")
        return EXIT_USAGE
    language = language or _first_language(pack_dir)
    target = (
        pack_dir / QUIZZES_DIR / (f"{quiz_id}.{language}.yaml" if language else f"{quiz_id}.yaml")
    )
    if target.exists():
        _say(f"trainer: {target} exists already: remove it or choose another id with --id")
        return EXIT_USAGE
    try:
        text = source.read_bytes().decode("utf-8-sig")
    except OSError as error:
        _say(f"trainer: cannot read {source}: {error.strerror}")
        return EXIT_USAGE
    except UnicodeDecodeError:
        _say(f"trainer: {source} is not UTF-8 text; save it as UTF-8")
        return EXIT_USAGE
    imported = import_gift(text, str(source))
    for diagnostic in sorted(imported.diagnostics, key=lambda d: d.line):
        _say(_line(diagnostic))
    if imported.has_errors:
        return EXIT_INVALID
    title = imported.categories[-1].rsplit("/", 1)[-1].strip() if imported.categories else ""
    target.parent.mkdir(exist_ok=True)
    target.write_text(
        quiz_yaml(title or quiz_id, imported.questions), encoding="utf-8", newline="\n"
    )
    print(target)
    return EXIT_OK
