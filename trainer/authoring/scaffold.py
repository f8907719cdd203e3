"""`trainer new`: a pack, a lesson or a quiz to start from, in every language of the pack.

Every file written validates clean. Adding a lesson lists it in its module by editing course.yaml
as text, at the place the YAML parser reports, so the trainer's comments and layout survive.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from trainer.course.diagnostics import Report
from trainer.course.loader import COURSE_FILE, LANGUAGE_PATTERN, LESSONS_DIR, QUIZZES_DIR
from trainer.course.model import is_valid_id
from trainer.course.packfiles import read_pack_file
from trainer.course.placeholders import MODEL_TEXTS, MODEL_URL
from trainer.course.schema import KINDS, editor_settings, schema_file, schema_text
from trainer.course.yamlmarks import MarkedList, MarkedMap, YamlError, parse
from trainer.i18n import UI_LANGUAGES, _, current_language, translator


class ScaffoldError(Exception):
    """What stops a scaffold: one line for the trainer."""


def slug(text: str) -> str:
    """An id made from any text: `Mon Cours 2026` → `mon-cours-2026`."""
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", bare).strip("-") or "cours"


TEXTS = MODEL_TEXTS
"""The model texts of a new pack's files, per language (kept in the core so that `trainer
validate` can tell a text left as it was written)."""


def _texts(language: str) -> dict[str, str]:
    return TEXTS.get(language, TEXTS["en"])


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
"""What YAML refuses raw in a file (or folds, for line breaks): written as an escape instead."""


def _quote(text: str) -> str:
    """`text` as a double-quoted YAML string that reads back the same, control characters and all
    (a title typed with `--title` may hold them; the loader then warns about them)."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted) + '"'


def lesson_text(language: str) -> str:
    """A lesson file to fill in."""
    t = _texts(language)
    return (
        f"---\ntitle: {_quote(t['lesson'])}\nminutes: 5\nobjectives:\n  - "
        f"{_quote(t['objective'])}\n"
        f"sources:\n  - title: {_quote(t['source'])}\n    url: "
        f"{MODEL_URL}\n---\n{t['body']}"
    )


def quiz_text(language: str) -> str:
    """A quiz file to fill in: one single-choice and one true/false question, then the four other
    types as comments to copy."""
    t = _texts(language)
    return (
        f"title: {_quote(t['quiz'])}\nquestions:\n"
        f"  - id: question-1\n    type: single\n    prompt: {_quote(t['single'])}\n    choices:\n"
        f"      - text: {_quote(t['right'])}\n        correct: true\n        feedback: "
        f"{_quote(t['right_feedback'])}\n"
        f"      - text: {_quote(t['wrong'])}\n        feedback: {_quote(t['wrong_feedback'])}\n"
        f"    explanation: {_quote(t['explanation'])}\n"
        f"  - id: question-2\n    type: true_false\n    prompt: {_quote(t['statement'])}\n    "
        f"answer: true\n"
        f"    explanation: {_quote(t['explanation'])}\n"
        + OTHER_TYPES.get(language, OTHER_TYPES["en"])
    )


OTHER_TYPES = {
    "fr": """
# Les quatre autres types, à copier au-dessus (retirez les # et gardez l'alignement).
# Un vrai/faux peut aussi avoir un retour pour chaque réponse :
#    feedback_true: "Pour qui a répondu vrai."
#    feedback_false: "Pour qui a répondu faux."
#
#  - id: question-3
#    type: multiple              # plusieurs bonnes réponses possibles
#    prompt: "Quels réflexes sont les bons ?"
#    choices:
#      - text: "Un premier bon réflexe"
#        correct: true
#      - text: "Un second bon réflexe"
#        correct: true
#      - text: "Un réflexe répandu mais faux"
#    explanation: "Pourquoi."
#
#  - id: question-4
#    type: text                  # la personne tape sa réponse
#    prompt: "Quel article du code pénal punit l'usurpation d'identité en ligne ?"
#    accept: ["226-4-1", "article 226-4-1"]   # accents, majuscules et espaces ne comptent pas
#    feedback_wrong: "Le retour pour toute autre réponse."
#    explanation: "Pourquoi."
#
#  - id: question-5
#    type: order                 # les étapes, écrites dans le bon ordre
#    prompt: "Remettez les étapes dans l'ordre."
#    items: ["Première étape", "Deuxième étape", "Troisième étape"]
#    explanation: "Pourquoi."
#
#  - id: question-6
#    type: match                 # chaque élément de gauche avec son élément de droite
#    prompt: "Associez chaque situation à la bonne réaction."
#    pairs:
#      - ["Une situation", "Sa réaction"]
#      - ["Une autre situation", "Son autre réaction"]
#    explanation: "Pourquoi."
""",
    "en": """
# The four other types, to copy above (remove the # and keep the alignment).
# A true/false question may also have a feedback for each answer:
#    feedback_true: "For whoever answered true."
#    feedback_false: "For whoever answered false."
#
#  - id: question-3
#    type: multiple              # more than one right answer is possible
#    prompt: "Which reflexes are the right ones?"
#    choices:
#      - text: "A first right reflex"
#        correct: true
#      - text: "A second right reflex"
#        correct: true
#      - text: "A common but wrong reflex"
#    explanation: "Why."
#
#  - id: question-4
#    type: text                  # the learner types the answer
#    prompt: "Which article of the penal code punishes online identity theft?"
#    accept: ["226-4-1", "article 226-4-1"]   # accents, capitals and spaces do not count
#    feedback_wrong: "The feedback for any other answer."
#    explanation: "Why."
#
#  - id: question-5
#    type: order                 # the steps, written in the right order
#    prompt: "Put the steps in order."
#    items: ["First step", "Second step", "Third step"]
#    explanation: "Why."
#
#  - id: question-6
#    type: match                 # each left item with its right item
#    prompt: "Match each situation with the right reaction."
#    pairs:
#      - ["A situation", "Its reaction"]
#      - ["Another situation", "Its other reaction"]
#    explanation: "Why."
""",
}
"""The four question types the model quiz does not use, as comments to copy (the model itself keeps
two short questions, which a trainer replaces first)."""


def new_course(directory: Path, languages: list[str], title: str | None = None) -> list[Path]:
    """A valid one-module pack in a new (or empty) folder; the files written."""
    if directory.exists() and any(directory.iterdir()):
        raise ScaffoldError(_("{path} is not empty: choose a new folder").format(path=directory))
    for language in languages:
        if not LANGUAGE_PATTERN.fullmatch(language):
            raise ScaffoldError(
                _("`{language}` is not a language code such as fr or en").format(language=language)
            )
    course_id = slug(title or directory.resolve().name)
    titles = {lang: title or _texts(lang)["course"] for lang in languages}
    modules = {lang: _texts(lang)["module"] for lang in languages}
    lines = [f"{_modeline(Path('.'), 'course')}id: {course_id}", "title:"]
    lines += [f"  {lang}: {_quote(text)}" for lang, text in titles.items()]
    lines += [
        f"languages: [{', '.join(languages)}]",
        'version: "1"',
        "pass_mark: 0.8",
        "modules:",
        "  - id: module-1",
        "    title:",
    ]
    lines += [f"      {lang}: {_quote(text)}" for lang, text in modules.items()]
    lines += ["    lessons: [introduction]", ""]
    (directory / LESSONS_DIR).mkdir(parents=True, exist_ok=True)
    (directory / QUIZZES_DIR).mkdir(exist_ok=True)
    written = [directory / COURSE_FILE]
    written[0].write_text("\n".join(lines), encoding="utf-8")
    written += _write_editor_help(directory, languages)
    written += _write_lesson(directory, "introduction", languages)
    written += _write_quiz(directory, "introduction", languages)
    return written


def _write_editor_help(directory: Path, languages: list[str]) -> list[Path]:
    """The pack's JSON Schemas (their descriptions in its first language when trainer speaks it)
    and the VS Code settings that map them, so that the editor checks and explains each key
    offline, as `trainer validate` would."""
    language = languages[0] if languages[0] in UI_LANGUAGES else current_language()
    translate = translator(language)
    written = []
    for kind in KINDS:
        path = directory / schema_file(kind)
        path.parent.mkdir(exist_ok=True)
        path.write_text(schema_text(kind, translate), encoding="utf-8")
        written.append(path)
    settings = directory / ".vscode" / "settings.json"
    settings.parent.mkdir(exist_ok=True)
    settings.write_text(editor_settings(), encoding="utf-8")
    return [*written, settings]


def _modeline(folder: Path, kind: str) -> str:
    """The comment that points yaml-language-server (in any editor) at the pack's schema, from a
    file in `folder` (pack-relative). `trainer` reads it as an ordinary comment."""
    return f"# yaml-language-server: $schema={_schema_path(folder, kind)}\n"


def _schema_path(folder: Path, kind: str) -> str:
    up = "../" * len(folder.parts) if folder.parts else "./"
    return up + schema_file(kind).as_posix()


@dataclass
class PackFacts:
    """What scaffolding needs to know of an existing pack."""

    root: Path
    languages: list[str]
    suffixed: bool
    course: MarkedMap
    text: str


def read_pack(root: Path) -> PackFacts:
    """course.yaml's languages and modules, and whether files carry a language suffix."""
    path = root / COURSE_FILE
    if not path.is_file():
        raise ScaffoldError(
            _("no {file} in {root}: make a pack with `trainer new course DIR`").format(
                file=COURSE_FILE, root=root
            )
        )
    text = _read(root, path)
    try:
        course = parse(text).value
    except YamlError as error:
        raise ScaffoldError(
            f"{path}:{error.mark.line}:{error.mark.column}: {error.text.render(_)}"
        ) from None
    languages = course.get("languages") if isinstance(course, MarkedMap) else None
    if not isinstance(languages, list) or not languages:
        raise ScaffoldError(
            _("{path}: `languages` is missing; run `trainer validate {root}`").format(
                path=path, root=root
            )
        )
    if not all(isinstance(lang, str) and LANGUAGE_PATTERN.fullmatch(lang) for lang in languages):
        # Languages become file names: nothing but a language code may reach a path.
        raise ScaffoldError(
            _(
                "{path}: `languages` holds something that is not a language code; run `trainer "
                "validate {root}`"
            ).format(path=path, root=root)
        )
    lessons = list((root / LESSONS_DIR).glob("*.md")) if (root / LESSONS_DIR).is_dir() else []
    suffixed = len(languages) > 1 or any(p.name.count(".") == 2 for p in lessons)
    return PackFacts(root, [str(lang) for lang in languages], suffixed, course, text)


