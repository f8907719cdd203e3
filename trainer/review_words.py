"""A spaced review's outcome in words, the same in the app and in plain mode: how many were
right, what today's review size left for tomorrow, and when the next review falls due, as a date
in the learner's language."""

from __future__ import annotations

import math
from datetime import datetime

from trainer.i18n import _, long_date, ngettext
from trainer.session import ReviewRun, Session


def days_until(when: datetime, now: datetime) -> int:
    """Whole days from `now` until `when`, rounded up: what « in n days » says."""
    return max(1, math.ceil((when - now).total_seconds() / 86400))


def due_date(when: datetime, now: datetime) -> str:
    """The day `when` falls on, in words, local time: « 8 décembre » (the year when it differs)."""
    return long_date(when.astimezone().date(), now.astimezone().date())


def next_review(session: Session, now: datetime) -> str | None:
    """« Next review in 2 days, on 8 December. », or None when nothing will fall due."""
    upcoming = session.next_review(now)
    if upcoming is None:
        return None
    days = days_until(upcoming, now)
    return ngettext(
        "Next review in {n} day, on {date}.", "Next review in {n} days, on {date}.", days
    ).format(n=days, date=due_date(upcoming, now))


def review_outcome(run: ReviewRun, now: datetime) -> list[str]:
    """The sentences that close a review, one a line."""
    total = len(run.items)
    lines = []
    if total:
        lines.append(
            ngettext(
                "{right} of {total} question right.", "{right} of {total} questions right.", total
            ).format(right=run.right, total=total)
        )
    elif run.held_back:
        lines.append(
            ngettext(
                "You have reviewed {size} question today: your daily review size.",
                "You have reviewed {size} questions today: your daily review size.",
                run.size,
            ).format(size=run.size)
        )
    else:
        lines.append(_("Nothing to review now."))
    if run.held_back:
        lines.append(
            ngettext(
                "{n} more question is due: it waits for tomorrow (daily review size: {size}).",
                "{n} more questions are due: they wait for tomorrow (daily review size: {size}).",
                run.held_back,
            ).format(n=run.held_back, size=run.size)
        )
    else:
        sentence = next_review(run.session, now)
        if sentence:
            lines.append(sentence)
    return lines
