"""Loading a course pack from its folder: files in, model and file-level diagnostics out.

The loader checks everything that can be seen inside one file (keys, types, the rules of each
question type). Rules that need several files at once live in `validate`.

A pack can come from anyone, so reading it is bounded: a file larger than `MAX_FILE_BYTES` is
refused unread, only regular files are read (never a FIFO or a device, which could block), a
symbolic link is followed only when it leads to a file inside the pack (one leading out of it is
refused: a pack must not read the learner's other files), YAML is parsed with limits on size,
depth and alias expansion (`yamlmarks`), and no path is ever built from an id written inside a
file: files are found by listing the pack's folders. Text holding terminal or bidi controls is
warned about (`control-character`), and every diagnostic shows such characters inert.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trainer.course.banks import check_draw, read_draw
from trainer.course.diagnostics import Mark, Report, phrase
from trainer.course.fields import FieldReader, control_message, describe
from trainer.course.model import (
    DEFAULT_PASS_MARK,
    Lesson,
    Question,
    Quiz,
    Source,
    is_valid_id,
)
from trainer.course.pack import ModuleSpec, Pack
from trainer.course.packfiles import (  # noqa: F401  (importable from here, as always)
    COURSE_FILE,
    LESSONS_DIR,
    MAX_FILE_BYTES,
    QUIZZES_DIR,
    front_matter,
    outside,
    pack_files,
    read_listed_file,
    read_pack_file,
    refuse_outside,
    split_name,
)
from trainer.course.questions import read_question
from trainer.course.yamlmarks import MarkedList, MarkedMap, Parsed, YamlError, parse
from trainer.i18n import N_
from trainer.inert import CONTROLS

COURSE_KEYS = ("id", "title", "languages", "version", "description", "pass_mark", "modules")
MODULE_KEYS = ("id", "title", "lessons")
LESSON_KEYS = ("title", "minutes", "objectives", "quiz", "sources")
SOURCE_KEYS = ("title", "url")
QUIZ_KEYS = ("title", "pass_mark", "shuffle", "max_attempts", "draw", "questions")
LANGUAGE_PATTERN = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
THE_FRONT_MATTER = phrase(N_("the front matter"))
A_LESSONS_FRONT_MATTER = phrase(N_("a lesson's front matter"))
A_SOURCE = phrase(N_("a source"))
A_QUIZ_FILE = phrase(N_("a quiz file"))
A_QUIZ = phrase(N_("a quiz"))
"""What a message is about, made once for every file (used only when something is wrong)."""


def _parse(text: str, reader: FieldReader, line_offset: int = 0) -> Parsed | None:
    try:
        parsed = parse(text, line_offset)
    except YamlError as error:
        reader.error(error.mark, "yaml-syntax", error.text)
        return None
    reader.duplicates(parsed)
    reader.controls(parsed)
    return parsed


# course.yaml -------------------------------------------------------------------------------------


def _languages(reader: FieldReader, course: MarkedMap) -> tuple[str, ...]:
    items = reader.sequence(course, "languages")
    if items is None:
        return ()
    languages: list[str] = []
    for index, item in enumerate(items):
        mark = items.item_mark(index)
        if not isinstance(item, str) or not LANGUAGE_PATTERN.fullmatch(item):
            reader.error(
                mark,
                "bad-language",
                phrase(
                    N_("a language is a code such as `fr` or `en`, not {value}"),
                    value=describe(item),
                ),
            )
        elif item in languages:
            reader.error(
                mark,
                "duplicate-id",
                phrase(N_("language `{language}` is listed twice: remove one"), language=item),
            )
        else:
            languages.append(item)
    if not languages and not reader.report.has_errors:
        reader.error(
            items.mark,
            "missing-key",
            phrase(N_("`languages` needs at least one language, such as `[fr]`")),
        )
    return tuple(languages)


def _modules(
    reader: FieldReader, course: MarkedMap, languages: tuple[str, ...]
) -> tuple[ModuleSpec, ...]:
    items = reader.sequence(course, "modules")
    if items is None:
        return ()
    if not items:
        reader.error(items.mark, "missing-key", phrase(N_("`modules` needs at least one module")))
    modules: list[ModuleSpec] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        module = reader.mapping(item, items.item_mark(index), phrase(N_("a module")))
        if module is None:
            continue
        reader.keys(module, phrase(N_("a module")), MODULE_KEYS, required=MODULE_KEYS)
        module_id = reader.identifier(module, "id")
        titles = reader.localized(module, "title", languages) or {}
        if module_id in seen:
            reader.error(
                module.value_mark("id"),
                "duplicate-id",
                phrase(
                    N_("module `{module}` is declared twice: give each module its own id"),
                    module=module_id,
                ),
            )
        lesson_list = reader.sequence(module, "lessons")
        lesson_ids: list[str] = []
        lesson_marks: list[Mark] = []
        for lesson_id, mark in _marked(lesson_list):
            if not is_valid_id(lesson_id):
                reader.error(
                    mark,
                    "bad-id",
                    phrase(
                        N_("a lesson id must match [a-z0-9][a-z0-9-]*, not {value}"),
                        value=describe(lesson_id),
                    ),
                )
                continue
            lesson_ids.append(lesson_id)
            lesson_marks.append(mark)
        if lesson_list is not None and not lesson_list:
            reader.error(
                lesson_list.mark, "missing-key", phrase(N_("a module needs at least one lesson"))
            )
        if module_id:
            seen.add(module_id)
            modules.append(
                ModuleSpec(module_id, titles, tuple(lesson_ids), tuple(lesson_marks), module.mark)
            )
    return tuple(modules)


def declared_languages(root: Path | str) -> list[str]:
    """The languages course.yaml lists, read under every limit of the loader; empty when there is
    no usable list. For choosing the interface's language before the pack is loaded: whatever is
    wrong with the file is reported when it is."""
    root = Path(root)
    text = read_pack_file(root, root / COURSE_FILE, Report(), COURSE_FILE)
    try:
        course = parse(text).value if text is not None else None
    except YamlError:
        return []
    languages = course.get("languages") if isinstance(course, dict) else None
    if not isinstance(languages, list):
        return []
    return [
        item for item in languages if isinstance(item, str) and LANGUAGE_PATTERN.fullmatch(item)
    ]


def load_course_file(root: Path, report: Report) -> Pack | None:
    """Read course.yaml into a Pack with no lessons yet; None when it is missing or unusable."""
    path = root / COURSE_FILE
    reader = FieldReader(report, COURSE_FILE)
    if path.is_symlink() and outside(root, path):
        refuse_outside(report, COURSE_FILE)
        return None
    if not path.exists() and not path.is_symlink():
        reader.error(
            Mark(0, 0),
            "missing-file",
            phrase(
                N_(
                    "no {file} in this folder: is it a course pack? (`trainer new course DIR` "
                    "makes one)"
                ),
                file=COURSE_FILE,
            ),
        )
        return None
    text = read_pack_file(
        root, path, report, COURSE_FILE
    )  # a FIFO or a folder is a diagnostic there
    parsed = _parse(text, reader) if text is not None else None
    if parsed is None:
        return None
    course = reader.mapping(parsed.value, parsed.mark, COURSE_FILE)
    if course is None:
        return None
    reader.keys(course, COURSE_FILE, COURSE_KEYS, required=("id", "title", "languages", "modules"))
    course_id = reader.identifier(course, "id")
    languages = _languages(reader, course)
    titles = reader.localized(course, "title", languages) or {}
    descriptions = reader.localized(course, "description", languages) or {}
    pass_mark = reader.pass_mark(course)
    version = reader.string(course, "version")
    modules = _modules(reader, course, languages)
    if not course_id or not languages:
        return None
    return Pack(
        root=root,
        id=course_id,
        languages=languages,
        titles=titles,
        modules=modules,
        pass_mark=pass_mark if pass_mark is not None else DEFAULT_PASS_MARK,
        version=version,
        descriptions=descriptions,
        documents={COURSE_FILE: course},
    )


# lessons ------------------------------------------------------------------------------------------


_HEADING = re.compile(r"#{1,6} +\S")


def _heading_in_front_matter(yaml_text: str) -> int | None:
    """The index of the first Markdown heading line in `yaml_text` when the front matter is not
    YAML because its closing `---` is missing (the lesson's text, up to a later `---` rule, was
    read as front matter); None otherwise.

    A heading is a YAML comment, so it is only taken as the cause when the text does not parse.
    """
    if "#" not in yaml_text:  # no heading, nor comment: the usual front matter
        return None
    lines = yaml_text.split("\n")
    index = next((i for i, line in enumerate(lines) if _HEADING.match(line)), None)
    if index is None:
        return None
    try:
        parse(yaml_text)
    except YamlError:
        return index
    return None


def load_lesson(
    path: Path, relative: str, lesson_id: str, language: str, pack: Pack, report: Report
) -> Lesson | None:
    """Read one lesson file (as `pack_files` lists it): YAML front matter between `---` lines,
    then Markdown."""
    reader = FieldReader(report, relative)
    text = read_listed_file(path, relative, report)
    if text is None:
        return None
    split = front_matter(text)
    if split is None and text.split("\n", 1)[0].rstrip() == "---":
        reader.error(
            Mark(1, 1),
            "front-matter-unclosed",
            phrase(
                N_(
                    "the front matter is not closed: add a `---` line after its last key "
                    "(`title:`, `quiz:`…), before the lesson's text"
                )
            ),
        )
        return None
    if split is None:
        reader.error(
            Mark(1, 1),
            "no-front-matter",
            phrase(
                N_(
                    "a lesson starts with front matter: a `---` line, YAML with at least "
                    "`title:`, and another `---` line"
                )
            ),
        )
        return None
    yaml_text, body, body_line = split
    heading = _heading_in_front_matter(yaml_text)
    if heading is not None:
        reader.error(
            Mark(heading + 2, 1),
            "front-matter-unclosed",
            phrase(
                N_(
                    "the front matter is not closed before this Markdown heading: add a `---` "
                    "line after its last key (`title:`, `quiz:`…), before the lesson's text"
                )
            ),
        )
        return None
    parsed = _parse(yaml_text, reader, line_offset=1)
    if parsed is None:
        return None
    front = reader.mapping(
        parsed.value,
        parsed.mark if parsed.value is not None else Mark(1, 1),
        THE_FRONT_MATTER,
    )
    if front is None:
        return None
    pack.documents[relative] = front
    reader.keys(front, A_LESSONS_FRONT_MATTER, LESSON_KEYS, required=("title",))
    title = reader.string(front, "title")
    minutes = reader.whole(front, "minutes", 1, 600)
    objectives = reader.strings(front, "objectives") or []
    quiz = reader.identifier(front, "quiz")
    sources = _sources(reader, front)
    if not body.strip():
        reader.warning(
            Mark(1, 1),
            "empty-lesson",
            phrase(N_("the lesson has no text after its front matter: write it below the `---`")),
        )
    _body_controls(reader, body, body_line)
    if title is None:
        return None
    return Lesson(
        id=lesson_id,
        language=language,
        title=title,
        body=body,
        minutes=minutes,
        objectives=tuple(objectives),
        sources=tuple(sources),
        quiz=quiz,
        path=relative,
        body_line=body_line,
    )


def _body_controls(reader: FieldReader, body: str, first_line: int) -> None:
    """Warn about the first control character of each line of a lesson's Markdown."""
    if not CONTROLS.search(body):  # the usual case: one search of the whole body, not one a line
        return
    for number, line in enumerate(body.split("\n")):
        found = CONTROLS.search(line)
        if found:
            reader.warning(
                Mark(first_line + number, found.start() + 1),
                "control-character",
                control_message(found.group()),
            )


