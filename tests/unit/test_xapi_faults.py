"""The LRS client and `trainer sync` against hostile and broken servers (issue 11, points 1–3 and
the LRS faults of 11): a fake LRS on 127.0.0.1 commits each fault; a second one on 127.0.0.2 stands
for "another host". Every wait is bounded by the fake, so a regression fails instead of hanging."""

from __future__ import annotations

import asyncio
import io
import os
import stat
import threading
from pathlib import Path

import pytest

from tests.helpers.lrs import FakeLrs
from tests.helpers.paths import take_course
from trainer.commands.sync import sync_command
from trainer.progress.outbox import learner_key, sent_count
from trainer.progress.store import Store
from trainer.xapi.config import XapiConfig
from trainer.xapi.lrs import LrsBadAnswer, LrsClient, LrsRedirected, LrsUnavailable, endpoint_key
from trainer.xapi.sync import (
    STATE_FILE,
    courses_of,
    pending_statements,
    start_sync_after_quiz,
)

PASSWORD = "s3cret-pass"


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "data" / "progress.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def lrs():
    fake = FakeLrs().start()
    yield fake
    fake.stop()


@pytest.fixture
def elsewhere():
    """Another origin: another loopback address, another port."""
    fake = FakeLrs(host="127.0.0.2").start()
    yield fake
    fake.stop()


def config_for(lrs: FakeLrs, monkeypatch, **options) -> XapiConfig:
    monkeypatch.setenv("LRS_PASSWORD", PASSWORD)
    return XapiConfig(endpoint=lrs.endpoint, user="alice", password_env="LRS_PASSWORD", **options)


def run_sync(config: XapiConfig, store: Store, pack, clock, **options) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = sync_command(config, store, pack, clock=clock, out=out, err=err, **options)
    return code, out.getvalue(), err.getvalue()


def assert_one_clear_line(err: str) -> None:
    assert err.count("\n") == 1 and err.startswith("trainer: ") and "Traceback" not in err


# 1. redirects and answers that are not xAPI's --------------------------------------------------


def test_sync_never_follows_a_redirect_with_the_password(
    store, pack, clock, lrs, elsewhere, monkeypatch
) -> None:
    take_course(store, pack, "Ada", clock)
    lrs.fault, lrs.location = "redirect", elsewhere.base
    code, out, err = run_sync(config_for(lrs, monkeypatch), store, pack, clock)
    assert code == 1
    assert_one_clear_line(err)
    assert f"redirected to {elsewhere.base}/xAPI/statements" in err
    assert elsewhere.requests == []  # the password went nowhere else
    assert len(lrs.posts) == 1  # a redirect is not tried again
    assert sent_count(store) == 0 and "0 statements sent; 13 events pending" in out


def test_sync_prints_one_line_on_the_real_stderr(
    store, pack, clock, lrs, elsewhere, monkeypatch, capfd
) -> None:
    """A warning logged on the way must not reach the terminal as a second line."""
    import logging

    take_course(store, pack, "Ada", clock)
    lrs.fault, lrs.location = "redirect", elsewhere.base
    monkeypatch.setattr(
        logging.getLogger(), "handlers", []
    )  # as in `trainer sync`: no handler set up
    assert sync_command(config_for(lrs, monkeypatch), store, pack, clock=clock) == 1
    assert_one_clear_line(capfd.readouterr().err)


def test_a_redirect_is_reported_in_french(store, pack, clock, lrs, elsewhere, monkeypatch) -> None:
    from trainer.i18n import set_language

    take_course(store, pack, "Ada", clock)
    lrs.fault, lrs.location = "redirect", elsewhere.base
    set_language("fr")
    try:
        code, _out, err = run_sync(config_for(lrs, monkeypatch), store, pack, clock)
    finally:
        set_language("en")
    assert code == 1 and "redirigé vers" in err and elsewhere.base in err


@pytest.mark.parametrize(
    ("fault", "why"), [("html", "not JSON"), ("badjson", "not JSON"), ("wrong-ids", "not sent")]
)
def test_a_200_that_is_not_xapi_marks_nothing_sent(
    store, pack, clock, lrs, monkeypatch, fault: str, why: str
) -> None:
    take_course(store, pack, "Ada", clock)
    lrs.fault = fault
    code, _out, err = run_sync(config_for(lrs, monkeypatch), store, pack, clock)
    assert code == 1 and why in err and "not an xAPI answer" in err
    assert_one_clear_line(err)
    assert sent_count(store) == 0