def _read(root: Path, path: Path) -> str:
    """The text of a pack file, read under the loader's limits; `ScaffoldError` when it cannot
    be."""
    report = Report()
    text = read_pack_file(root, path, report)
    if text is None:
        raise ScaffoldError(report.diagnostics[0].line_text(_))
    return text


def _file_name(item_id: str, language: str, suffix: str, facts_suffixed: bool) -> str:
    return f"{item_id}.{language}{suffix}" if facts_suffixed else f"{item_id}{suffix}"


def _write_lesson(
    root: Path, lesson_id: str, languages: list[str], suffixed: bool = True
) -> list[Path]:
    paths = [
        root / LESSONS_DIR / _file_name(lesson_id, lang, ".md", suffixed) for lang in languages
    ]
    _refuse_existing(paths)
    for path, language in zip(paths, languages, strict=True):
        path.write_text(lesson_text(language), encoding="utf-8")
    return paths


def _write_quiz(
    root: Path, quiz_id: str, languages: list[str], suffixed: bool = True
) -> list[Path]:
    paths = [
        root / QUIZZES_DIR / _file_name(quiz_id, lang, ".yaml", suffixed) for lang in languages
    ]
    _refuse_existing(paths)
    # A pack made by `trainer new course` has its schemas: each quiz points at them.
    modeline = (
        _modeline(Path(QUIZZES_DIR), "quiz") if (root / schema_file("quiz")).is_file() else ""
    )
    for path, language in zip(paths, languages, strict=True):
        path.write_text(modeline + quiz_text(language), encoding="utf-8")
    return paths


