"""The learner's settings in plain mode: the same ones the app's Settings screen keeps, those that
mean something without a screen (the language, the daily review size, shuffling, the group)."""

from __future__ import annotations

from collections.abc import Sequence

from trainer.i18n import LANGUAGE_NAMES, _
from trainer.inert import inert
from trainer.plain.conversation import Conversation
from trainer.plain.responses import listed
from trainer.progress.groups import GroupError, clean_group
from trainer.records import replace
from trainer.session import Session

MAX_REVIEW_SIZE = 500
"""The largest daily review size typed in; more would be no limit at all."""


def change_settings(talk: Conversation, session: Session, languages: Sequence[str]) -> str | None:
    """Show the learner's settings and change them until enter; the language chosen, when the
    learner chose another one (the menu then speaks it)."""
    store, learner = session.store, session.learner
    while True:
        settings = store.learner_settings(learner)
        entries = {
            "size": _("Questions to review a day: {n}").format(n=session.review_size()),
            "shuffle": _("Shuffle questions and choices in quizzes that allow it: {state}").format(
                state=_("on") if settings.shuffle else _("off")
            ),
            "group": _("Group (service, direction, cohort): {name}").format(
                name=inert(settings.group) if settings.group else _("no group")
            ),
        }
        if len(languages) > 1:
            entries = {
                "language": _("Language of the interface and the course: {name}").format(
                    name=LANGUAGE_NAMES.get(session.course.language, session.course.language)
                ),
                **entries,
            }
        keys = list(entries)
        talk.blank()
        talk.say(_("Settings of {name}").format(name=inert(learner.name)))
        talk.say(*listed(list(entries.values()), numbered=True))
        talk.say(_("Type a setting's number to change it, or enter to go back to the menu."))
        typed = talk.ask(_("Your choice:")).strip()
        if typed == "":
            return None
        if not typed.isdigit() or not 1 <= int(typed) <= len(keys):
            talk.say(_("Please type a number from 1 to {count}, or enter.").format(count=len(keys)))
            continue
        key = keys[int(typed) - 1]
        if key == "shuffle":
            store.save_learner_settings(learner, replace(settings, shuffle=not settings.shuffle))
        elif key == "size":
            ask_review_size(talk, session)
        elif key == "group":
            ask_group(talk, session)
        else:
            chosen = ask_language(talk, languages)
            if chosen and chosen != session.course.language:
                store.save_learner_settings(learner, replace(settings, language=chosen))
                return chosen


def ask_review_size(talk: Conversation, session: Session) -> None:
    """Ask for the number of questions to review a day, and keep it; enter keeps it as it is."""
    while True:
        typed = talk.ask(
            _("Questions to review a day (1 to {most}):").format(most=MAX_REVIEW_SIZE)
        ).strip()
        if not typed:
            return
        if typed.isdigit() and 1 <= int(typed) <= MAX_REVIEW_SIZE:
            store, learner = session.store, session.learner
            settings = replace(store.learner_settings(learner), review_size=int(typed))
            store.save_learner_settings(learner, settings)
            return
        talk.say(
            _("Please type a number from 1 to {count}, or enter.").format(count=MAX_REVIEW_SIZE)
        )


def ask_group(talk: Conversation, session: Session) -> None:
    """Ask for the learner's group, and keep it; enter keeps it as it is, `-` leaves none."""
    while True:
        typed = talk.ask(_("Your group (enter keeps it, - for none):")).strip()
        if not typed:
            return
        try:
            group = None if typed == "-" else clean_group(typed)
        except GroupError as error:
            talk.say(str(error))
            continue
        session.store.save_group(session.learner, group)
        return


def ask_language(talk: Conversation, languages: Sequence[str]) -> str | None:
    """Ask which language to use; None when the learner presses enter."""
    talk.say(*listed([LANGUAGE_NAMES.get(code, code) for code in languages], numbered=True))
    while True:
        typed = talk.ask(_("Language:")).strip()
        if not typed:
            return None
        if typed.isdigit() and 1 <= int(typed) <= len(languages):
            return languages[int(typed) - 1]
        talk.say(
            _("Please type a number from 1 to {count}, or enter.").format(count=len(languages))
        )