def test_ids_left_out_of_the_answer_count_only_when_the_lrs_holds_them(
    store, pack, clock, lrs, monkeypatch
) -> None:
    """Ralph answers the ids it newly stored (204 when it had them all); the rest are looked for
    in one listing of the enrolment, not one request per statement."""
    take_course(store, pack, "Ada", clock)
    config = config_for(lrs, monkeypatch)
    statements = pending_statements(store, courses_of(pack), config, endpoint_key(lrs.endpoint))
    for statement in statements[
        :4
    ]:  # a batch cut earlier: the LRS stored these, trainer never knew
        lrs.held[statement.id] = statement.body
    lrs.like_ralph = True
    code, out, _err = run_sync(config, store, pack, clock)
    assert code == 0 and "14 statements sent; 0 events pending" in out
    asked = [r.path for r in lrs.requests if r.method == "GET"]
    assert len(asked) == 1 and "registration=" in asked[0]


def test_the_ids_answered_may_come_in_another_order_but_not_twice(lrs) -> None:
    from trainer.xapi.lrs import Reply

    sent = ["7f0c2d1e-1111-4222-8333-444455556666", "8f0c2d1e-1111-4222-8333-444455556666"]
    client = LrsClient(lrs.endpoint)
    assert client._stored_ids(
        Reply(200, b'["8F0C2D1E-1111-4222-8333-444455556666", "%s"]' % sent[0].encode()), sent
    ) == set(sent)
    with pytest.raises(LrsBadAnswer, match="named twice"):
        client._stored_ids(Reply(200, b'["%s", "%s"]' % (sent[0].encode(), sent[0].encode())), sent)
    with pytest.raises(LrsBadAnswer, match="not an array of statement ids"):
        client._stored_ids(Reply(200, b'{"ids": []}'), sent)


def test_a_204_for_statements_the_lrs_does_not_hold_is_a_failure(lrs) -> None:
    statement = {"id": "7f0c2d1e-1111-4222-8333-444455556666"}
    lrs.like_ralph = True
    lrs.held[statement["id"]] = statement  # it answers 204 ("held them all")…
    client = LrsClient(lrs.endpoint, tries=1)
    client.post([statement])  # …and holds it: accepted
    lrs.held.clear()
    lrs.statuses = [204]
    with pytest.raises(LrsBadAnswer, match="does not hold 1 of them"):
        client.post([{"id": "00000000-0000-4000-8000-000000000001"}])


def test_report_lrs_never_follows_a_redirect(pack, lrs, elsewhere, monkeypatch) -> None:
    from trainer.commands.report import report_command

    monkeypatch.setenv("LRS_PASSWORD", PASSWORD)
    lrs.fault, lrs.location = "redirect", elsewhere.base
    err = io.StringIO()
    code = report_command(
        pack.course(),
        lrs=lrs.endpoint,
        user="alice",
        password_env="LRS_PASSWORD",
        out=io.StringIO(),
        err=err,
    )
    assert code == 1 and f"redirected to {elsewhere.base}" in err.getvalue()
    assert_one_clear_line(err.getvalue())
    assert elsewhere.requests == []


@pytest.mark.parametrize(
    ("listing", "message"),
    [
        ({"statements": "none"}, "not a statement list"),
        ({"statements": [1, 2]}, "not a statement list"),
        ({"statements": [], "more": 7}, "not a statement list"),
        (
            {"statements": [], "more": "http://127.0.0.2:9/xAPI/statements?page=2"},
            "outside its endpoint",
        ),
        ({"statements": [], "more": "//127.0.0.2/xAPI/statements?page=2"}, "outside its endpoint"),
    ],
)
def test_report_lrs_checks_the_statement_result(pack, lrs, listing, message: str) -> None:
    from trainer.commands.report import report_command

    lrs.listing = listing
    err = io.StringIO()
    assert report_command(pack.course(), lrs=lrs.endpoint, out=io.StringIO(), err=err) == 1
    assert message in err.getvalue()
    assert_one_clear_line(err.getvalue())


@pytest.mark.parametrize("fault", ["html", "drop", "garbage"])
def test_report_lrs_faults_are_one_line(pack, lrs, fault: str) -> None:
    from trainer.commands.report import report_command

    lrs.fault = fault
    err = io.StringIO()
    assert report_command(pack.course(), lrs=lrs.endpoint, out=io.StringIO(), err=err) == 1
    assert_one_clear_line(err.getvalue())


def test_a_relative_redirect_is_named_as_a_whole_address(lrs) -> None:
    lrs.fault, lrs.location = "redirect", ""
    with pytest.raises(LrsRedirected, match=f"redirected to {lrs.base}/xAPI/statements"):
        LrsClient(lrs.endpoint, tries=1).post([{"id": "7f0c2d1e-1111-4222-8333-444455556666"}])
    assert len(lrs.requests) == 1


