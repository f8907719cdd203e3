"""The LRS client against a fake LRS on 127.0.0.1: headers, retries, back-off, timeouts, 409."""

from __future__ import annotations

import base64
import socket

import pytest

from tests.fake_lrs import FakeLrs
from trainer.xapi.lrs import LrsClient, LrsConflict, LrsError, LrsRefused, LrsUnavailable

STATEMENT = {
    "id": "7f0c2d1e-1111-4222-8333-444455556666",
    "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
}


@pytest.fixture
def lrs():
    fake = FakeLrs().start()
    yield fake
    fake.stop()


def client(lrs: FakeLrs, waits: list[float], **options) -> LrsClient:
    return LrsClient(lrs.endpoint, "trainer", "s3cret", sleep=waits.append, **options)


def test_post_sends_the_xapi_version_basic_auth_and_the_batch(lrs) -> None:
    waits: list[float] = []
    client(lrs, waits).post([STATEMENT])
    [request] = lrs.requests
    assert request.path == "/xAPI/statements"
    assert request.headers["x-experience-api-version"] == "1.0.3"
    assert (
        request.headers["authorization"] == "Basic " + base64.b64encode(b"trainer:s3cret").decode()
    )
    assert request.headers["content-type"] == "application/json"
    assert request.body == [STATEMENT] and waits == []


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_a_passing_error_is_tried_again_after_a_pause(lrs, status: int) -> None:
    lrs.statuses = [status]
    waits: list[float] = []
    client(lrs, waits).post([STATEMENT])
    assert len(lrs.posts) == 2 and waits == [0.5]


def test_back_off_doubles_and_tries_are_bounded(lrs) -> None:
    lrs.statuses = [503] * 10
    waits: list[float] = []
    with pytest.raises(LrsUnavailable, match="after 4 tries"):
        client(lrs, waits).post([STATEMENT])
    assert len(lrs.posts) == 4 and waits == [0.5, 1.0, 2.0]


def test_back_off_is_capped(lrs) -> None:
    lrs.statuses = [500] * 6
    waits: list[float] = []
    with pytest.raises(LrsUnavailable):
        client(lrs, waits, tries=6, backoff=4, max_pause=10).post([STATEMENT])
    assert waits == [4, 8, 10, 10, 10]


def test_retry_after_is_followed_within_the_cap(lrs) -> None:
    lrs.statuses = [429, 429]
    lrs.headers = {"Retry-After": "3"}
    waits: list[float] = []
    client(lrs, waits, max_pause=2).post([STATEMENT])
    assert waits == [2, 2]


@pytest.mark.parametrize("status", [400, 401, 403, 413])
def test_a_refusal_is_not_tried_again(lrs, status: int) -> None:
    lrs.statuses = [status]
    with pytest.raises(LrsRefused, match=f"HTTP {status} scripted {status}") as raised:
        client(lrs, []).post([STATEMENT])
    assert raised.value.status == status and len(lrs.posts) == 1


def test_conflict_is_its_own_error(lrs) -> None:
    lrs.statuses = [409]
    with pytest.raises(LrsConflict):
        client(lrs, []).post([STATEMENT])


def test_a_slow_lrs_times_out_and_counts_as_down(lrs) -> None:
    lrs.delay = 1.0
    waits: list[float] = []
    with pytest.raises(LrsUnavailable, match=r"within 0\.1 s"):
        client(lrs, waits, timeout=0.1, tries=2).post([STATEMENT])
    assert len(waits) == 1


def test_nobody_listening_counts_as_down() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    waits: list[float] = []
    with pytest.raises(LrsUnavailable, match="2 tries"):
        LrsClient(f"http://127.0.0.1:{port}/xAPI", tries=2, sleep=waits.append).post([STATEMENT])
    assert waits == [0.5]


def test_held_asks_for_each_id(lrs) -> None:
    lrs.held[STATEMENT["id"]] = STATEMENT
    other = "00000000-0000-4000-8000-000000000000"
    assert client(lrs, []).held([STATEMENT["id"], other]) == {STATEMENT["id"]}
    paths = [r.path for r in lrs.requests]
    assert paths == [
        f"/xAPI/statements?statementId={STATEMENT['id']}",
        f"/xAPI/statements?statementId={other}",
    ]


def test_an_empty_statement_list_means_not_held() -> None:
    """Ralph answers 200 with an empty list for an id it does not hold."""
    from trainer.xapi.lrs import Reply

    class Listing(LrsClient):
        def request(self, method, path, body=None):
            return Reply(200, b'{"statements": []}')

    assert Listing("http://127.0.0.1:9/xAPI").holds("x") is False


@pytest.mark.parametrize(
    "endpoint", ["ftp://lrs.invalid/xAPI", "lrs.invalid", "file:///etc/passwd"]
)
def test_only_http_endpoints(endpoint: str) -> None:
    with pytest.raises(LrsError, match="http or https"):
        LrsClient(endpoint)


def test_no_user_sends_no_authorization(lrs) -> None:
    LrsClient(lrs.endpoint).post([STATEMENT])
    assert "authorization" not in lrs.requests[0].headers
