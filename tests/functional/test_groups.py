"""A learner's group (issue 15 §4): `trainer --group`, the settings (app and plain mode), the
sign-on proxy's group header, the statements' `context.team`, and a cmi5 launch's group."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from aiohttp.test_utils import make_mocked_request
from textual.widgets import Input, Label

from tests.helpers.clock import FixedClock, seeds_from
from trainer.cli import main
from trainer.plain.menu import run_plain
from trainer.progress.groups import (
    GROUP_MAX,
    GroupError,
    clean_group,
    group_from_launch,
    group_key,
)
from trainer.progress.store import STORE_FILE, Store
from trainer.tui.app import TrainerApp
from trainer.tui.screens.settings import SettingsScreen
from trainer.web.identity import group_from_header, trusted_networks
from trainer.xapi.config import XapiConfig
from trainer.xapi.statements import StatementOptions, learner_statements, team_of
from trainer.xapi.sync import pending_statements

# the name ----------------------------------------------------------------------------------------


def test_a_group_name_is_kept_on_one_line() -> None:
    assert clean_group("  Direction des\n solidarités ") == "Direction des solidarités"
    assert clean_group("   ") is None
    with pytest.raises(GroupError, match="at most"):
        clean_group("x" * (GROUP_MAX + 1))
    with pytest.raises(GroupError, match="control"):
        clean_group("Culture\u202e")  # a bidi override would make two groups look alike


def test_groups_compare_without_case_or_extra_spaces() -> None:
    assert group_key("Direction des  Solidarités") == group_key("direction des solidarités")
    assert group_key("Culture") != group_key("Cultures")


def test_a_cmi5_launch_may_name_the_group() -> None:
    assert group_from_launch({"launchParameters": json.dumps({"group": " DRH "})}) == "DRH"
    assert group_from_launch({"launchParameters": {"group": "DSI"}}) == "DSI"
    assert group_from_launch({"group": "Culture", "launchMode": "Normal"}) == "Culture"
    assert group_from_launch({"launchParameters": "not json"}) is None
    assert group_from_launch({"launchParameters": {"group": "x\x07"}}) is None
    assert group_from_launch({}) is None


# where it is kept ---------------------------------------------------------------------------------


def test_the_group_is_a_setting_of_the_learner(tmp_path: Path, clock) -> None:
    store = Store.open(tmp_path / STORE_FILE)
    learner = store.add_learner("Anne", clock())
    assert store.learner_settings(learner).group is None
    store.save_group(learner, "Culture")
    assert store.learner_settings(learner).group == "Culture"
    store.save_group(learner, None)
    assert store.learner_settings(learner).group is None


def _plain(pack, folder: Path, *options: str, typed: str = "q\n") -> tuple[int, str]:
    import sys

    stdin, stdout = sys.stdin, sys.stdout
    sys.stdin, sys.stdout = io.StringIO(typed), io.StringIO()
    try:
        code = main(["--lang", "en", "--data-dir", str(folder), "--plain", *options])
        return code, sys.stdout.getvalue()
    finally:
        sys.stdin, sys.stdout = stdin, stdout


def test_the_group_flag_puts_the_learner_in_a_group(pack, tmp_path: Path) -> None:
    code, _out = _plain(pack, tmp_path, "--learner", "Anne", "--group", "Solidarités")
    assert code == 0
    store = Store.open(tmp_path / STORE_FILE)
    assert store.learner_settings(store.learner("Anne")).group == "Solidarités"
    store.close()
    code, _out = _plain(pack, tmp_path, "--learner", "Anne")  # no flag: the group stays
    store = Store.open(tmp_path / STORE_FILE)
    assert store.learner_settings(store.learner("Anne")).group == "Solidarités"
    store.close()
    code, _out = _plain(pack, tmp_path, "--learner", "Anne", "--group", "")  # "" leaves none
    store = Store.open(tmp_path / STORE_FILE)
    assert store.learner_settings(store.learner("Anne")).group is None
    store.close()


def test_a_group_that_is_not_one_is_a_usage_error(tmp_path: Path, capsys) -> None:
    code = main(["--lang", "fr", "--data-dir", str(tmp_path), "--plain", "--group", "x" * 200])
    err = capsys.readouterr().err
    assert code == 2 and "--group" in err and "au plus 100" in err and "Traceback" not in err


def test_plain_settings_change_the_group(pack, tmp_path: Path, clock) -> None:
    store = Store.open(tmp_path / STORE_FILE)
    store.add_learner("Anne", clock())
    output = io.StringIO()
    # s: settings; 4: the group (after language, size, shuffle in a bilingual pack); then back.
    typed = io.StringIO("s\n4\nx\x07y\nCulture\n\nq\n")
    run_plain(pack.course("en"), store, "Anne", typed, output, clock, seeds_from(), pack)
    text = output.getvalue()
    assert "Group (service, direction, cohort): no group" in text
    assert "control characters" in text
    assert "Group (service, direction, cohort): Culture" in text
    assert store.learner_settings(store.learner("Anne")).group == "Culture"


async def test_the_settings_screen_changes_the_group(pack, tmp_path: Path) -> None:
    store = Store.open(tmp_path / STORE_FILE)
    app = TrainerApp(
        pack.course("en"),
        store,
        learner_name="Anne",
        clock=FixedClock(),
        seeds=seeds_from(),
        pack=pack,
        default_name="",
        group="DRH",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert store.learner_settings(store.learner("Anne")).group == "DRH"
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        field = app.screen.query_one("#group", Input)
        assert field.value == "DRH"
        field.value = "Culture\x07"
        await pilot.pause()
        assert "control" in str(app.screen.query_one("#group-problem", Label).content)
        assert store.learner_settings(store.learner("Anne")).group == "DRH"
        field.value = "Direction de la culture"
        await pilot.pause()
        assert store.learner_settings(store.learner("Anne")).group == "Direction de la culture"
        field.value = ""
        await pilot.pause()
        assert store.learner_settings(store.learner("Anne")).group is None


# in statements -----------------------------------------------------------------------------------


def test_statements_carry_the_group_as_their_team(pack, tmp_path: Path, clock) -> None:
    store = Store.open(tmp_path / STORE_FILE)
    learner = store.add_learner("Anne", clock())
    store.record_lesson_opened(learner, "demo", "premiere", "en", clock())
    courses = {language: pack.course(language) for language in pack.languages}
    config = XapiConfig(endpoint="https://lrs.example/xAPI", home_page="https://agents.example")
    assert all("team" not in s.body["context"] for s in pending_statements(store, courses, config))
    store.save_group(learner, "Culture")
    made = pending_statements(store, courses, config)
    team = {
        "objectType": "Group",
        "name": "Culture",
        "account": {"homePage": "https://agents.example/groups", "name": "Culture"},
    }
    assert made and all(s.body["context"]["team"] == team for s in made)
    assert team_of("Culture", "https://agents.example/") == team
    # An identified Group (xAPI 1.0.3): one inverse functional identifier, an account.
    assert {"mbox", "mbox_sha1sum", "openid"}.isdisjoint(team)
    same = learner_statements(
        store.events(learner), courses, "k", StatementOptions(team="Culture"), "Anne"
    )
    assert same[0].body["context"]["team"]["name"] == "Culture"


# behind sign-on -----------------------------------------------------------------------------------


def _server(tmp_path: Path, group_header: str | None):
    from trainer.web.serve import SignOn, _TrainerServer

    sign_on = SignOn("X-Forwarded-User", trusted_networks(["127.0.0.1"]), tmp_path, group_header)
    return _TrainerServer(
        ["python", "-m", "trainer"],
        [],
        "http://127.0.0.1:8000",
        frozenset(),
        4,
        sign_on=sign_on,
    )


class _Peer:
    def __init__(self, address: str) -> None:
        self.address = address

    def get_extra_info(self, name: str, default=None):
        return (self.address, 40000) if name == "peername" else default


@pytest.mark.parametrize(
    ("headers", "group"),
    [
        ({"X-Forwarded-Groups": "Direction de la culture"}, "Direction de la culture"),
        ({"X-Forwarded-Groups": "drh,dsi"}, "drh"),  # oauth2-proxy lists them: the first
        ({}, None),
        ({"X-Forwarded-Groups": "bad\x07"}, None),
    ],
)
async def test_the_group_header_is_read_from_the_trusted_proxy(
    tmp_path: Path, headers: dict, group: str | None
) -> None:
    server = _server(tmp_path, "X-Forwarded-Groups")
    seen = {}

    async def handler(request):
        seen["group"] = request.get("group")
        return None

    request = make_mocked_request(
        "GET", "/", headers={"X-Forwarded-User": "anne", **headers}, transport=_Peer("127.0.0.1")
    )
    await server._signed_on_only(request, handler)
    assert seen["group"] == group
    argv, environment = server.session_for("anne", seen["group"])
    assert argv[-2:] == ["--group", group or ""] and environment


async def test_without_the_group_option_no_group_is_passed(tmp_path: Path) -> None:
    server = _server(tmp_path, None)
    argv, _environment = server.session_for("anne", "forged")
    assert "--group" not in argv


def test_a_header_sent_twice_names_no_group() -> None:
    assert group_from_header(["a", "b"]) is None
    assert group_from_header([]) is None


def test_the_group_header_needs_the_account_header(capsys) -> None:
    code = main(["--lang", "en", "serve", "--trusted-group-header", "X-Forwarded-Groups"])
    err = capsys.readouterr().err
    assert code == 2 and "--trusted-group-header goes with --trusted-header" in err
    code = main(
        ["--lang", "en", "serve", "--trusted-header", "X-Forwarded-User", "--data-root", "r",
         "--trusted-group-header", "X Groups"]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "needs a header name" in err
