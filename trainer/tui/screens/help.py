"""Help: trainer's own keys for the screen underneath, what that screen is for, and, over a
question, how to answer each type of question."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from trainer.i18n import N_, _
from trainer.tui.bindings import translate_bindings
from trainer.tui.compat import action_allowed, binding_chain

KEY_NAMES = {
    "enter": N_("enter"),
    "escape": N_("esc"),
    "backspace": N_("backspace"),
    "space": N_("space"),
    "tab": N_("tab"),
    "pageup": N_("page up"),
    "pagedown": N_("page down"),
    "question_mark": "?",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "ctrl+q": "ctrl+q",
    "ctrl+p": "ctrl+p",
}
"""Keys as the learner reads them on the keyboard, rather than Textual's glyphs."""

QUESTION_TYPES = [
    ("single", N_("One answer")),
    ("multiple", N_("Several answers")),
    ("true_false", N_("True or false")),
    ("text", N_("Typed answer")),
    ("order", N_("Put in order")),
    ("match", N_("Match")),
]
"""The question types in the order the help explains them, with the name it gives each."""


def key_name(binding: Binding) -> str:
    """How the help writes a binding's key."""
    if binding.key_display:
        return binding.key_display
    return _(KEY_NAMES[binding.key]) if binding.key in KEY_NAMES else binding.key


def own_actions(node: DOMNode) -> set[str]:
    """The actions bound in trainer's own classes of `node`, leaving out those Textual's widgets
    and App bring (focus next, scroll left, copy…), which are not trainer's keys to explain."""
    actions = set()
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("trainer."):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                actions.add(binding.action)
    return actions


def screen_keys(screen: Screen) -> list[tuple[str, str]]:
    """(key, what it does) for each of trainer's keys on `screen`, once each. A key that does
    something now is listed for that (enter: « Answer », not also « Next »); a key idle right now
    is listed all the same (a hint, the review), except the app's keys that belong to another
    screen. Call it while `screen` is the app's current screen."""
    app = screen.app
    candidates: list[tuple[Binding, bool]] = []
    # The same chain Textual walks to dispatch a key: the focused widget, its parents, the screen,
    # the app (Screen.active_bindings reads it too, but drops the keys idle right now).
    for node, bindings in binding_chain(screen):
        own = own_actions(node)
        for _key, binding in bindings:
            # ctrl+q and ? are the same everywhere: written once, at the end.
            if (
                binding.action not in own
                or not binding.description
                or binding.key in ("ctrl+q", "question_mark", "f1")
            ):
                continue
            works = bool(action_allowed(app, binding.action, node))
            if node is app and not works:
                continue  # the dashboard, settings and certificate keys belong to the course map
            candidates.append((binding, works))
    working_keys = {binding.key for binding, works in candidates if works}
    rows: list[tuple[str, str]] = []
    for binding, works in candidates:
        row = (key_name(binding), binding.description)
        if (works or binding.key not in working_keys) and row not in rows:
            rows.append(row)
    rows.append((_("? or F1"), _("This help")))
    rows.append(("ctrl+p", _("Commands: open a lesson by its name, review, certificate…")))
    rows.append(("ctrl+q", _("Quit trainer, from any screen (progress is kept)")))
    return rows


class HelpScreen(ModalScreen[None]):
    """The keys of the current screen, in a box over it that scrolls when it is long."""

    BINDINGS = [
        Binding("escape", "dismiss", N_("Close")),
        Binding("question_mark", "dismiss", N_("Close"), key_display="?"),
        Binding("f1", "dismiss", N_("Close")),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        translate_bindings(self)
        self.under = under
        self.keys = screen_keys(under)
        """Read before this box covers `under`: which app keys work depends on the screen shown."""

    def compose(self) -> ComposeResult:
        keys = Table.grid(
            padding=(0, 2)
        )  # a long description wraps under itself, not under the key
        keys.add_column(no_wrap=True)
        keys.add_column()
        for key, description in self.keys:
            keys.add_row(Text(key, style="bold"), Text(description))
        extra = getattr(self.under, "HELP", "")
        with Vertical(id="help-box"):
            yield Static(_("Help"), classes="title")
            with VerticalScroll(id="help-scroll"):
                if extra:
                    yield Static(Content(_(extra)), id="help-text")
                yield Static(_("Keys"), classes="subtitle")
                yield Static(keys, id="help-keys")
                if hasattr(self.under, "panel"):  # a screen that asks questions: quiz or review
                    yield Static(_("How to answer"), classes="subtitle")
                    yield Static(self._how_to_answer(), id="help-answering")
            yield Static(
                _("Arrows or page keys scroll · escape or ? closes."),
                classes="dim",
                id="help-close",
            )

    def _how_to_answer(self) -> Table:
        """One paragraph per question type, from the instructions the questions themselves show."""
        from trainer.tui.widgets.question_panel import INSTRUCTIONS

        kinds = Table.grid(padding=(0, 1))
        kinds.add_column(no_wrap=True)
        kinds.add_column()
        for kind, name in QUESTION_TYPES:
            if kind in INSTRUCTIONS:
                kinds.add_row(
                    "•",
                    Text.assemble(
                        (_("{name}:").format(name=_(name)), "bold"), " ", _(INSTRUCTIONS[kind])
                    ),
                )
        return kinds

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()  # so arrows and page keys scroll it

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help."""
        self.dismiss(None)