def test_the_client_raises_on_a_redirect_for_a_get(lrs, elsewhere) -> None:
    lrs.fault, lrs.location = "redirect", elsewhere.base
    with pytest.raises(LrsRedirected) as raised:
        LrsClient(lrs.endpoint, "alice", PASSWORD).holds("x")
    assert raised.value.location.startswith(elsewhere.base) and elsewhere.requests == []


# 2. slow servers -------------------------------------------------------------------------------


def test_a_server_dripping_bytes_cannot_hold_a_request_past_its_deadline(lrs) -> None:
    """One byte every 0.05 s: the socket timeout (1 s) never fires; the request's deadline does."""
    lrs.fault, lrs.drip_pause, lrs.drip_bytes = "drip", 0.05, 400
    with pytest.raises(LrsUnavailable, match=r"no complete answer within 0\.5 s"):
        LrsClient(lrs.endpoint, timeout=0.5, tries=1).post(
            [{"id": "7f0c2d1e-1111-4222-8333-444455556666"}]
        )
    assert lrs.dripped < lrs.drip_bytes  # the client hung up before the server was done


def test_a_whole_run_has_a_deadline_pauses_included(lrs) -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    waits: list[float] = []
    lrs.statuses = [500] * 10
    client = LrsClient(
        lrs.endpoint,
        tries=10,
        backoff=10,
        max_pause=100,
        run_timeout=25,
        sleep=sleep,
        clock=lambda: now[0],
    )
    with pytest.raises(LrsUnavailable, match="did not finish within 25 s"):
        client.post([{"id": "7f0c2d1e-1111-4222-8333-444455556666"}])
    assert waits == [10] and len(lrs.posts) == 2  # the next pause (20 s) would pass the deadline


def test_sync_stops_at_its_run_timeout(store, pack, clock, lrs, monkeypatch) -> None:
    take_course(store, pack, "Ada", clock)
    lrs.fault, lrs.drip_pause, lrs.drip_bytes = "drip", 0.05, 400
    code, _out, err = run_sync(
        config_for(lrs, monkeypatch, timeout=5, run_timeout=0.5, tries=3), store, pack, clock
    )
    assert code == 1 and "did not finish within 0.5 s" in err
    assert_one_clear_line(err)
    assert sent_count(store) == 0 and lrs.dripped < lrs.drip_bytes


def test_the_sync_after_a_quiz_runs_in_a_thread_quitting_does_not_wait_for(
    tmp_path: Path, pack, clock, lrs
) -> None:
    """The app exits (asyncio.run returns) while its sync is still waiting for the LRS's answer."""
    from tests.helpers.clock import FixedClock, seeds_from
    from trainer.tui.app import TrainerApp

    path = tmp_path / "data" / "progress.sqlite3"
    store = Store.open(path)
    take_course(store, pack, "Anne", clock)
    (path.parent / "xapi.toml").write_text(f'endpoint = "{lrs.endpoint}"\nsync_after_quiz = true\n')
    lrs.gate = threading.Event()  # the LRS answers nothing until the test ends (30 s at most)

    async def quit_during_a_sync() -> None:
        app = TrainerApp(
            pack.course("en"),
            store,
            learner_name="Anne",
            clock=FixedClock(),
            seeds=seeds_from(),
            pack=pack,
        )
        async with app.run_test():
            app.quiz_finished()
            assert lrs.gate_reached.wait(10)  # the sync is under way

    asyncio.run(quit_during_a_sync())
    assert not lrs.gate_passed.is_set()  # the app did not wait for the sync to end
    store.close()


def test_the_sync_after_a_quiz_thread_is_a_daemon(tmp_path: Path, pack) -> None:
    thread = start_sync_after_quiz(tmp_path / "progress.sqlite3", pack)
    assert thread.daemon
    thread.join(10)


# 3. one sync at a time, one id per learner -----------------------------------------------------


def test_two_syncs_at_once_send_each_statement_once(store, pack, clock, lrs, monkeypatch) -> None:
    take_course(store, pack, "Ada", clock)
    config = config_for(lrs, monkeypatch, batch_size=50)
    lrs.gate = threading.Event()  # the first sync's first batch waits until the second has tried
    codes: list[int] = []
    first = threading.Thread(
        target=lambda: codes.append(run_sync(config, Store.open(store.path), pack, clock)[0])
    )
    first.start()
    assert lrs.gate_reached.wait(10)
    code, _out, err = run_sync(config, store, pack, clock, lock_wait=0)
    lrs.gate.set()
    first.join(30)
    assert code == 1 and "already running" in err
    assert_one_clear_line(err)
    assert codes == [0]
    sent = [statement["id"] for post in lrs.posts for statement in post.body]
    assert len(sent) == len(set(sent)) == 14


