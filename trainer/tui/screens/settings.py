"""The learner's settings, applied at once and kept in the store: language, theme, shuffle, pass
mark."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Header,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
    Switch,
)

from trainer.i18n import N_, _
from trainer.session import Session
from trainer.tui.bindings import translate_bindings

LANGUAGE_NAMES = {"fr": "Français", "en": "English", "de": "Deutsch", "es": "Español", "it": "Italiano"}


class SettingsScreen(Screen[None]):
    """Each setting applies as soon as it changes."""

    BINDINGS = [Binding("escape", "back", N_("Back"))]

    def __init__(self, session: Session) -> None:
        super().__init__()
        translate_bindings(self)
        self.session = session
        self.saved = session.store.settings(session.learner)

    def compose(self) -> ComposeResult:
        languages = self.app.pack.languages if self.app.pack else (self.session.course.language,)
        current = self.session.course.language
        yield Header()
        with VerticalScroll(id="settings"):
            yield Static(_("Settings of {name}").format(name=self.session.learner.name), classes="title")
            yield Label(_("Language of the interface and the course"))
            with RadioSet(id="language"):
                for code in languages:
                    yield RadioButton(LANGUAGE_NAMES.get(code, code), value=code == current, name=code)
            yield Label(_("Theme"))
            themes = sorted(self.app.available_themes)
            yield Select([(name, name) for name in themes], value=self.app.theme, allow_blank=False, id="theme")
            with Horizontal(classes="setting-row"):
                yield Switch(self.saved.get("shuffle", "on") == "on", id="shuffle")
                yield Label(_("Shuffle the choices of each question (off: in the order written)"))
            with Horizontal(classes="setting-row"):
                yield Switch(self.saved.get("show_pass_mark", "on") == "on", id="show_pass_mark")
                yield Label(_("Show the pass mark in quizzes and results"))
        yield Footer()

    def _save(self, key: str, value: str) -> None:
        self.session.store.save_setting(self.session.learner, key, value)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        language = event.pressed.name
        if language and language != self.session.course.language:
            self._save("language", language)
            self.app.switch_language(language)
            self.app.push_screen(SettingsScreen(self.app.session))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value and event.value != Select.BLANK:
            self.app.theme = str(event.value)
            self._save("theme", str(event.value))

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        self._save(event.switch.id, "on" if event.value else "off")

    def action_back(self) -> None:
        """Back to where the learner was."""
        self.app.pop_screen()