def _marked(items: MarkedList | None) -> Iterator[tuple[Any, Mark]]:
    """Each item of a sequence with where it stands; nothing when the sequence is absent."""
    if items is None:
        return
    for index, item in enumerate(items):
        yield item, items.item_mark(index)


def _sources(reader: FieldReader, front: MarkedMap) -> list[Source]:
    items = reader.sequence(front, "sources") or MarkedList(Mark(1, 1))
    sources: list[Source] = []
    for index, item in enumerate(items):
        source = item if isinstance(item, MarkedMap) else None
        if source is None:  # the place is found only for the message
            source = reader.mapping(item, items.item_mark(index), A_SOURCE)
            if source is None:
                continue
        reader.keys(source, A_SOURCE, SOURCE_KEYS, required=("title",))
        title = reader.string(source, "title")
        url = reader.string(source, "url")
        if url is not None and not url.startswith(("https://", "http://")):
            reader.error(
                source.value_mark("url"),
                "bad-url",
                phrase(N_("`url` must start with https:// or http://, not {url}"), url=repr(url)),
            )
            url = None
        if title is not None:
            sources.append(Source(title, url))
    return sources


# quizzes ------------------------------------------------------------------------------------------


def load_quiz(
    path: Path, relative: str, quiz_id: str, language: str, pack: Pack, report: Report
) -> Quiz | None:
    """Read one quiz file (as `pack_files` lists it)."""
    reader = FieldReader(report, relative)
    text = read_listed_file(path, relative, report)
    parsed = _parse(text, reader) if text is not None else None
    if parsed is None:
        return None
    quiz = reader.mapping(parsed.value, parsed.mark, A_QUIZ_FILE)
    if quiz is None:
        return None
    pack.documents[relative] = quiz
    reader.keys(quiz, A_QUIZ, QUIZ_KEYS, required=("title", "questions"))
    title = reader.string(quiz, "title")
    pass_mark = reader.pass_mark(quiz)
    shuffle = reader.boolean(quiz, "shuffle")
    max_attempts = reader.whole(quiz, "max_attempts", 1)
    draw = read_draw(reader, quiz)
    items = reader.sequence(quiz, "questions")
    questions: list[Question] = []
    seen: dict[str, MarkedMap] = {}
    """Question id → the question's mapping, whose mark is made only for a duplicate."""
    if items is not None and not items:
        reader.error(items.mark, "missing-key", phrase(N_("a quiz needs at least one question")))
    listed = items if items is not None else MarkedList(Mark(1, 1))
    for index, item in enumerate(listed):
        question = read_question(reader, listed, index)
        if question is None:
            continue
        if question.id in seen:
            first = seen[question.id].value_mark("id")
            reader.error(
                item.value_mark("id"),
                "duplicate-id",
                phrase(
                    N_(
                        "question id `{id}` is already used at line {line}: give each question "
                        "its own id"
                    ),
                    id=question.id,
                    line=first.line,
                ),
            )
            continue
        seen[question.id] = item
        questions.append(question)
    if draw is not None and items and len(questions) == len(items):
        # Only once every question is read: one with an error of its own may carry a tag.
        check_draw(reader, quiz, draw, questions, seen)
    if title is None or items is None:
        return None
    return Quiz(
        id=quiz_id,
        language=language,
        title=title,
        questions=tuple(questions),
        pass_mark=pass_mark,
        shuffle=bool(shuffle),
        max_attempts=max_attempts,
        path=relative,
        draw=draw,
    )


