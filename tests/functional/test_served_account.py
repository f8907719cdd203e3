"""The app served to one account (`trainer serve --trusted-header`): that account's one learner,
and no learners screen to list, rename or delete anyone."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from tests.helpers.clock import FixedClock, seeds_from
from trainer.progress.store import Store
from trainer.tui.app import TrainerApp
from trainer.tui.screens.course_map import CourseMapScreen
from trainer.tui.screens.first_run import FirstRunScreen


def served_app(pack, store: Store) -> TrainerApp:
    return TrainerApp(
        pack.course("en"),
        store,
        clock=FixedClock(),
        seeds=seeds_from(),
        account="edupont",
    )


async def test_a_first_visit_asks_the_certificates_name_prefilled_with_no_one(
    pack, tmp_path: Path
) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    app = served_app(pack, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        assert app.screen.query_one(Input).value == ""  # not the server's login, nor the account
        intro = str(app.screen.query_one(".intro", Static).render())
        assert "under your account" in intro and "on this computer" not in intro
        await pilot.press(*"Élodie Bernard", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert [learner.name for learner in store.learners()] == ["Élodie Bernard"]


async def test_the_learners_screen_is_not_there_to_open(pack, tmp_path: Path, clock) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    store.add_learner("Élodie Bernard", clock())
    app = served_app(pack, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)  # no list, no rename, no delete
        palette = [command.title for command in app.get_system_commands(app.screen)]
        assert "Learners" not in palette and "Dashboard" in palette  # nor from the palette
        app.switch_learner()  # whatever calls it
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)


async def test_a_folder_with_two_learners_opens_the_latest_without_a_list(
    pack, tmp_path: Path, clock
) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    store.add_learner("Made by hand", clock())
    store.add_learner("Élodie Bernard", clock())  # the most recent one
    app = served_app(pack, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert app.session.learner.name == "Élodie Bernard"


async def test_the_certificate_has_no_server_path_to_type_and_goes_to_the_browser(
    pack, tmp_path: Path, monkeypatch
) -> None:
    from tests.functional.test_learner_tools import widget_text
    from trainer.tui.screens.certificate import CertificateScreen

    clock = FixedClock()
    store = Store.open(tmp_path / "p.sqlite3")
    anne = store.add_learner("Anne", clock())
    for lesson in pack.course("en").lessons:
        store.record_lesson_opened(anne, pack.id, lesson.id, "en", clock())
    for quiz_id in ("premiere", "deuxieme"):
        attempt = store.start_attempt(anne, pack.id, quiz_id, quiz_id, 1, "en", clock())
        store.finish_attempt(anne, pack.id, attempt, 1.0, True, "en", clock())
    app = served_app(pack, store)
    delivered: list[tuple[Path, dict]] = []
    monkeypatch.setattr(app, "deliver_binary", lambda path, **how: delivered.append((path, how)))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("c")
        dialog = app.screen
        assert isinstance(dialog, CertificateScreen)
        assert not dialog.query("#certificate-path")  # nowhere on the server to choose
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "your browser downloads it" in widget_text(dialog.query_one("#certificate-outcome"))
    written = tmp_path / "certificates" / "certificat-demo-anne.pdf"
    assert [(path.resolve(), how["open_method"]) for path, how in delivered] == [
        (written.resolve(), "download")
    ]
    assert written.read_bytes().startswith(b"%PDF")
