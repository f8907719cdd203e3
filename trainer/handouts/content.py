"""What a module's « fiche réflexe » says, gathered from the course: no layout, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass

from trainer.course.keypoints import key_points
from trainer.course.model import Course, Lesson, Module, Source
from trainer.i18n import N_, _


@dataclass(frozen=True)
class ServiceSpec:
    """A number or service a lesson may name, how to spot it, and what to say about it."""

    name: str
    contact: str
    what: str
    """What it is for, in English, marked for translation."""
    pattern: re.Pattern[str]


def _spot(expression: str) -> re.Pattern[str]:
    return re.compile(expression, re.IGNORECASE)


SERVICES = (
    ServiceSpec(
        "17 · 112",
        "",
        N_("police emergency: someone is in immediate danger"),
        _spot(r"\b(?:appele[rz]|compose[rz]|call|dial)\s+(?:le\s+|the\s+)?17\b|\b112\b"),
    ),
    ServiceSpec(
        "17Cyber",
        "17cyber.gouv.fr",
        N_("victim of a cyberattack or online scam: help online, day and night"),
        _spot(r"\b17\s?cyber\b"),
    ),
    ServiceSpec(
        "Pharos",
        "internet-signalement.gouv.fr",
        N_("report illegal content online: hate, threats, terrorism, child abuse"),
        _spot(r"\bpharos\b|internet-signalement\.gouv\.fr"),
    ),
    ServiceSpec(
        "3018",
        "3018 · 3018.fr",
        N_("cyberbullying: free helpline, which can have content taken down"),
        _spot(r"\b3018\b"),
    ),
    ServiceSpec(
        "Cybermalveillance.gouv.fr",
        "cybermalveillance.gouv.fr",
        N_("advice and approved providers after a cyberattack"),
        _spot(r"cybermalveillance\.gouv\.fr|\bcybermalveillance\b"),
    ),
    ServiceSpec(
        "CNIL",
        "cnil.fr",
        N_("personal data: advice, complaints, breach notification within 72 hours"),
        _spot(r"\bcnil\b"),
    ),
    ServiceSpec(
        N_("Data protection officer (DPO)"),
        "",
        N_("the authority's own contact for any question on personal data"),
        _spot(
            r"\bDPO\b|d[ée]l[ée]gu[ée]e? [àa] la protection des donn[ée]es|data protection officer"
        ),
    ),
    ServiceSpec(
        N_("Ethics adviser (référent déontologue)"),
        "",
        N_("confidential advice on an officer's duties, through the centre de gestion"),
        _spot(r"r[ée]f[ée]rent(?:e)? d[ée]ontologue|ethics adviser"),
    ),
    ServiceSpec(
        "Viginum",
        "sgdsn.gouv.fr",
        N_("foreign digital interference: the State's watch service"),
        _spot(r"\bviginum\b"),
    ),
    ServiceSpec(
        "Arcom",
        "arcom.fr",
        N_("regulator of audiovisual and digital communication"),
        _spot(r"\barcom\b"),
    ),
    ServiceSpec(
        "ANSSI",
        "cyber.gouv.fr",
        N_("national cybersecurity agency: guides and alerts"),
        _spot(r"\banssi\b"),
    ),
    ServiceSpec(
        "Service-public.fr",
        "service-public.fr",
        N_("official procedures, such as filing a complaint"),
        _spot(r"service-public\.fr"),
    ),
)
"""The numbers and services a handout lists when a lesson of its module names them, in order."""


@dataclass(frozen=True)
class Service:
    """A number or service named in a module, as the handout prints it."""

    name: str
    contact: str
    what: str


@dataclass(frozen=True)
class LessonPoints:
    """A lesson's title and its « À retenir » items, markup removed."""

    title: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class Handout:
    """One module's « fiche réflexe »."""

    course_title: str
    module_id: str
    module_title: str
    number: int
    """The module's place in the course, from 1."""
    lessons: tuple[LessonPoints, ...]
    services: tuple[Service, ...]
    sources: tuple[Source, ...]
    version: str | None = None


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def plain_text(markdown: str) -> str:
    """One line of Markdown as plain text: links as their text, a picture as its alternative text,
    emphasis and code marks dropped."""
    text = _LINK.sub(r"\1", _IMAGE.sub(r"\1", markdown))
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def named_services(lessons: tuple[Lesson, ...]) -> tuple[Service, ...]:
    """The numbers and services that `lessons` name, in their body or their sources."""
    text = "\n".join(
        part
        for lesson in lessons
        for part in (
            lesson.body,
            *(source.title for source in lesson.sources),
            *(source.url or "" for source in lesson.sources),
        )
    )
    return tuple(
        Service(_(spec.name), spec.contact, _(spec.what))
        for spec in SERVICES
        if spec.pattern.search(text)
    )


def module_sources(lessons: tuple[Lesson, ...]) -> tuple[Source, ...]:
    """The sources of `lessons`, each once, in the order the lessons give them."""
    seen: dict[tuple[str, str | None], Source] = {}
    for lesson in lessons:
        for source in lesson.sources:
            seen.setdefault((source.title, source.url), source)
    return tuple(seen.values())


def handout(course: Course, module: Module) -> Handout:
    """The « fiche réflexe » of `module`, in the course's language."""
    lessons = []
    for lesson in module.lessons:
        found = key_points(lesson)
        points = tuple(plain_text(item) for item in found.items) if found else ()
        lessons.append(LessonPoints(plain_text(lesson.title), points))
    return Handout(
        course_title=course.title,
        module_id=module.id,
        module_title=module.title,
        number=course.modules.index(module) + 1,
        lessons=tuple(lessons),
        services=named_services(module.lessons),
        sources=module_sources(module.lessons),
        version=course.version,
    )


def handouts(course: Course, module_id: str | None = None) -> list[Handout]:
    """The handouts of every module of `course`, or of `module_id` alone (KeyError if none)."""
    if module_id is None:
        return [handout(course, module) for module in course.modules]
    for module in course.modules:
        if module.id == module_id:
            return [handout(course, module)]
    raise KeyError(module_id)
