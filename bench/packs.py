"""Packs written for the benchmarks: a large pack, a pack with one very long lesson, a tiny pack.

Every generated pack is in one language (fr, files named `<id>.fr.md` and `<id>.fr.yaml`) and
validates with no error and no warning, so that the loader and the validator do all their work.
"""

from __future__ import annotations

from pathlib import Path

import yaml

try:  # LibYAML writes the 2,001 files several times faster than the pure-Python dumper.
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

QUESTION_KINDS = ("single", "multiple", "true_false", "text", "order", "match")


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def _kind(lesson_number: int, question_number: int) -> str:
    return QUESTION_KINDS[(lesson_number + question_number) % len(QUESTION_KINDS)]


def _question(number: int, kind: str) -> dict:
    """One question of `kind`, with an explanation so that the validator has nothing to warn of."""
    question: dict = {
        "id": f"q{number}",
        "type": kind,
        "prompt": f"Question {number} : que doit faire l'agent face à la **situation {number}** ?",
        "explanation": f"La règle {number} s'applique : on vérifie, on garde une trace, on "
        "signale.",
    }
    if kind == "single":
        question["choices"] = [
            {
                "text": "Vérifier par un canal sûr",
                "correct": True,
                "feedback": "Oui : c'est la règle.",
            },
            {
                "text": "Répondre tout de suite",
                "feedback": "Non : l'urgence est un signal d'alerte.",
            },
            {"text": "Ne rien faire"},
        ]
    elif kind == "multiple":
        question["choices"] = [
            {"text": "Faire une capture d'écran", "correct": True},
            {"text": "Masquer le commentaire", "correct": True},
            {"text": "Polémiquer en public"},
            {"text": "Orienter vers le formulaire", "correct": True},
        ]
    elif kind == "true_false":
        question["answer"] = number % 2 == 0
    elif kind == "text":
        question["accept"] = ["226-4-1", "article 226-4-1"]
    elif kind == "order":
        question["items"] = [
            "Ne pas payer",
            "Appeler le maire",
            "Prévenir le comptable",
            "Signaler",
        ]
    else:
        question["pairs"] = [
            ["Pharos", "contenus illicites"],
            ["17Cyber", "assistance"],
            ["CNIL", "données"],
        ]
    return question


def _lesson_text(lesson_id: str, number: int, sections: int) -> str:
    front = {
        "title": f"Leçon {number} : les réseaux sociaux et la collectivité",
        "minutes": 5 + number % 10,
        "objectives": [f"Comprendre la règle {number}", f"Appliquer la règle {number} à un cas"],
        "quiz": lesson_id,
        "sources": [{"title": f"Source {number}", "url": "https://www.cap-com.org/"}],
    }
    return "---\n" + _dump(front) + "---\n" + lesson_body(sections)


def lesson_body(sections: int) -> str:
    """Markdown of `sections` sections, each a heading, a paragraph, a list, every fifth a table."""
    parts = []
    for number in range(1, sections + 1):
        parts.append(f"## Section {number}\n")
        parts.append(
            "Une semaine à la mairie : la chargée de communication vit la **situation "
            f"{number}**. Pour chacune, les faits, le raisonnement et la règle ; on garde une "
            "trace, on vérifie par un canal sûr et on signale aux bons interlocuteurs, *sans "
            "polémiquer en public*.\n"
        )
        parts.append(
            "- garder une trace datée\n- vérifier par un canal sûr\n- prévenir sa hiérarchie\n"
        )
        if number % 5 == 0:
            parts.append(
                "| service | rôle |\n|---|---|\n| Pharos | signalement |\n"
                "| 17Cyber | assistance |\n"
            )
    return "\n".join(parts)


def write_pack(
    root: Path, lessons: int, questions_per_quiz: int, sections: int = 3, per_module: int = 20
) -> Path:
    """Write a pack of `lessons` lessons, each with its quiz, into `root`; return `root`."""
    root = Path(root)
    (root / "lessons").mkdir(parents=True, exist_ok=True)
    (root / "quizzes").mkdir(parents=True, exist_ok=True)
    ids = [f"lecon-{number:04d}" for number in range(1, lessons + 1)]
    modules = [
        {
            "id": f"module-{start // per_module + 1:03d}",
            "title": f"Module {start // per_module + 1}",
            "lessons": ids[start : start + per_module],
        }
        for start in range(0, lessons, per_module)
    ]
    course = {
        "id": "bench",
        "title": "Banc d'essai",
        "languages": ["fr"],
        "pass_mark": 0.8,
        "modules": modules,
    }
    (root / "course.yaml").write_text(_dump(course), encoding="utf-8")
    for number, lesson_id in enumerate(ids, 1):
        (root / "lessons" / f"{lesson_id}.fr.md").write_text(
            _lesson_text(lesson_id, number, sections), encoding="utf-8"
        )
        quiz = {
            "title": f"Quiz {number}",
            "questions": [
                _question(index, _kind(number, index)) for index in range(1, questions_per_quiz + 1)
            ],
        }
        (root / "quizzes" / f"{lesson_id}.fr.yaml").write_text(_dump(quiz), encoding="utf-8")
    return root


def write_large_pack(root: Path) -> Path:
    """The 1,000-lesson, 5,000-question pack (one language, 2,001 files)."""
    return write_pack(root, lessons=1000, questions_per_quiz=5)


def write_long_lesson_pack(root: Path, sections: int = 400) -> Path:
    """A pack of one lesson of `sections` sections (and its quiz)."""
    return write_pack(root, lessons=1, questions_per_quiz=5, sections=sections)


def write_tiny_pack(root: Path) -> Path:
    """A pack of one lesson and its 5-question quiz: `trainer validate` on it is start-up only."""
    return write_pack(root, lessons=1, questions_per_quiz=5)


RIGHT_ANSWERS = {
    "single": 1,
    "multiple": [1, 2, 4],
    "true_false": None,  # depends on the question's number
    "text": "Article 226-4-1",
    "order": [1, 2, 3, 4],
    "match": [1, 2, 3],
}


def answers_file(path: Path, questions: int = 5) -> Path:
    """The right answers to the first lesson's quiz, as `trainer quiz --answers` reads them."""
    answers = {}
    for index in range(1, questions + 1):
        kind = _kind(1, index)
        answers[f"q{index}"] = index % 2 == 0 if kind == "true_false" else RIGHT_ANSWERS[kind]
    path.write_text(_dump(answers), encoding="utf-8")
    return path


def pack_files(root: Path) -> list[Path]:
    """Every file of a pack that the loader parses: course.yaml, lessons, quizzes."""
    root = Path(root)
    return [
        root / "course.yaml",
        *sorted((root / "lessons").iterdir()),
        *sorted((root / "quizzes").iterdir()),
    ]
