"""Plain mode's menus: the course menu, a lesson read paragraph by paragraph, and the way from the
menu to the quiz, the review, the standing and the settings (`run_plain` is the entry point).

Nothing here imports Textual or Rich: this mode must work where full-screen drawing cannot.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TextIO, TypeVar

from trainer.course.loader import Pack
from trainer.course.model import Course, Lesson, Quiz
from trainer.exits import EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK
from trainer.i18n import N_, _, ngettext, set_language
from trainer.inert import inert
from trainer.plain.conversation import Conversation, InputEnded
from trainer.plain.learners import choose_learner
from trainer.plain.markdown import item, markdown_lines, wrap
from trainer.plain.quiz import Left, take_quiz
from trainer.plain.review import take_review
from trainer.plain.settings import change_settings
from trainer.plain.standing import give_certificate, show_standing
from trainer.progress.store import Store, StoreError
from trainer.quiz.attempts import asked, new_seed
from trainer.quiz.completion import Standing, Status
from trainer.quiz.scoring import shown_percent
from trainer.session import Clock, NoAttemptsLeft, Session, saved_language, utc_now

__all__ = ["run_plain"]


STATUS_WORDS = {Status.NEW: N_("not started"), Status.READ: N_("read"), Status.DONE: N_("complete")}
"""A lesson's status in words, where the app shows a mark."""

T = TypeVar("T")


def run_plain(
    course: Course,
    store: Store,
    learner_name: str | None,
    input_stream: TextIO,
    output_stream: TextIO,
    clock: Clock = utc_now,
    seeds: Callable[[], int] = new_seed,
    pack: Pack | None = None,
    follow_saved_language: bool = True,
    served: bool = False,
    group: str | None = None,
) -> int:
    """Take `course` in plain mode, reading answers from `input_stream` and writing every line to
    `output_stream`; the exit code: 0 when the learner quits or the input ends. With the whole
    `pack`, a learner's saved language (chosen in the app's settings) is followed, as in the app,
    unless `follow_saved_language` is False (--lang chose the language for this run). `group`
    (`trainer --group`) is saved as the learner's group once chosen ("" for none)."""
    talk = Conversation(input_stream, output_stream)
    menu: Menu | None = None
    try:
        learner = choose_learner(talk, store, learner_name, clock, served)
        if group is not None:
            store.save_group(learner, group or None)
        languages = pack.languages if pack is not None else ()
        language = saved_language(store.settings(learner), languages, course, follow_saved_language)
        if pack is not None and language is not None:
            set_language(language)
            course = pack.course(language)
        # The title once the language is settled, so that it reads in the interface's language.
        talk.say(inert(course.title))
        menu = Menu(talk, Session(course, store, learner, clock, seeds), pack)
        menu.run()
        menu.wait_for_sync()
        talk.say(_("Goodbye. Your progress is saved."))
    except InputEnded:
        talk.say(_("End of input: everything you answered is saved."))
    except StoreError as error:
        talk.say(str(error))
        return EXIT_INVALID
    except KeyboardInterrupt:
        talk.blank()
        talk.say(_("Interrupted: everything you answered is saved."))
        return EXIT_INTERRUPTED
    finally:
        if menu is not None:
            menu.wait_for_sync()
    return EXIT_OK


def choose(talk: Conversation, prompt: str, answers: Mapping[str, T], help_lines: list[str]) -> T:
    """Ask until the line typed is one of `answers` (enter is ""); ? writes `help_lines`."""
    while True:
        typed = talk.ask(prompt).strip().casefold()
        if typed in answers:
            return answers[typed]
        if typed == "?":
            talk.say(*help_lines)
            continue
        keys = ", ".join(_("enter") if key == "" else key for key in answers)
        talk.say(_("Please type one of: {keys}, or ? for help.").format(keys=keys))


# the menu ----------------------------------------------------------------------------------------


def menu_help() -> list[str]:
    """The commands of the menu, one a line."""
    return [
        _("Commands in the menu:"),
        _("a number: open that lesson."),
        _("enter: open the next lesson to do."),
        _("l: list the lessons and their status."),
        _("v: review the questions due, from every lesson."),
        _("d: where you stand: modules, quizzes to work on, review."),
        _("c: your certificate once the course is complete; before, what is left."),
        _("s: your settings: language, questions to review a day, shuffling."),
        _("q: quit."),
        _("?: this help."),
        _("Your progress is saved after every answer."),
    ]


