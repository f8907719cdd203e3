"""The cmi5 course structure of a pack (`cmi5.xml`) and its package (a zip with it at its root).

One assignable unit (AU) per module, launched at `<BASE>/cmi5/<module id>` on `trainer serve`:
- titles and descriptions in every language of the pack (`langstring`);
- a module with quizzes is satisfied when completed and passed (`moveOn="CompletedAndPassed"`):
  completed when every lesson of it was opened, passed when its score, the quizzes' best scores
  weighed by their points, reaches `masteryScore`, the pass mark of its quizzes (their lowest,
  when they differ: a learner who passed each quiz at its own mark reaches it);
- a module without a quiz has nothing to pass: it is satisfied when completed
  (`moveOn="Completed"`, no `masteryScore`);
- `launchMethod="OwnWindow"`: the served page refuses to be framed by another site (see
  `trainer.web.serve`), so the LMS opens it in its own window or tab.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Mapping
from xml.etree import ElementTree

from trainer.course.model import Course, Module, Quiz

NAMESPACE = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
STRUCTURE_FILE = "cmi5.xml"
LAUNCH_PATH = "cmi5"
"""AUs are launched at `<BASE>/cmi5/<module id>`."""


class StructureError(ValueError):
    """The base URL is not one an LMS can launch."""


def course_iri(base: str, course: Course) -> str:
    """The course's id in the structure (the publisher's, not the LMS's)."""
    return f"{base.rstrip('/')}/courses/{course.id}"


def au_iri(base: str, course: Course, module_id: str) -> str:
    """An AU's publisher id: the LMS puts it in the grouping of every statement's context."""
    return f"{course_iri(base, course)}/modules/{module_id}"


def launch_url(base: str, module_id: str) -> str:
    """Where the LMS launches a module's AU, before it adds the launch parameters."""
    return f"{base.rstrip('/')}/{LAUNCH_PATH}/{module_id}"


def module_quizzes(course: Course, module: Module) -> list[Quiz]:
    """The quizzes of a module's lessons, in course order."""
    quizzes = [course.quiz_of(lesson) for lesson in module.lessons]
    return [quiz for quiz in quizzes if quiz is not None]


def mastery_score(course: Course, module: Module) -> float | None:
    """The scaled score that passes a module (4 decimals at most, as cmi5 has it); None for a
    module without a quiz."""
    quizzes = module_quizzes(course, module)
    if not quizzes:
        return None
    lowest = min(course.pass_mark_of(quiz) for quiz in quizzes)
    return math.floor(lowest * 10_000) / 10_000


def _check_base(base: str) -> str:
    if not base.startswith(("https://", "http://")) or len(base) <= len("https://"):
        raise StructureError(base)
    return base.rstrip("/")


def _langstrings(parent: ElementTree.Element, tag: str, texts: Mapping[str, str]) -> None:
    element = ElementTree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    for language, text in texts.items():
        langstring = ElementTree.SubElement(element, f"{{{NAMESPACE}}}langstring", lang=language)
        langstring.text = text


def _module_description(module: Module) -> str:
    """A module described by its lessons' titles: in the module's language, with no word to
    translate."""
    return " · ".join(lesson.title for lesson in module.lessons) or module.title


def course_structure(courses: Mapping[str, Course], base: str) -> bytes:
    """`cmi5.xml` for a course in its languages (language → course, the first the default)."""
    base = _check_base(base)
    default = next(iter(courses.values()))
    ElementTree.register_namespace("", NAMESPACE)
    root = ElementTree.Element(f"{{{NAMESPACE}}}courseStructure")
    course_element = ElementTree.SubElement(
        root, f"{{{NAMESPACE}}}course", id=course_iri(base, default)
    )
    _langstrings(course_element, "title", {lang: c.title for lang, c in courses.items()})
    _langstrings(
        course_element,
        "description",
        {lang: c.description or c.title for lang, c in courses.items()},
    )
    for module in default.modules:
        versions = {
            lang: next((m for m in c.modules if m.id == module.id), module)
            for lang, c in courses.items()
        }
        attributes = {"id": au_iri(base, default, module.id), "launchMethod": "OwnWindow"}
        mastery = mastery_score(default, module)
        if mastery is None:
            attributes["moveOn"] = "Completed"
        else:
            attributes["moveOn"] = "CompletedAndPassed"
            attributes["masteryScore"] = f"{mastery:g}"
        au = ElementTree.SubElement(root, f"{{{NAMESPACE}}}au", attributes)
        _langstrings(au, "title", {lang: m.title for lang, m in versions.items()})
        _langstrings(
            au, "description", {lang: _module_description(m) for lang, m in versions.items()}
        )
        url = ElementTree.SubElement(au, f"{{{NAMESPACE}}}url")
        url.text = launch_url(base, module.id)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def course_package(courses: Mapping[str, Course], base: str) -> bytes:
    """The course package: a zip with `cmi5.xml` at its root (the AUs are on the server, not in
    the zip)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(STRUCTURE_FILE, course_structure(courses, base))
    return buffer.getvalue()
