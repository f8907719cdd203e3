"""The file side of GIFT (`trainer gift export|import`): which quizzes to export, and a GIFT file
read into a quiz file of a pack. The format itself is `trainer.course.gift`; the commands that
print and return exit codes are `trainer.commands.gift`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trainer.course.diagnostics import Diagnostic
from trainer.course.gift import GiftExport, export_quiz, import_gift, quiz_yaml, slugify
from trainer.course.loader import COURSE_FILE, QUIZZES_DIR, Pack
from trainer.course.model import Course, is_valid_id
from trainer.i18n import _

GIFT_SUFFIXES = (".txt", ".gift")


class GiftFileError(Exception):
    """A GIFT command cannot go on (an unknown quiz, a file that exists already…): the message
    says why, in one line, in the user's language."""


def exported_quizzes(
    pack: Pack, course: Course, quiz_id: str | None, all_quizzes: bool
) -> list[GiftExport]:
    """One quiz, or every quiz of `course`, as GIFT with the warnings of each."""
    if all_quizzes:
        quizzes = list(course.quizzes.values())
    elif quiz_id is None:
        raise GiftFileError(_("name a quiz, or use --all"))
    elif quiz_id not in course.quizzes:
        raise GiftFileError(
            _("no quiz `{quiz}` in this course (quizzes: {known})").format(
                quiz=quiz_id, known=", ".join(sorted(course.quizzes)) or _("none")
            )
        )
    else:
        quizzes = [course.quizzes[quiz_id]]
    return [export_quiz(quiz, pack.id) for quiz in quizzes]


def first_language(into: Path) -> str | None:
    """The first language course.yaml lists, read under the loader's limits; None when there is
    none to read."""
    from trainer.course.loader import declared_languages

    languages = declared_languages(into)
    return languages[0] if languages else None


def quiz_id_of(file: Path, quiz_id: str | None) -> str:
    """The quiz id given, else one made from the file's name without its GIFT suffix."""
    if quiz_id is not None:
        return quiz_id
    name = file.name
    for suffix in GIFT_SUFFIXES:
        name = name.removesuffix(suffix)
    return slugify(name)


@dataclass(frozen=True)
class Imported:
    """A GIFT file read into a pack: the quiz file written (None when the GIFT file has errors)
    and what was found in it, sorted by line."""

    target: Path | None
    diagnostics: list[Diagnostic]


def import_file(file: str, into: str, quiz_id: str | None, language: str | None) -> Imported:
    """Read a GIFT file and write it as `<into>/quizzes/<id>.<lang>.yaml` unless it has errors;
    `GiftFileError` when the id, the folder or the file will not do."""
    source, pack_dir = Path(file), Path(into)
    quiz_id = quiz_id_of(source, quiz_id)
    if not is_valid_id(quiz_id):
        raise GiftFileError(
            _("`{quiz}` is not a valid quiz id: use lower-case letters, digits and hyphens").format(
                quiz=quiz_id
            )
        )
    if not pack_dir.is_dir():
        raise GiftFileError(_("no such folder: {path}").format(path=pack_dir))
    if not (pack_dir / COURSE_FILE).is_file():
        raise GiftFileError(
            _(
                "{path} has no course.yaml: import into a course pack (`trainer new course DIR` "
                "makes one)"
            ).format(path=pack_dir)
        )
    from trainer.course.loader import declared_languages

    languages = declared_languages(pack_dir)
    if language and languages and language not in languages:
        # A file in a language the pack does not list would make the whole pack invalid.
        raise GiftFileError(
            _(
                "this pack is in {languages}, not {language}: choose one of them with --lang, or "
                "add {language} to `languages` in course.yaml first"
            ).format(languages=", ".join(languages), language=language)
        )
    language = language or first_language(pack_dir)
    name = f"{quiz_id}.{language}.yaml" if language else f"{quiz_id}.yaml"
    target = pack_dir / QUIZZES_DIR / name
    if target.exists():
        raise GiftFileError(
            _("{path} exists already: remove it or choose another id with --id").format(path=target)
        )
    try:
        text = source.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise GiftFileError(
            _("cannot read {path}: {error}").format(path=source, error=error.strerror)
        ) from None
    except UnicodeDecodeError:
        raise GiftFileError(
            _("{path} is not UTF-8 text; save it as UTF-8").format(path=source)
        ) from None
    imported = import_gift(text, str(source))
    diagnostics = sorted(imported.diagnostics, key=lambda d: d.line)
    if imported.has_errors:
        return Imported(None, diagnostics)
    title = imported.categories[-1].rsplit("/", 1)[-1].strip() if imported.categories else ""
    target.parent.mkdir(exist_ok=True)
    target.write_text(
        quiz_yaml(title or quiz_id, imported.questions), encoding="utf-8", newline="\n"
    )
    return Imported(target, diagnostics)