def test_a_learner_gets_one_xapi_id_when_two_trainers_make_it_at_once(store, clock) -> None:
    """Trainer A reads "no id yet"; trainer B makes one meanwhile; A must take B's, not its own."""
    learner = store.add_learner("Ada", clock())
    other = Store.open(store.path)
    made_by_other: list[str] = []
    read = store.settings

    def read_then_let_the_other_make_it(who):
        seen = read(who)
        made_by_other.append(learner_key(other, learner))
        return seen

    store.settings = read_then_let_the_other_make_it  # type: ignore[method-assign]
    try:
        key = learner_key(store, learner)
    finally:
        del store.settings
        other.close()
    assert key == made_by_other[0] == store.settings(learner)["xapi_id"]


# 11. faults on the wire: one clear line, nothing marked sent, tries as documented ---------------


@pytest.mark.parametrize(
    ("fault", "why"),
    [
        ("cut", "cut off"),
        ("garbage", "not HTTP"),
        ("reset", "reset"),
        (None, "HTTP 500"),
    ],
)
def test_a_broken_server_gives_one_clear_line_and_keeps_everything_pending(
    store, pack, clock, lrs, monkeypatch, fault: str | None, why: str
) -> None:
    take_course(store, pack, "Ada", clock)
    lrs.fault = fault
    lrs.statuses = [500] * 10
    code, _out, err = run_sync(config_for(lrs, monkeypatch, tries=3, backoff=0), store, pack, clock)
    assert code == 1 and why in err and "after 3 tries" in err
    assert_one_clear_line(err)
    assert sent_count(store) == 0 and len(lrs.posts) == 3


def test_a_200_status_line_then_nothing_is_not_an_answer(
    store, pack, clock, lrs, monkeypatch
) -> None:
    take_course(store, pack, "Ada", clock)
    lrs.fault = "drop"
    code, _out, err = run_sync(config_for(lrs, monkeypatch, tries=3, backoff=0), store, pack, clock)
    assert code == 1 and "is empty, not an xAPI answer" in err
    assert_one_clear_line(err)
    assert sent_count(store) == 0


def test_nobody_listening_gives_one_clear_line(store, pack, clock, monkeypatch) -> None:
    import socket

    take_course(store, pack, "Ada", clock)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = XapiConfig(endpoint=f"http://127.0.0.1:{port}/xAPI", tries=2, backoff=0)
    code, _out, err = run_sync(config, store, pack, clock)
    assert code == 1 and "connection was refused" in err and "after 2 tries" in err
    assert_one_clear_line(err)


def test_a_tls_failure_gives_one_clear_line(store, pack, clock, lrs, monkeypatch) -> None:
    take_course(store, pack, "Ada", clock)
    config = XapiConfig(endpoint=lrs.endpoint.replace("http://", "https://"), tries=2, backoff=0)
    code, _out, err = run_sync(config, store, pack, clock)
    assert code == 1 and "TLS" in err
    assert_one_clear_line(err)
    assert sent_count(store) == 0


def test_an_untrusted_certificate_gives_one_clear_line_and_is_not_tried_again(
    store, pack, clock, tmp_path
) -> None:
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl makes the self-signed certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    take_course(store, pack, "Ada", clock)
    fake = FakeLrs(tls=(str(cert), str(key))).start()
    try:
        code, _out, err = run_sync(XapiConfig(endpoint=fake.endpoint, tries=3), store, pack, clock)
    finally:
        fake.stop()
    assert code == 1 and "certificate that cannot be trusted" in err and "tries" not in err
    assert_one_clear_line(err)
    assert sent_count(store) == 0 and fake.requests == []


def test_the_files_sync_writes_are_private_under_any_umask(
    store, pack, clock, lrs, monkeypatch
) -> None:
    take_course(store, pack, "Ada", clock)
    old = os.umask(0)
    try:
        assert run_sync(config_for(lrs, monkeypatch), store, pack, clock)[0] == 0
    finally:
        os.umask(old)
    folder = store.path.parent
    written = [p for p in folder.iterdir() if p.name.startswith("xapi-sync")]
    assert {p.name for p in written} == {STATE_FILE, "xapi-sync.lock"}
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_proxy_named_in_the_environment_is_used_as_urllib_did(lrs, monkeypatch) -> None:
    """Local authorities' networks often go out through a proxy: $http_proxy still counts."""
    for name in ("no_proxy", "NO_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", "http://agent:pw@" + lrs.base.removeprefix("http://"))
    statement = {"id": "7f0c2d1e-1111-4222-8333-444455556666"}
    LrsClient("http://lrs.invalid/xAPI", tries=1).post([statement])
    [request] = lrs.requests
    assert request.path == "http://lrs.invalid/xAPI/statements"
    assert request.headers["proxy-authorization"] == "Basic YWdlbnQ6cHc="
