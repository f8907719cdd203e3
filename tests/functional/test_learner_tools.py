"""Settings, dashboard and command palette: what a learner reaches from the course map."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, RadioSet, Select, Switch

from tests.conftest import FixedClock, seeds_from
from tests.functional.test_app import widget_text
from trainer.progress.store import Store
from trainer.tui.app import TrainerApp
from trainer.tui.screens.certificate import CertificateScreen
from trainer.tui.screens.course_map import CourseMapScreen
from trainer.tui.screens.dashboard import DashboardScreen
from trainer.tui.screens.lesson import LessonScreen
from trainer.tui.screens.settings import SettingsScreen

SIZE = (100, 30)


def make_app(pack, store: Store, language: str = "fr") -> TrainerApp:
    from trainer.i18n import set_language

    set_language(language)
    return TrainerApp(
        pack.course(language),
        store,
        learner_name="Anne",
        clock=FixedClock(),
        seeds=seeds_from(),
        pack=pack,
    )


async def test_language_switches_live_and_is_kept(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # a lesson open under the settings
        assert app.screen.lesson.title == "Première leçon"
        app.action_settings()
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one(RadioSet).query("RadioButton")[1].value = True  # English
        await pilot.pause()
        assert app.course.language == "en"
        await pilot.press("escape")
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.title == "First lesson"
    assert store.settings(store.learner("Anne"))["language"] == "en"
    app = make_app(pack, store)  # relaunched in French: the learner's language wins
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.course.language == "en"
        assert "The basics" in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)


async def test_theme_shuffle_and_pass_mark_are_saved(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one(Select).value = "trainer-high-contrast"
        screen.query_one("#show_pass_mark", Switch).value = False
        await pilot.pause()
        assert app.theme == "trainer-high-contrast"
    settings = store.settings(store.learner("Anne"))
    assert settings["theme"] == "trainer-high-contrast" and settings["show_pass_mark"] == "off"
    app = make_app(pack, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "trainer-high-contrast"


async def test_dashboard_shows_modules_scores_and_weak_quizzes(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack, store, "en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", "2", "enter", "enter", "s", "enter", "s", "enter")
        await pilot.press("enter")  # results → course map
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("d")
        assert isinstance(app.screen, DashboardScreen)
        texts = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "0/3 lessons complete" in texts
        entries = app.screen.query_one("#to-work-on", OptionList)
        assert [str(option.prompt) for option in entries.options] == [
            "✗ Quiz of the first lesson — 0\u00a0%"
        ]
        assert app.focused is entries
        await pilot.press("escape")
        assert isinstance(app.screen, CourseMapScreen)


async def test_to_work_on_lists_quizzes_not_passed_and_opens_their_lesson(
    pack, tmp_path: Path
) -> None:
    clock = FixedClock()
    store = Store.open(tmp_path / "p.sqlite3")
    anne = store.add_learner("Anne", clock())
    for quiz_id, score, passed in (("premiere", 1.0, True), ("deuxieme", 0.2, False)):
        attempt = store.start_attempt(anne, pack.id, quiz_id, quiz_id, 1, "en", clock())
        store.finish_attempt(anne, pack.id, attempt, score, passed, "en", clock())
    app = make_app(pack, store, "en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        entries = app.screen.query_one("#to-work-on", OptionList)
        assert [option.id for option in entries.options] == [
            "quiz-deuxieme"
        ]  # the passed quiz is not listed
        await pilot.press("enter")
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "deuxieme"
        await pilot.press("escape", "d")
        await pilot.click("#to-work-on", offset=(3, 0))  # the mouse opens it too
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "deuxieme"


async def test_command_palette_opens_a_lesson_by_name(pack, tmp_path: Path) -> None:
    app = make_app(pack, Store.open(tmp_path / "p.sqlite3"), "en")
    async with app.run_test(size=SIZE) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Open lesson 2: Second lesson" in titles and "Dashboard" in titles
        command = next(
            c
            for c in app.get_system_commands(app.screen)
            if c.title == "Open lesson 2: Second lesson"
        )
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "deuxieme"


async def test_settings_and_dashboard_keys_only_on_the_course_map(pack, tmp_path: Path) -> None:
    app = make_app(pack, Store.open(tmp_path / "p.sqlite3"), "en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "s")
        assert isinstance(app.screen, LessonScreen)


async def test_the_pass_mark_can_be_hidden_from_the_results(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    store.save_setting(store.add_learner("Anne", FixedClock()()), "show_pass_mark", "off")
    app = make_app(pack, store, "en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", "1", "enter", "enter", "s", "enter", "s", "enter")
        assert "pass mark" not in str(app.screen.query_one("#score").render())


async def test_a_completed_course_offers_its_certificate(pack, tmp_path: Path, monkeypatch) -> None:
    from tests.conftest import FixedClock as Clock

    clock = Clock()
    store = Store.open(tmp_path / "p.sqlite3")
    anne = store.add_learner("Anne", clock())
    for lesson in pack.course("fr").lessons:
        store.record_lesson_opened(anne, pack.id, lesson.id, "fr", clock())
    for quiz_id in ("premiere", "deuxieme"):
        attempt = store.start_attempt(anne, pack.id, quiz_id, quiz_id, 1, "fr", clock())
        store.finish_attempt(anne, pack.id, attempt, 1.0, True, "fr", clock())
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    app = make_app(pack, store, "en")
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.active_bindings["c"].binding.show  # the footer offers it
        await pilot.press("c")
        dialog = app.screen
        assert isinstance(dialog, CertificateScreen)
        assert dialog.query_one("#certificate-name", Input).value == "Anne"
        expected = tmp_path / "certificates" / "certificat-demo-anne.pdf"
        assert dialog.query_one("#certificate-path", Input).value == str(expected)
        code = dialog.award.code
        assert code in widget_text(dialog.query_one("#certificate-code"))
        # Another name: the code follows it, and writing renames the learner so the code verifies.
        await pilot.press("ctrl+u", *"Anne Martin")
        assert code not in widget_text(dialog.query_one("#certificate-code"))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is dialog  # the outcome stays on screen, not in a fading toast
        outcome = widget_text(dialog.query_one("#certificate-outcome"))
        assert (
            "Certificate written to" in outcome
            and "certificat-demo-anne.pdf" in outcome.replace("\n", "")
        )
        assert app.session.learner.name == "Anne Martin" and app.sub_title == "Anne Martin"
        assert dialog.award.code in widget_text(dialog.query_one("#certificate-code"))
        await pilot.press("escape")
        assert isinstance(app.screen, CourseMapScreen)
    assert expected.read_bytes().startswith(b"%PDF")
    assert list((tmp_path / "elsewhere").glob("*.pdf")) == []  # not where trainer was started from
    from trainer.certificate.award import verify

    assert verify(pack.course("en"), store, dialog.award.code).award.learner == "Anne Martin"


async def test_certificate_before_the_course_is_complete_says_what_is_left(
    pack, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(pack, Store.open(tmp_path / "p.sqlite3"), "en")
    async with app.run_test(size=SIZE) as pilot:
        assert not app.screen.active_bindings[
            "c"
        ].binding.show  # the footer offers it only once complete
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        messages = [notification.message for notification in app._notifications]
        assert any("3 of 3 lessons left; next: First lesson" in message for message in messages)
        palette = [command.title for command in app.get_system_commands(app.screen)]
        assert "Certificate" in palette
    assert list(tmp_path.rglob("*.pdf")) == []


async def test_turning_shuffle_off_keeps_the_authored_order(tmp_path: Path) -> None:
    from tests.unit_helpers import write_pack
    from trainer.quiz.pack_check import check_pack

    quiz = "title: Q\nshuffle: true\nquestions:\n" + "".join(
        f"  - {{id: q{n}, type: true_false, prompt: 'Statement {n}', answer: true,"
        " explanation: E}\n"
        for n in range(1, 9)
    )
    pack, _ = check_pack(write_pack(tmp_path / "pack", quiz=quiz))
    store = Store.open(tmp_path / "p.sqlite3")
    store.save_setting(store.add_learner("Anne", FixedClock()()), "shuffle", "off")
    app = TrainerApp(
        pack.course(), store, learner_name="Anne", clock=FixedClock(), seeds=seeds_from(), pack=pack
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        assert app.screen.run.presentation.question_ids == tuple(f"q{n}" for n in range(1, 9))


async def test_settings_are_ready_for_the_keyboard_and_say_what_they_mean(
    pack, tmp_path: Path
) -> None:
    from textual.widgets import Label

    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(pack, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        languages = app.screen.query_one(RadioSet)
        assert app.focused is languages  # arrows and enter work at once
        themes = app.screen.query_one(Select)
        assert themes._options[0] == (
            "Contraste élevé\u00a0: jaune et blanc sur noir",
            "trainer-high-contrast",
        )
        assert str(app.screen.query_one("#shuffle-state", Label).render()) == "activé"
        app.screen.query_one("#shuffle", Switch).value = False
        await pilot.pause()
        assert str(app.screen.query_one("#shuffle-state", Label).render()) == "désactivé"
        await pilot.press("down", "enter")  # English, live
        await pilot.pause()
        assert app.course.language == "en"
        assert isinstance(app.focused, RadioSet)
        await pilot.press("enter")  # the language in use is highlighted: enter does not switch back
        await pilot.pause()
        assert app.course.language == "en"


async def test_the_certificate_goes_where_the_learner_says(pack, tmp_path: Path) -> None:
    clock = FixedClock()
    store = Store.open(tmp_path / "p.sqlite3")
    anne = store.add_learner("Anne", clock())
    for lesson in pack.course("en").lessons:
        store.record_lesson_opened(anne, pack.id, lesson.id, "en", clock())
    for quiz_id in ("premiere", "deuxieme"):
        attempt = store.start_attempt(anne, pack.id, quiz_id, quiz_id, 1, "en", clock())
        store.finish_attempt(anne, pack.id, attempt, 1.0, True, "en", clock())
    app = make_app(pack, store, "en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "tab", "ctrl+u", *str(tmp_path / "missing" / "x.pdf"), "enter")
        await pilot.pause()
        assert "no such folder" in widget_text(app.screen.query_one("#certificate-outcome"))
        await pilot.press("ctrl+u", *str(tmp_path / "mine"), "enter")  # no suffix: .pdf is added
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (tmp_path / "mine.pdf").read_bytes().startswith(b"%PDF")