def _refuse_existing(paths: list[Path]) -> None:
    for path in paths:
        if path.exists():
            raise ScaffoldError(_("{path} exists already: nothing was written").format(path=path))
        path.parent.mkdir(parents=True, exist_ok=True)


def new_lesson(root: Path, lesson_id: str, module_id: str | None = None) -> list[Path]:
    """A lesson in every language, listed at the end of `module_id` (default: the last module)."""
    if not is_valid_id(lesson_id):
        raise ScaffoldError(
            _("`{id}` is not a valid id: use lower-case letters, digits and hyphens").format(
                id=lesson_id
            )
        )
    facts = read_pack(root)
    modules = facts.course.get("modules")
    if not isinstance(modules, MarkedList) or not modules:
        raise ScaffoldError(
            _("{path} has no module to list the lesson in").format(path=root / COURSE_FILE)
        )
    module = _module(modules, module_id)
    if any(lesson_id in (m.get("lessons") or []) for m in modules if isinstance(m, MarkedMap)):
        raise ScaffoldError(
            _("lesson `{id}` is already listed in course.yaml").format(id=lesson_id)
        )
    written = _write_lesson(root, lesson_id, facts.languages, facts.suffixed)
    (root / COURSE_FILE).write_text(_list_lesson(facts.text, module, lesson_id), encoding="utf-8")
    return [*written, root / COURSE_FILE]


