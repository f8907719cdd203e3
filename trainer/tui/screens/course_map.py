"""The course map: modules and lessons, a status mark each, progress bars, the next lesson first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from trainer.i18n import N_, _, ngettext
from trainer.inert import inert
from trainer.quiz.completion import Standing, Status
from trainer.quiz.scoring import shown_percent
from trainer.review_words import due_date
from trainer.session import Session
from trainer.tui.bindings import translate_bindings
from trainer.tui.breakpoints import take_width_class
from trainer.tui.messages import LearnerSwitchRequested
from trainer.tui.widgets.footer import SteadyFooter

MODULE_BAR = 10
MARKS = {
    Status.NEW: ("○", "$text-muted"),
    Status.READ: ("◐", "$text-warning"),
    Status.DONE: ("●", "$text-success"),
}


def text_bar(done: int, total: int, width: int = MODULE_BAR) -> Content:
    """A small progress bar drawn with characters."""
    filled = round(width * done / total) if total else 0
    return Content.assemble(
        ("━" * filled, "$text-success"), ("━" * (width - filled), "$text-muted")
    )


class CourseMapScreen(Screen[None]):
    """Every module and lesson of the course, with where the learner stands; on a wide terminal,
    the highlighted lesson's objectives beside the list."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    BINDINGS = [
        Binding("enter", "open", N_("Open"), show=False),
        # Learners and quit stay out of the footer: at 80 columns it must keep room for review,
        # dashboard, settings, certificate and help (the help lists every key).
        Binding("l", "learners", N_("Learners"), show=False),
        Binding("v", "review", N_("Review")),
        # Shown only when something is due; with nothing due, v says so instead of doing nothing.
        Binding("v", "nothing_due", N_("Review"), show=False),
        Binding("q", "quit", N_("Quit"), show=False),
    ]
    HELP = N_(
        "Marks: ○ not started, ◐ read (quiz not passed yet), ● complete. "
        "Arrows move, enter opens the lesson, q quits. Your progress is saved after every answer."
    )

    def __init__(self, session: Session) -> None:
        super().__init__()
        take_width_class(self)
        translate_bindings(self)
        self.session = session
        self.due = 0
        """How many questions are due for review."""
        self.statuses: dict[str, Status] = {}
        """Each lesson's status when the map was last drawn, to notice a lesson just completed."""
        self._just_mounted = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="course-progress"):
            yield Static("", id="course-count")
            yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="course-bar")
            yield Static("", id="course-percent")
            yield Static("", id="review-count", classes="dim")
        with Horizontal(id="map-body"):
            yield OptionList(id="lessons")
            with VerticalScroll(id="lesson-detail", can_focus=False):
                yield Static("", id="lesson-detail-text")
        yield Static("", id="lesson-info")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.refresh_map(focus_next=True)
        self._just_mounted = True

    def on_screen_resume(self) -> None:
        # The map is shown for the first time right after its mount, which has just drawn it:
        # drawing it again (the store read, the standing and the due questions worked out again)
        # would only delay the first frame. Every later resume follows a screen that may have
        # changed something.
        if self._just_mounted:
            self._just_mounted = False
            return
        self.refresh_map(focus_next=False)

    def refresh_map(self, focus_next: bool) -> None:
        """Redraw marks and bars from the store; put the cursor on the next lesson when asked."""
        record = self.session.record()
        current = self.session.standing(record)
        option_list = self.query_one("#lessons", OptionList)
        highlighted = option_list.highlighted_option.id if option_list.highlighted_option else None
        option_list.clear_options()
        option_list.add_options(self._options(current, record.best_scores, record.unfinished))
        self.query_one("#course-count", Static).update(
            _("{done}/{total} lessons complete").format(done=current.done, total=current.total)
        )
        bar = self.query_one("#course-bar", ProgressBar)
        bar.update(total=max(current.total, 1), progress=current.done)
        # « 6 % », as everywhere else in the app: a no-break space before the sign.
        percent = current.done * 100 // current.total if current.total else 0
        self.query_one("#course-percent", Static).update(f"{percent}\u00a0%")
        self.due = self.session.due_today()  # within today's review size, as `v` would review
        review_count = self.query_one("#review-count", Static)
        review_count.update(
            # « · 12 questions due » fits the 21 columns left beside the bar at 80 columns.
            "· " + ngettext("{n} question due", "{n} questions due", self.due).format(n=self.due)
        )
        review_count.display = self.due > 0
        self.refresh_bindings()
        target = highlighted
        just_done = self._lesson_of(highlighted)
        if (
            just_done is not None
            and self.statuses.get(just_done.id, Status.DONE) is not Status.DONE
            and current.statuses.get(just_done.id) is Status.DONE
        ):
            # The lesson under the cursor was just completed (its quiz passed): move on, as the
            # results screen promised, rather than offer the finished lesson again.
            target = self._following(just_done.id, current)
        self.statuses = dict(current.statuses)
        if focus_next or target is None:
            last = record.last_lesson
            if last and current.statuses.get(last, Status.DONE) is not Status.DONE:
                target = f"lesson-{last}"
            elif current.next_lesson:
                target = f"lesson-{current.next_lesson}"
            else:
                target = f"lesson-{self.session.course.lessons[0].id}"
        try:
            option_list.highlighted = option_list.get_option_index(target)
        except Exception:  # the lesson is gone (a pack changed under a preview)
            option_list.highlighted = 1 if option_list.option_count > 1 else None
        option_list.focus()

    def _following(self, lesson_id: str, current: Standing) -> str | None:
        """The option of the first lesson after `lesson_id` not complete yet, else the course's
        next."""
        ids = [lesson.id for lesson in self.session.course.lessons]
        after = ids[ids.index(lesson_id) + 1 :]
        following = next(
            (other for other in after if current.statuses.get(other) is not Status.DONE),
            current.next_lesson,
        )
        return f"lesson-{following}" if following else f"lesson-{lesson_id}"

    def _options(
        self, current: Standing, best: dict[str, float], unfinished: frozenset[str]
    ) -> list[Option]:
        course = self.session.course
        options: list[Option] = []
        for module in course.modules:
            done, total = current.modules[module.id]
            header = Content.assemble(
                (inert(module.title), "bold"),
                "  ",
                text_bar(done, total),
                (f" {done}/{total}", "$text-muted"),
            )
            options.append(Option(header, id=f"module-{module.id}", disabled=True))
            for lesson in module.lessons:
                mark, style = MARKS[current.statuses[lesson.id]]
                quiz = course.quiz_of(lesson)
                parts: list = ["  ", (mark, style), " ", inert(lesson.title)]
                if quiz is not None and quiz.id in unfinished:
                    parts.append(("  · " + _("quiz in progress"), "$text-warning"))
                elif quiz is not None and quiz.id in best:
                    percent = shown_percent(best[quiz.id], course.pass_mark_of(quiz))
                    parts.append((f"  {percent}\u00a0%", "$text-muted"))
                options.append(Option(Content.assemble(*parts), id=f"lesson-{lesson.id}"))
        return options

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        lesson = self._lesson_of(event.option_id)
        info = self.query_one("#lesson-info", Static)
        detail = self.query_one("#lesson-detail-text", Static)
        if lesson is None:
            info.update("")
            detail.update("")
            return
        quiz = self.session.course.quiz_of(lesson)
        facts = []
        if lesson.minutes:
            facts.append(
                ngettext("{n} minute", "{n} minutes", lesson.minutes).format(n=lesson.minutes)
            )
        if quiz is not None:
            count = quiz.asked
            facts.append(
                ngettext("quiz of {n} question", "quiz of {n} questions", count).format(n=count)
            )
        info.update(Content(" · ".join(facts)))
        parts: list = [(inert(lesson.title), "bold"), "\n", (" · ".join(facts), "$text-muted")]
        if lesson.objectives:
            parts += [
                "\n\n",
                (_("Objectives"), "bold"),
                "\n",
                "\n".join(f"• {inert(o)}" for o in lesson.objectives),
            ]
        detail.update(Content.assemble(*parts))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.is_current:
            return  # queued before the screen was replaced (a burst of keys)
        self._open(event.option_id)

    def _lesson_of(self, option_id: str | None):
        if option_id and option_id.startswith("lesson-"):
            try:
                return self.session.course.lesson(option_id.removeprefix("lesson-"))
            except KeyError:
                return None
        return None

    def _open(self, option_id: str | None) -> None:
        from trainer.tui.screens.lesson import LessonScreen

        lesson = self._lesson_of(option_id)
        if lesson is not None:
            self.app.push_screen(LessonScreen(self.session, lesson))

    def action_open(self) -> None:
        """Open the highlighted lesson."""
        option_list = self.query_one("#lessons", OptionList)
        option = option_list.highlighted_option
        self._open(option.id if option else None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review":
            return self.due > 0
        if action == "nothing_due":
            return self.due == 0
        if action == "learners":
            # Served to an account: its one record, and no other to list, rename or delete.
            return getattr(self.app, "account", None) is None
        return True

    def action_review(self) -> None:
        """Review the questions due, mixed across lessons."""
        from trainer.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.session.start_review()))

    def action_nothing_due(self) -> None:
        """Say that nothing is due, and when something will be."""
        waiting = len(self.session.due_reviews())
        if waiting:
            self.notify(
                ngettext(
                    "Today's review is done ({size} questions a day): {n} question waits for "
                    "tomorrow.",
                    "Today's review is done ({size} questions a day): {n} questions wait for "
                    "tomorrow.",
                    waiting,
                ).format(size=self.session.review_size(), n=waiting)
            )
            return
        upcoming = self.session.next_review()
        if upcoming is None:
            self.notify(
                _(
                    "Nothing to review yet: questions come back for review once you have "
                    "answered them."
                )
            )
        else:
            date = due_date(upcoming, self.session.clock())
            self.notify(_("Nothing to review now: the next review is on {date}.").format(date=date))

    def action_learners(self) -> None:
        """Switch to another learner."""
        self.post_message(LearnerSwitchRequested(self))

    def action_quit(self) -> None:
        """Leave trainer."""
        self.app.exit()
