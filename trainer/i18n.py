"""The interface's language: gettext catalogs for French and English, chosen once at start-up.

Strings in the code are English; `trainer/locale/fr/LC_MESSAGES/trainer.po` translates them. The
language follows `--lang`, else the locale, else the pack's first language, and the course content
follows the same choice.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

DOMAIN = "trainer"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
UI_LANGUAGES = ("fr", "en")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    """Use `language` for every string translated from now on (English when there is no catalog)."""
    global _translation, _language
    _language = language
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def translator(language: str) -> Callable[[str], str]:
    """`_` for `language`, whatever the interface's language (a file written for a pack in its
    own language)."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True).gettext


def current_language() -> str:
    """The language set last."""
    return _language


def _(message: str) -> str:
    """`message` in the interface's language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message, in the interface's language."""
    return _translation.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark `message` for translation where it is defined; `_()` translates it where it is shown."""
    return message


def locale_language() -> str | None:
    """The language of the user's locale ($LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG), if set."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        for entry in value.split(":"):
            code = entry.split(".")[0].split("@")[0].split("_")[0].lower()
            if code and code not in ("c", "posix"):
                return code
    return None


def choose_language(flag: str | None, available: Iterable[str]) -> str:
    """`flag`, else the locale's language if the course has it, else the course's first language."""
    available = list(available)
    if flag:
        return flag
    from_locale = locale_language()
    if from_locale in available:
        return from_locale
    return available[0] if available else "en"


def writer_language(flag: str | None, available: Iterable[str]) -> str:
    """The language of the messages for whoever writes a pack: `flag`, else the locale's language
    when the interface speaks it, else the pack's first language it speaks, else English. The
    messages are for the writer, whatever languages the pack is in: an English-speaking trainer
    gets English messages about a French-only pack."""
    if flag:
        return flag
    from_locale = locale_language()
    if from_locale in UI_LANGUAGES:
        return from_locale
    spoken = [language for language in available if language in UI_LANGUAGES]
    return spoken[0] if spoken else "en"


MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def long_date(day: date, today: date | None = None) -> str:
    """A date in words in the interface's language, from the catalog (no system locale needed):
    « 8 décembre », « 8 December »; with the year when `today` is None or in another year."""
    # "1er décembre" in French: the first of the month is an ordinal there.
    number = _("1st") if day.day == 1 and _("1st") != "1st" else str(day.day)
    month = _(MONTHS[day.month - 1])
    if today is not None and today.year == day.year:
        return _("{day} {month}").format(day=number, month=month)
    return _("{day} {month} {year}").format(day=number, month=month, year=day.year)


LANGUAGE_NAMES = {
    "fr": "Français",
    "en": "English",
    "de": "Deutsch",
    "es": "Español",
    "it": "Italiano",
}
"""Each language by its own name, as a learner looks for it in a list."""


def program_line(message: object) -> str:
    """`message` as the program says it on the error stream: `trainer: …`, in French `trainer : …`
    with its no-break space."""
    return _("trainer: {message}").format(message=message)
