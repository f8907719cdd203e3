"""Keys as they really come, and the record's invariants: shared by the burst regression tests and
the monkey test.

A terminal delivers a held key or a paste as one read: every key is queued before the app handles
the first. `Pilot.press` lets the app breathe between keys; `burst` does not.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual import events

TEXT_AFTER_TEXT = {
    "course.yaml": """\
id: texts
title: Text after text
languages: [en]
modules:
  - id: only
    title: The only module
    lessons: [words, numbers]
  - id: more
    title: More of it
    lessons: [choices, reading]
""",
    "lessons/words.md": "---\ntitle: Words\n---\nA lesson of words.\n",
    "lessons/numbers.md": "---\ntitle: Numbers\n---\nA lesson of numbers.\n",
    "lessons/choices.md": "---\ntitle: Choices\n---\nA lesson of choices.\n\n"
    + "A long line of text to scroll. " * 200
    + "\n",
    "lessons/reading.md": "---\ntitle: Reading\n---\nA reading without a quiz.\n",
    "quizzes/choices.yaml": """\
title: Quiz of choices
questions:
  - id: single
    type: single
    prompt: Which one?
    choices:
      - { text: This one, correct: true, feedback: Yes. }
      - { text: That one, feedback: No. }
      - { text: The other, feedback: No. }
    hint: The first.
    explanation: This one.
  - id: several
    type: multiple
    prompt: Which ones?
    choices:
      - { text: A, correct: true }
      - { text: B, correct: true }
      - { text: C }
    explanation: A and B.
  - id: last
    type: text
    prompt: The last word?
    accept: [end]
    explanation: The end.
""",
    "quizzes/words.yaml": """\
title: Quiz of words
questions:
  - id: stock
    type: text
    prompt: Stock or flow?
    accept: [flow]
    hint: It runs.
    explanation: The web of today is a flow.
  - id: moteur
    type: text
    prompt: Which search engine?
    accept: [Google]
    explanation: Google.
  - id: ordre
    type: order
    prompt: Put in order.
    items: [First, Second, Third]
    explanation: In order.
""",
    "quizzes/numbers.yaml": """\
title: Quiz of numbers
questions:
  - id: part
    type: text
    prompt: What share of searches, in percent?
    accept: ["90"]
    explanation: About nine in ten.
  - id: paires
    type: match
    prompt: Match.
    pairs:
      - [Pharos, reporting]
      - [17Cyber, assistance]
    explanation: Each has its role.
  - id: vf
    type: true_false
    prompt: A feed is chronological.
    answer: false
    explanation: Sorted by algorithms.
""",
}
"""A pack whose first quiz asks two free-text questions in a row, and whose second quiz starts with
one: wrong answers to all three make a review of text after text. With the third quiz, every type
of question; the fourth lesson has no quiz."""


def write_text_after_text(root: Path) -> Path:
    """Write the text-after-text pack under `root`; its folder."""
    for name, text in TEXT_AFTER_TEXT.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def load_pack(root: Path):
    from trainer.quiz.pack_check import check_pack

    pack, diagnostics = check_pack(root)
    assert pack is not None and not diagnostics, diagnostics
    return pack


async def burst(pilot, *keys: str) -> None:
    """Send `keys` as one read from the terminal (a held key, a paste), then let the app settle."""
    from textual.keys import _character_to_key

    driver = pilot.app._driver
    for key in keys:
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        character = key if len(key) == 1 else {"enter": "\r", "space": " ", "tab": "\t"}.get(key)
        event = events.Key(name, character)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()


def invariant_breaches(path: Path | str) -> list[str]:
    """What breaks the record's invariants in the store at `path` (empty when all hold): the file
    whole; one finish per attempt; answers only inside an open attempt, once per question; an
    attempt started from a lesson only after that lesson was opened."""
    connection = sqlite3.connect(path)
    try:
        breaches = []
        integrity = connection.execute("PRAGMA integrity_check").fetchall()
        if integrity != [("ok",)]:
            breaches.append(f"integrity_check: {integrity}")
        checks = {
            "two finishes of one attempt": """
                SELECT attempt_id FROM events WHERE kind = 'attempt_finished'
                GROUP BY attempt_id HAVING COUNT(*) > 1""",
            "two answers to one question of an attempt": """
                SELECT attempt_id, question_id FROM events WHERE kind = 'answered'
                GROUP BY attempt_id, question_id HAVING COUNT(*) > 1""",
            "an answer outside an attempt": """
                SELECT a.id FROM events a WHERE a.kind = 'answered' AND NOT EXISTS (
                    SELECT 1 FROM events s
                    WHERE s.uuid = a.attempt_id AND s.kind = 'attempt_started' AND s.id < a.id)""",
            "an answer after its attempt finished": """
                SELECT a.id FROM events a JOIN events f ON f.attempt_id = a.attempt_id
                WHERE a.kind = 'answered' AND f.kind = 'attempt_finished' AND f.id < a.id""",
            "a finish of an attempt never started": """
                SELECT f.id FROM events f WHERE f.kind = 'attempt_finished' AND NOT EXISTS (
                    SELECT 1 FROM events s
                    WHERE s.uuid = f.attempt_id AND s.kind = 'attempt_started' AND s.id < f.id)""",
            "an attempt started before its lesson was opened": """
                SELECT s.id FROM events s
                WHERE s.kind = 'attempt_started' AND s.lesson_id IS NOT NULL
                AND NOT EXISTS (
                    SELECT 1 FROM events o
                    WHERE o.kind = 'lesson_opened' AND o.learner_id = s.learner_id
                    AND o.course_id = s.course_id AND o.lesson_id = s.lesson_id AND o.id < s.id)""",
        }
        for breach, query in checks.items():
            rows = connection.execute(query).fetchall()
            if rows:
                breaches.append(f"{breach}: {rows[:3]}")
        return breaches
    finally:
        connection.close()