def lesson_help() -> list[str]:
    """The commands after a lesson, one a line."""
    return [
        _("Commands after a lesson:"),
        _("enter: start the quiz, or resume it."),
        _("r: read the lesson again."),
        _("m: back to the menu."),
        _("q: quit."),
    ]


class Menu:
    """The course as a numbered list of lessons, and what happens once one is chosen."""

    def __init__(self, talk: Conversation, session: Session, pack: Pack | None = None) -> None:
        self.talk = talk
        self.session = session
        self.lessons = session.course.lessons
        self.pack = pack
        """The whole pack, when the learner may switch the course's language."""
        self.sync: threading.Thread | None = None
        """The sync after the last quiz, while it may still run."""

    def switch_language(self, language: str) -> None:
        """Speak `language` from now on, interface and course alike."""
        set_language(language)
        session = self.session
        if self.pack is None:
            return  # one language only: settings offered no other
        self.session = Session(
            self.pack.course(language), session.store, session.learner, session.clock, session.seeds
        )
        self.lessons = self.session.course.lessons

    def proposed(self, standing: Standing) -> Lesson | None:
        """The lesson to do next: the one left unfinished last, else the first not complete."""
        last = self.session.record().last_lesson
        if last and standing.statuses.get(last, Status.DONE) is not Status.DONE:
            return self.session.course.lesson(last)
        return self.session.course.lesson(standing.next_lesson) if standing.next_lesson else None

    def run(self) -> None:
        """Show the menu and open lessons until the learner quits."""
        listing = True
        while True:
            record = self.session.record()
            standing = self.session.standing(record)
            proposed = self.proposed(standing)
            self.talk.blank()
            if listing:
                self.show_lessons(standing, record.best_scores, record.unfinished)
            else:
                self.talk.say(self.summary(standing))
            due = self.session.due_today()  # within today's review size
            if due:
                self.talk.say(
                    ngettext(
                        "{n} question is due for review: type v.",
                        "{n} questions are due for review: type v.",
                        due,
                    ).format(n=due)
                )
            if proposed is None:
                self.talk.say(_("The course is complete: well done."))
                self.talk.say(_("Type c for your certificate."))
                self.talk.say(_("Type a lesson number to read it again."))
                self.talk.say(_("l lists the lessons, ? shows help, q quits."))
            else:
                number = self.number_of(proposed)
                self.talk.say(
                    *wrap(
                        _("Next lesson to do: {n}. {title}").format(
                            n=number, title=inert(proposed.title)
                        )
                    )
                )
                self.talk.say(_("Press enter to open it, or type another lesson number."))
                self.talk.say(_("l lists the lessons, ? shows help, q quits."))
            listing = False
            if not self.choose_lesson(proposed):
                return

    def choose_lesson(self, proposed: Lesson | None) -> bool:
        """Ask which lesson to open and open it; False when the learner quits."""
        while True:
            typed = self.talk.ask(_("Your choice:")).strip().casefold()
            if typed == "q":
                return False
            if typed == "?":
                self.talk.say(*menu_help())
                continue
            if typed == "l":
                record = self.session.record()
                self.show_lessons(
                    self.session.standing(record), record.best_scores, record.unfinished
                )
                continue
            if typed == "v":
                return take_review(self.talk, self.session) is not Left.QUIT
            if typed == "d":
                show_standing(self.talk, self.session, self.number_of)
                continue
            if typed == "c":
                give_certificate(self.talk, self.session)
                continue
            if typed == "s":
                languages = (
                    self.pack.languages
                    if self.pack is not None
                    else (self.session.course.language,)
                )
                chosen = change_settings(self.talk, self.session, languages)
                if chosen is not None:
                    self.switch_language(chosen)
                return True
            if typed == "" and proposed is not None:
                return self.open(proposed)
            if typed.isdigit() and 1 <= int(typed) <= len(self.lessons):
                return self.open(self.lessons[int(typed) - 1])
            self.talk.say(
                _("Please type a lesson number from 1 to {count}, or ? for help.").format(
                    count=len(self.lessons)
                )
            )

    def number_of(self, lesson: Lesson) -> int:
        """The lesson's number in the menu."""
        return [other.id for other in self.lessons].index(lesson.id) + 1

    def summary(self, standing: Standing) -> str:
        """How much of the course is complete, in one line."""
        return _("{done} of {total} lessons complete.").format(
            done=standing.done, total=standing.total
        )

    def show_lessons(
        self, standing: Standing, best: Mapping[str, float], unfinished: frozenset[str]
    ) -> None:
        """Every module and lesson, numbered, with its status in words."""
        course = self.session.course
        talk = self.talk
        talk.say(
            _("Learner: {name}.").format(name=inert(self.session.learner.name))
            + " "
            + self.summary(standing)
        )
        count = len(course.modules)
        for index, module in enumerate(course.modules, 1):
            done, total = standing.modules[module.id]
            talk.say(
                *wrap(
                    _("Module {n} of {count}: {title}, {done} of {total} complete.").format(
                        n=index, count=count, title=inert(module.title), done=done, total=total
                    )
                )
            )
            for lesson in module.lessons:
                words = [_(STATUS_WORDS[standing.statuses[lesson.id]])]
                quiz = course.quiz_of(lesson)
                if quiz is not None and quiz.id in unfinished:
                    words.append(_("quiz in progress"))
                elif quiz is not None and quiz.id in best:
                    percent = shown_percent(best[quiz.id], course.pass_mark_of(quiz))
                    words.append(_("best score {percent} %").format(percent=percent))
                talk.say(
                    *item(
                        f"{self.number_of(lesson)}. ",
                        _("{title}: {status}.").format(
                            title=inert(lesson.title), status=", ".join(words)
                        ),
                    )
                )

    # a lesson and its quiz ------------------------------------------------------------------------

    def open(self, lesson: Lesson) -> bool:
        """Read a lesson, then take its quiz if the learner wishes; False when they quit. A quiz
        under way is resumed without the lesson written again: one line says where it stands."""
        quiz = self.session.course.quiz_of(lesson)
        under_way = quiz and self.session.store.open_attempt(
            self.session.learner, self.session.course.id, quiz.id
        )
        announced = False
        if (
            quiz is not None
            and under_way
            and len(under_way.answers) < len(asked(quiz, under_way.drawn).questions)
        ):
            announced = True
            run = self.session.resume_or_start(quiz, lesson.id)
            current = run.current
            self.talk.blank()
            self.talk.say(
                *wrap(
                    _("Lesson {n} of {total}: {title}").format(
                        n=self.number_of(lesson), total=len(self.lessons), title=inert(lesson.title)
                    )
                    + " — "
                    + _("Resuming at question {n} of {total}.").format(
                        n=run.number_of(current) if current else run.total,
                        total=run.total,
                    )
                )
            )
        else:
            self.read(lesson)
        if quiz is None:
            self.talk.say(_("This lesson has no quiz: it is complete once read."))
            return True
        while True:
            self.talk.blank()
            under_way = self.session.store.open_attempt(
                self.session.learner, self.session.course.id, quiz.id
            )
            # The questions an attempt asks: those it drew, for a quiz that draws from a bank.
            questions = asked(quiz, under_way.drawn if under_way else None).questions
            count = len(questions) if under_way is not None else quiz.asked
            if under_way is not None and announced:
                announced = False  # said on the line above; said in full after a reading again
                self.talk.say(_("Press enter to resume the quiz."))
            elif under_way is not None:
                answered = sum(1 for q in questions if q.id in under_way.answers)
                self.talk.say(
                    ngettext(
                        "Your quiz on this lesson is under way: {answered} of {n} question "
                        "answered.",
                        "Your quiz on this lesson is under way: {answered} of {n} questions "
                        "answered.",
                        count,
                    ).format(answered=answered, n=count)
                )
                self.talk.say(_("Press enter to resume the quiz."))
            else:
                self.talk.say(
                    ngettext(
                        "This lesson has a quiz of {n} question.",
                        "This lesson has a quiz of {n} questions.",
                        count,
                    ).format(n=count)
                )
                self.talk.say(_("Press enter to start the quiz."))
            self.talk.say(_("r reads the lesson again, m goes back to the menu, q quits."))
            action = choose(
                self.talk,
                _("Your choice:"),
                {"": "quiz", "r": "read", "m": "menu", "q": "quit"},
                lesson_help(),
            )
            if action == "read":
                self.read(lesson)
                continue
            if action != "quiz":
                return action == "menu"
            return self.quiz(lesson, quiz)

    def quiz(self, lesson: Lesson, quiz: Quiz) -> bool:
        """Take the lesson's quiz, then offer another attempt; False when the learner quits."""
        while True:
            try:
                run = self.session.resume_or_start(quiz, lesson.id)
            except NoAttemptsLeft:
                self.talk.say(_("No attempts left for this quiz."))
                mark = self.session.course.pass_mark_of(quiz)
                best = max(
                    (a.score or 0.0 for a in self.session.finished_attempts(quiz)), default=0.0
                )
                self.talk.say(
                    _("Your best score: {percent} %.").format(percent=shown_percent(best, mark))
                )
                return True
            left = take_quiz(self.talk, run)
            if left is not Left.FINISHED:
                return left is Left.PAUSED
            self.sync_after_quiz()
            if run.attempts_left == 0:
                return True
            self.talk.say(_("Press enter to go back to the menu."))
            self.talk.say(_("r takes the quiz again, q quits."))
            action = choose(
                self.talk, _("Your choice:"), {"": "menu", "r": "retry", "q": "quit"}, lesson_help()
            )
            if action != "retry":
                return action == "menu"

    def sync_after_quiz(self) -> None:
        """Send the record to the LRS in the background when xapi.toml asks for it after each
        quiz, as the app does; a failure leaves the statements pending for `trainer sync`. A sync
        still running is let finish first: it may have read what was pending before this quiz."""
        from trainer.xapi.sync import asks_sync_after_quiz, sync_after_quiz

        path = self.session.store.path
        if path is None or not asks_sync_after_quiz(path.parent):
            return

        previous, course = self.sync, self.pack or self.session.course

        def after_the_previous() -> None:
            if previous is not None:
                previous.join()
            sync_after_quiz(path, course)

        self.sync = threading.Thread(
            target=after_the_previous, name="trainer-sync-after-quiz", daemon=True
        )
        self.sync.start()

    def wait_for_sync(self) -> None:
        """Before trainer exits, let a sync after a quiz finish (each is bounded in time): a
        daemon thread would otherwise die with the process, and plain mode often ends right
        after a quiz (a script's input ends)."""
        if self.sync is not None and self.sync.is_alive():
            self.talk.say(_("Sending your record to the LRS…"))
            self.sync.join()

    def read(self, lesson: Lesson) -> None:
        """Write the lesson: its title and facts, objectives, text and sources."""
        course = self.session.course
        self.session.open_lesson(lesson)
        talk = self.talk
        talk.blank()
        talk.say(
            *wrap(
                _("Lesson {n} of {total}: {title}").format(
                    n=self.number_of(lesson), total=len(self.lessons), title=inert(lesson.title)
                )
            )
        )
        facts = _("Module: {title}.").format(title=inert(course.module_of(lesson.id).title))
        if lesson.minutes:
            facts += (
                " "
                + ngettext("{n} minute", "{n} minutes", lesson.minutes).format(n=lesson.minutes)
                + "."
            )
        talk.say(*wrap(facts))
        if lesson.objectives:
            talk.blank()
            talk.say(_("Objectives"))
            for objective in lesson.objectives:
                talk.say(*item("- ", inert(objective)))
        talk.blank()
        talk.say(*markdown_lines(lesson.body))
        if lesson.sources:
            talk.blank()
            talk.say(_("Sources"))
            for source in lesson.sources:
                text = inert(source.title) + (f" ({inert(source.url)})" if source.url else "")
                talk.say(*item("- ", text))
        talk.blank()
        talk.say(_("End of the lesson."))
