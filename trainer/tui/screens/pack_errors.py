"""The pack's errors, shown by the live preview instead of quitting, until they are fixed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from trainer.course.diagnostics import SEVERITY_WORDS, Diagnostic
from trainer.i18n import N_, _, ngettext
from trainer.inert import inert
from trainer.tui.bindings import translate_bindings


class PackErrorsScreen(Screen[None]):
    """`path:line:col: severity: message`, one a line; the preview replaces it when the pack
    loads."""

    BINDINGS = [Binding("q", "app.quit", N_("Quit"))]
    HELP = N_("Fix the files and save them: the preview reloads by itself.")

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__()
        translate_bindings(self)
        self.diagnostics = diagnostics

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="pack-errors"):
            yield Static("", classes="title", id="errors-title")
            yield Static("", id="errors-list")
            yield Static(
                _("Fix the files and save them: the preview reloads by itself."), classes="dim"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.show(self.diagnostics)

    def show(self, diagnostics: list[Diagnostic]) -> None:
        """Show a new list of diagnostics."""
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.is_error]
        self.query_one("#errors-title", Static).update(
            ngettext("The pack has {n} error", "The pack has {n} errors", len(errors)).format(
                n=len(errors)
            )
        )
        lines = [
            Content.assemble(
                (d.place, "bold"),
                ": ",
                (
                    _(SEVERITY_WORDS[d.severity.value]),
                    "$text-error" if d.is_error else "$text-warning",
                ),
                ": ",
                inert(d.shown(_)),
            )
            # The errors first: they are what keeps the preview from opening.
            for d in sorted(diagnostics, key=lambda d: not d.is_error)
        ]
        self.query_one("#errors-list", Static).update(Content("\n").join(lines))
