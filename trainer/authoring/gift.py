"""The file side of GIFT (`trainer gift export|import`): which quizzes to export, and a GIFT file
read into a quiz file of a pack. The format itself is `trainer.course.gift`; the commands that
print and return exit codes are `trainer.commands.gift`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trainer.course.diagnostics import Diagnostic
from trainer.course.gift import (
    GiftExport,
    GiftSection,
    export_quiz,
    import_gift,
    quiz_yaml,
    slugify,
)
from trainer.course.loader import COURSE_FILE, QUIZZES_DIR, Pack
from trainer.course.model import Course, Question, Quiz, is_valid_id
from trainer.i18n import _
from trainer.records import replace

GIFT_SUFFIXES = (".txt", ".gift")


class GiftFileError(Exception):
    """A GIFT command cannot go on (an unknown quiz, a file that exists already…): the message
    says why, in one line, in the user's language."""


def exported_quizzes(
    pack: Pack, course: Course, quiz_id: str | None, all_quizzes: bool
) -> list[GiftExport]:
    """One quiz, or every quiz of `course`, as GIFT with the warnings of each."""
    if all_quizzes:
        quizzes = _in_course_order(course)
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


def _in_course_order(course: Course) -> list[Quiz]:
    """Every quiz of the course, in the order learners meet them (module after module, lesson
    after lesson), then those no lesson uses, by id."""
    ordered: dict[str, Quiz] = {}
    for lesson in course.lessons:
        quiz = course.quiz_of(lesson)
        if quiz is not None:
            ordered.setdefault(quiz.id, quiz)
    for quiz_id in sorted(course.quizzes):
        ordered.setdefault(quiz_id, course.quizzes[quiz_id])
    return list(ordered.values())


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
    """A GIFT file read into a pack: the quiz files written, one a category (none when the GIFT
    file holds nothing to import), and what was found in it, sorted by line."""

    written: tuple[Path, ...]
    diagnostics: list[Diagnostic]


@dataclass(frozen=True)
class _Quiz:
    """One quiz to write: its id, its title and its questions."""

    id: str
    title: str
    questions: tuple[Question, ...]


def _by_category(sections: tuple[GiftSection, ...]) -> list[GiftSection]:
    """The sections with one category merged (Moodle writes `$CATEGORY` again each time the
    category changes), in the order each category first appears."""
    merged: dict[str | None, GiftSection] = {}
    for section in sections:
        if section.category in merged:
            earlier = merged[section.category]
            section = replace(earlier, questions=earlier.questions + section.questions)
        merged[section.category] = section
    return list(merged.values())


def _chosen(sections: list[GiftSection], category: str, source: Path) -> GiftSection:
    """The section of `category`, named by its whole path or its last name."""
    for section in sections:
        if section.category is not None and category.strip() in (
            section.category,
            section.title,
        ):
            return section
    names = [section.title for section in sections if section.title]
    raise GiftFileError(
        _("no category `{category}` in {path} (categories: {known})").format(
            category=category, path=source, known=", ".join(names) or _("none")
        )
    )


def _quizzes(
    sections: list[GiftSection], source: Path, quiz_id: str | None, category: str | None
) -> list[_Quiz]:
    """The quizzes to write: one a category, or the one `category` names."""
    if category is not None:
        section = _chosen(sections, category, source)
        title = section.title or ""
        return [_Quiz(quiz_id or slugify(title), title, section.questions)]
    if len(sections) == 1:
        section = sections[0]
        own_id = quiz_id_of(source, quiz_id)
        return [_Quiz(own_id, section.title or own_id, section.questions)]
    if quiz_id is not None:
        raise GiftFileError(
            _(
                "{path} holds {count} categories, each imported as a quiz named after it: "
                "choose one with --category NAME to give it an id with --id"
            ).format(path=source, count=len(sections))
        )
    quizzes: list[_Quiz] = []
    used: set[str] = set()
    for section in sections:
        # The id trainer's export wrote under the category, else one made from its name.
        base = section.quiz_id or (
            slugify(section.title) if section.title else quiz_id_of(source, None)
        )
        own_id, suffix = base, 1
        while own_id in used:
            suffix += 1
            own_id = f"{base}-{suffix}"
        used.add(own_id)
        quizzes.append(_Quiz(own_id, section.title or own_id, section.questions))
    return quizzes


def import_file(
    file: str,
    into: str,
    quiz_id: str | None,
    language: str | None,
    category: str | None = None,
) -> Imported:
    """Read a GIFT file and write each of its categories (or the one `category` names) as
    `<into>/quizzes/<id>.<lang>.yaml`; `GiftFileError` when an id, the folder or the file will
    not do. Nothing is written when one of the files would not be."""
    source, pack_dir = Path(file), Path(into)
    if quiz_id is not None and not is_valid_id(quiz_id):
        raise GiftFileError(_invalid_id(quiz_id))
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
        return Imported((), diagnostics)
    quizzes = _quizzes(_by_category(imported.sections), source, quiz_id, category)
    targets = []
    for quiz in quizzes:
        if not is_valid_id(quiz.id):
            raise GiftFileError(_invalid_id(quiz.id))
        name = f"{quiz.id}.{language}.yaml" if language else f"{quiz.id}.yaml"
        target = pack_dir / QUIZZES_DIR / name
        if target.exists():
            raise GiftFileError(
                _("{path} exists already: remove it or choose another id with --id").format(
                    path=target
                )
            )
        targets.append(target)
    (pack_dir / QUIZZES_DIR).mkdir(exist_ok=True)
    for quiz, target in zip(quizzes, targets, strict=True):
        target.write_text(quiz_yaml(quiz.title, quiz.questions), encoding="utf-8", newline="\n")
    return Imported(tuple(targets), diagnostics)


def _invalid_id(quiz_id: str) -> str:
    return _("`{quiz}` is not a valid quiz id: use lower-case letters, digits and hyphens").format(
        quiz=quiz_id
    )
