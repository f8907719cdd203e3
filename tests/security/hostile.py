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
