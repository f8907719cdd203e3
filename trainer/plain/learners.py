"""Who is learning, in plain mode: the learner named, the only one, or one chosen or added by
typing. A name new to a store that already has learners is added only once confirmed, so that a
slip of the keyboard does not start a second record for the same person."""

from __future__ import annotations

from trainer.i18n import _
from trainer.inert import inert
from trainer.plain.conversation import Conversation
from trainer.plain.markdown import wrap
from trainer.plain.responses import listed
from trainer.progress.store import Learner, Store
from trainer.session import Clock


def choose_learner(talk: Conversation, store: Store, name: str | None, clock: Clock) -> Learner:
    """The learner named, else the only one, else the one chosen or added now. A name new to a
    store that has learners is added only once confirmed: a slip must not start a new record."""
    learners = store.learners()
    if name and name.strip():
        name = " ".join(name.split())
        known = store.learner(name)
        if known is not None:
            return known
        if not learners or confirm_new_learner(talk, name, learners):
            try:
                return store.add_learner(name, clock())
            except ValueError as error:
                talk.say(str(error))
    if len(learners) == 1:
        return learners[0]
    if not learners:
        talk.say(
            *wrap(
                _(
                    "Welcome. Short lessons, quizzes with explanations, your progress kept on "
                    "this computer."
                )
            )
        )
        return _new_learner(talk, store, clock)
    talk.say(
        _("Who is learning?"), *listed([inert(learner.name) for learner in learners], numbered=True)
    )
    talk.say(_("Type a number, or a new name to add a learner."))
    while True:
        typed = " ".join(talk.ask(_("Learner:")).split())
        if typed.isdigit() and 1 <= int(typed) <= len(learners):
            return learners[int(typed) - 1]
        if typed.isdigit():
            talk.say(
                _("There is no learner {number}: type a number from 1 to {count}.").format(
                    number=typed, count=len(learners)
                )
            )
            continue
        if typed:
            return store.learner_or_new(typed, clock())
        talk.say(_("Please type a name."))


def confirm_new_learner(talk: Conversation, name: str, learners: list[Learner]) -> bool:
    """Ask whether `name`, unknown here, is a new learner to add; False to choose among others."""
    talk.say(
        *wrap(
            _("No learner is named “{name}” yet; the learners here: {names}.").format(
                name=inert(name), names=", ".join(inert(learner.name) for learner in learners)
            )
        )
    )
    # Both languages' words are understood, so that a script works whatever the interface says.
    yes, no = {"y", "yes", "o", "oui", _("y"), _("yes")}, {"n", "no", "non", _("n"), _("no")}
    while True:
        typed = (
            talk.ask(_("Add “{name}” as a new learner? (y/n)").format(name=inert(name)))
            .strip()
            .casefold()
        )
        if typed in yes or typed in no:
            return typed in yes
        talk.say(_("Type y to add this new learner, or n to choose among the learners here."))


def _new_learner(talk: Conversation, store: Store, clock: Clock) -> Learner:
    talk.say(_("What name should your progress be kept under?"))
    while True:
        typed = " ".join(talk.ask(_("Your name:")).split())
        if typed:
            return store.learner_or_new(typed, clock())
        talk.say(_("Please type a name."))