# the whole pack -----------------------------------------------------------------------------------


def load_pack(root: Path | str) -> tuple[Pack | None, Report]:
    """Load every file of the pack at `root`. The pack is None when course.yaml is unusable."""
    # Loading makes many objects that live as long as the pack, and no cycles: the cyclic
    # collector would only scan them, and everything else alive, again and again as they pile up.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_pack(Path(root))
    finally:
        if collecting:
            gc.enable()


def _load_pack(root: Path) -> tuple[Pack | None, Report]:
    report = Report()
    pack = load_course_file(root, report)
    if pack is None:
        return None, report
    for language in pack.languages:
        pack.lessons[language] = {}
        pack.quizzes[language] = {}
    for path, relative, lesson_id, language in pack_files(
        root, LESSONS_DIR, (".md",), pack.languages, pack.files, report
    ):
        lesson = load_lesson(path, relative, lesson_id, language, pack, report)
        if lesson is not None:
            pack.lessons[language][lesson_id] = lesson
    for path, relative, quiz_id, language in pack_files(
        root, QUIZZES_DIR, (".yaml", ".yml"), pack.languages, pack.files, report
    ):
        quiz = load_quiz(path, relative, quiz_id, language, pack, report)
        if quiz is not None:
            pack.quizzes[language][quiz_id] = quiz
    return pack, report
