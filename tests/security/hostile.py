"""A pack written to attack a terminal: every text field holds escape sequences, an OSC 8
hyperlink, a bell, a C1 control, a bidi override and Rich markup."""

from __future__ import annotations

from pathlib import Path

HOSTILE_YAML = (
    r"[bold red]markup[/] [link=https://markup.invalid]link[/link] \e[31mred\e[0m "
    r"\e]8;;https://osc8.invalid\aosc8\e]8;;\a bell\a \x9b2J \u202egnp.exe \u2066iso\u2069"
)
"""As a double-quoted YAML string: YAML refuses raw controls but builds them from escapes."""

HOSTILE = (
    "[bold red]markup[/] [link=https://markup.invalid]link[/link] \x1b[31mred\x1b[0m "
    "\x1b]8;;https://osc8.invalid\x07osc8\x1b]8;;\x07 bell\x07 \x9b2J \u202egnp.exe \u2066iso\u2069"
)
"""The same text, as the loader reads it."""

RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\u2069")


def quoted(text: str = HOSTILE_YAML) -> str:
    return f'"{text}"'


def write_hostile_pack(root: Path) -> Path:
    """A one-language pack, valid but for warnings, with hostile text in every text field."""
    h = quoted()
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text(
        f"id: hostile\ntitle: {h}\ndescription: {h}\nlanguages: [en]\n"
        f"modules:\n  - id: m\n    title: {h}\n    lessons: [one]\n",
        encoding="utf-8",
    )
    (root / "lessons" / "one.md").write_text(
        f"---\ntitle: {h}\nobjectives: [{h}]\nsources:\n  - title: {h}\n    url: https://example.org/\n---\n"
        f"# {HOSTILE}\n\n{HOSTILE}\n\n[{HOSTILE}](https://example.org/a-real-link)\n",
        encoding="utf-8",
    )
    (root / "quizzes" / "one.yaml").write_text(
        f"""title: {h}
questions:
  - id: single
    type: single
    prompt: {h}
    hint: {h}
    explanation: {h}
    choices:
      - text: {h}
        correct: true
        feedback: {h}
      - text: "plain [b]two[/b]"
  - id: multiple
    type: multiple
    prompt: {h}
    explanation: {h}
    choices:
      - {{text: {h}, correct: true}}
      - {{text: "other"}}
  - id: truth
    type: true_false
    prompt: {h}
    answer: true
    explanation: {h}
  - id: typed
    type: text
    prompt: {h}
    accept: [{h}, "typed"]
    explanation: {h}
  - id: steps
    type: order
    prompt: {h}
    items: [{h}, "second"]
    explanation: {h}
  - id: pairs
    type: match
    prompt: {h}
    pairs: [[{h}, "right one"], ["left two", {h}]]
    explanation: {h}
""",
        encoding="utf-8",
    )
    return root


ANSWERS = "single: 1\nmultiple: [1]\ntruth: true\ntyped: typed\nsteps: [1, 2]\npairs: [1, 2]\n"
"""Right answers to the hostile quiz, for `trainer quiz`."""


HOSTILE_NAME = (
    "Eve \x1b]52;c;SGFja2Vk\x07 \x1b]0;PWNED-TITLE\x07 \x1b[2J \x9b31m \u202eRTL "
    "[@click=app.quit]x[/] Dupont [RH]"
)
"""A learner's name that writes the clipboard (OSC 52), retitles the window, clears the screen,
uses a C1 CSI and a bidi override, and holds Textual markup."""

FORMULA_ANSWER = "Pariser\r=cmd|' /C calc'!A0"
"""A typed answer that starts a spreadsheet row with a formula after a bare carriage return."""


def write_hostile_store(path: Path, pack_root: Path) -> None:
    """A progress file for the hostile pack: `HOSTILE_NAME` completed the course with full marks,
    "Pariser" typed `FORMULA_ANSWER`; then, as SQL would write them, a learner and events whose
    names and ids hold escape sequences and markup."""
    import sqlite3
    from datetime import UTC, datetime, timedelta

    from trainer.progress.store import Store
    from trainer.quiz.pack_check import check_pack
    from trainer.session import Session

    pack, _ = check_pack(pack_root)
    assert pack is not None
    course = pack.course()
    quiz = course.quizzes["one"]
    moments = iter(
        datetime(2026, 3, 2, 9, 0, tzinfo=UTC) + timedelta(seconds=n) for n in range(10_000)
    )
    right = {
        "single": 1,
        "multiple": [1],
        "truth": True,
        "typed": "typed",
        "steps": [1, 2],
        "pairs": [1, 2],
    }
    store = Store.open(path)
    try:
        for name, typed in ((HOSTILE_NAME, "typed"), ("Pariser", FORMULA_ANSWER)):
            session = Session(
                course,
                store,
                store.add_learner(name, next(moments)),
                lambda: next(moments),
                lambda: 7,
            )
            session.open_lesson(course.lessons[0])
            run = session.start(quiz, "one")
            for question in quiz.questions:
                run.answer(question, typed if question.id == "typed" else right[question.id])
            run.finish()
    finally:
        store.close()
    hostile_id = "=cmd|x \x1b]0;ID-TITLE\x07 \x9b [link=file:///etc/passwd]id[/link]"
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO learners (name, created_at) VALUES (?, ?)",
            (
                "[link=file:///etc/passwd]Mallory[/link]\n\x1b]52;c;TWFsbG9yeQ==\x07 x[/]",
                "2026-03-02T10:00:00+00:00",
            ),
        )
        learner_id = connection.execute("SELECT max(id) FROM learners").fetchone()[0]
        connection.execute(
            "INSERT INTO events (uuid, learner_id, course_id, kind, lesson_id, language, "
            "payload, at) VALUES (?, ?, ?, 'lesson_opened', ?, 'en', '{}', ?)",
            ("hostile-event-1", learner_id, course.id, hostile_id, "2026-03-02T10:00:01+00:00"),
        )
    connection.close()
