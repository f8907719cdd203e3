"""The learner's settings, applied at once and kept in the store: language, theme, shuffle, pass
mark, daily review size, group."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Header,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
    Switch,
)

from trainer.i18n import N_, _
from trainer.inert import inert
from trainer.progress.groups import GROUP_MAX, GROUP_SETTING, GroupError, clean_group, saved_group
from trainer.session import REVIEW_SIZES, Session
from trainer.tui.bindings import translate_bindings
from trainer.tui.compat import highlight_radio
from trainer.tui.messages import LanguageChosen
from trainer.tui.themes import theme_choices

LANGUAGE_NAMES = {
    "fr": "Français",
    "en": "English",
    "de": "Deutsch",
    "es": "Español",
    "it": "Italiano",
}


def switch_state(on: bool) -> str:
    """A switch's state in words."""
    return _("turned on") if on else _("turned off")


class SettingsScreen(Screen[None]):
    """Each setting applies as soon as it changes."""

    BINDINGS = [Binding("escape", "back", N_("Back"))]
    HELP = N_(
        "Each setting applies at once and is kept for you. Tab goes from one setting to the next; "
        "arrows and enter choose the language, enter opens the list of themes, enter or space "
        "turns a switch on or off."
    )

    def __init__(self, session: Session, languages: Sequence[str]) -> None:
        super().__init__()
        translate_bindings(self)
        self.session = session
        self.languages = languages
        """The languages the course is written in, to choose from."""
        self.saved = session.store.settings(session.learner)

    def compose(self) -> ComposeResult:
        current = self.session.course.language
        yield Header()
        with VerticalScroll(id="settings"):
            yield Static(
                Content(_("Settings of {name}").format(name=inert(self.session.learner.name))),
                classes="title",
            )
            yield Label(_("Language of the interface and the course"))
            with RadioSet(id="language"):
                for code in self.languages:
                    yield RadioButton(
                        LANGUAGE_NAMES.get(code, code), value=code == current, name=code
                    )
            yield Label(_("Theme"))
            yield Select(
                theme_choices(self.app.available_themes),
                value=self.app.theme,
                allow_blank=False,
                id="theme",
            )
            for key, label in (
                ("shuffle", _("Shuffle the choices of each question (off: in the order written)")),
                ("show_pass_mark", _("Show the pass mark in quizzes and results")),
            ):
                on = self.saved.get(key, "on") == "on"
                with Horizontal(classes="setting-row"):
                    yield Switch(on, id=key)
                    # Said in words, not by the switch's colour alone.
                    yield Label(switch_state(on), id=f"{key}-state", classes="switch-state")
                    yield Label(label, classes="setting-label")
            yield Label(_("Questions to review a day"))
            size = self.session.review_size()
            sizes = sorted({*REVIEW_SIZES, size})
            yield Select(
                [(str(n), n) for n in sizes], value=size, allow_blank=False, id="review_size"
            )
            yield Label(_("Group: your service, direction or cohort (empty: none)"))
            yield Input(
                self.saved.get(GROUP_SETTING, ""),
                placeholder=_("no group"),
                max_length=GROUP_MAX,
                id="group",
            )
            yield Label("", id="group-problem", classes="switch-state")
        yield Footer()

    def on_mount(self) -> None:
        # The first control has the focus, so arrows and enter work at once (and again after a
        # language switch, which opens the settings anew).
        languages = self.query_one("#language", RadioSet)
        # RadioSet highlights its first button whatever is on; highlight the language in use, so
        # that enter right after a switch does not switch back.
        highlight_radio(languages, max(languages.pressed_index, 0))
        languages.focus()

    def _save(self, key: str, value: str) -> None:
        self.session.store.save_setting(self.session.learner, key, value)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        if not self.is_current:
            return  # queued before the screen was replaced (a burst of keys)
        language = event.pressed.name
        if language and language != self.session.course.language:
            self._save("language", language)
            # The app switches, then shows the settings anew in the language chosen.
            self.post_message(LanguageChosen(self, language))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if not self.is_current:
            return  # queued before the screen was replaced (a burst of keys)
        if event.select.id == "review_size":
            if event.value != Select.BLANK and event.value != self.session.review_size():
                self._save("review_size", str(event.value))
            return
        if event.value and event.value != Select.BLANK:
            self.app.theme = str(event.value)
            self._save("theme", str(event.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if not self.is_current or event.input.id != "group":
            return
        problem = self.query_one("#group-problem", Label)
        try:
            group = clean_group(event.value)
        except GroupError as error:
            problem.update(str(error))  # kept as it was until the name is one
            return
        problem.update("")
        if group != saved_group(self.saved):
            self.session.store.save_group(self.session.learner, group)
            self.saved = self.session.store.settings(self.session.learner)

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        if not self.is_current:
            return  # queued before the screen was replaced (a burst of keys)
        if event.switch.id is None:
            return
        self._save(event.switch.id, "on" if event.value else "off")
        self.query_one(f"#{event.switch.id}-state", Label).update(switch_state(event.value))

    def action_back(self) -> None:
        """Back to where the learner was."""
        self.app.pop_screen()