def new_quiz(root: Path, quiz_id: str, lesson_id: str | None = None) -> list[Path]:
    """A quiz in every language: the quiz of the lesson with its id, or of `lesson_id` (whose
    front matter then names it)."""
    if not is_valid_id(quiz_id):
        raise ScaffoldError(
            _("`{id}` is not a valid id: use lower-case letters, digits and hyphens").format(
                id=quiz_id
            )
        )
    facts = read_pack(root)
    target = lesson_id or quiz_id
    lesson_paths = [
        root / LESSONS_DIR / _file_name(target, lang, ".md", facts.suffixed)
        for lang in facts.languages
    ]
    missing = [p for p in lesson_paths if not p.is_file()]
    if missing:
        if lesson_id:
            message = _("no lesson `{id}` ({path} is missing)")
        else:
            message = _(
                "no lesson `{id}` ({path} is missing); name the lesson it belongs to with "
                "--lesson, or add the lesson first with `trainer new lesson {id}`"
            )
        raise ScaffoldError(message.format(id=target, path=missing[0].relative_to(root)))
    written = _write_quiz(root, quiz_id, facts.languages, facts.suffixed)
    if lesson_id and lesson_id != quiz_id:
        for path in lesson_paths:
            path.write_text(_set_front_matter_quiz(_read(root, path), quiz_id), encoding="utf-8")
            written.append(path)
    return written


def _module(modules: MarkedList, module_id: str | None) -> MarkedMap:
    candidates = [m for m in modules if isinstance(m, MarkedMap)]
    if module_id is None:
        return candidates[-1]
    for module in candidates:
        if module.get("id") == module_id:
            return module
    known = ", ".join(str(m.get("id")) for m in candidates)
    raise ScaffoldError(
        _("no module `{module}` in course.yaml (modules: {known})").format(
            module=module_id, known=known
        )
    )


def _list_lesson(text: str, module: MarkedMap, lesson_id: str) -> str:
    """course.yaml's text with `lesson_id` added at the end of the module's lessons."""
    lines = text.split("\n")
    lessons = module.get("lessons")
    if not isinstance(lessons, MarkedList):
        mark = module.key_mark("id")
        indent = " " * (mark.column - 1)
        lines.insert(mark.line, f"{indent}lessons: [{lesson_id}]")
        return "\n".join(lines)
    start = lessons.mark
    line = lines[start.line - 1]
    if line[start.column - 1 :].startswith("["):  # flow style: [a, b]
        row, column = start.line - 1, start.column - 1
        depth = 0
        while row < len(lines):
            for index in range(column, len(lines[row])):
                char = lines[row][index]
                depth += char == "["
                depth -= char == "]"
                if depth == 0:
                    if lessons and not lines[row][:index].strip():
                        # `]` on a line of its own: the new id goes on a line of its own too.
                        previous = row - 1
                        while not lines[previous].strip():
                            previous -= 1
                        if "#" not in lines[previous]:
                            item = lines[previous]
                            indent = item[: len(item) - len(item.lstrip())]
                            lines[previous] = item.rstrip().rstrip(",") + ","
                            lines.insert(previous + 1, indent + lesson_id)
                            return "\n".join(lines)
                    glue = ", " if lessons else ""
                    lines[row] = lines[row][:index] + glue + lesson_id + lines[row][index:]
                    return "\n".join(lines)
            row, column = row + 1, 0
        raise ScaffoldError(_("cannot find the end of the module's lesson list in course.yaml"))
    last = lessons.item_marks[-1]
    indent = " " * (last.column - 3) + "- "
    lines.insert(last.line, f"{indent}{lesson_id}")
    return "\n".join(lines)


def _set_front_matter_quiz(text: str, quiz_id: str) -> str:
    """A lesson's text with `quiz: quiz_id` in its front matter."""
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].startswith("quiz:"):
            lines[index] = f"quiz: {quiz_id}"
            return "\n".join(lines)
        if lines[index].rstrip() in ("---", "..."):
            lines.insert(index, f"quiz: {quiz_id}")
            return "\n".join(lines)
    raise ScaffoldError(_("the lesson has no front matter to name its quiz in"))
