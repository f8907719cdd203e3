"""A small xAPI client for a Learning Record Store: POST statements, ask which ids it holds.

Only the standard library (urllib): trainer takes no HTTP dependency for this. Every request has a
timeout; a failure that may pass (no connection, a timeout, 429, 5xx) is tried again after an
exponentially growing pause, a bounded number of times; a refusal (400, 401, 403…) is not. The
client never decides what counts as sent: it says what the LRS accepted, the caller records it.
"""

from __future__ import annotations

import base64
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

XAPI_VERSION = "1.0.3"
RETRIED_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
log = logging.getLogger("trainer.xapi")


class LrsError(Exception):
    """The LRS could not take the statements; the message says why, for the person running sync."""


class LrsUnavailable(LrsError):
    """The LRS did not answer, or answered a passing error, every time it was tried."""


class LrsRefused(LrsError):
    """The LRS answered with an error that trying again will not fix (bad statement, credentials)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class LrsConflict(LrsRefused):
    """409: the LRS holds a different statement under one of the ids sent."""


@dataclass
class Reply:
    """An HTTP answer: status and body."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class LrsClient:
    """A client of one LRS endpoint (the URL that `/statements` is under)."""

    endpoint: str
    user: str | None = None
    password: str | None = None
    timeout: float = 10.0
    tries: int = 4
    """Attempts per request, the first included."""
    backoff: float = 0.5
    """The pause after the first failure, doubled after each next one."""
    max_pause: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    """Where the client waits between tries: tests pass a recorder."""

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise LrsError(f"the LRS endpoint must be an http or https URL, not {self.endpoint!r}")
        if self.tries < 1:
            raise LrsError("the number of tries must be at least 1")
        self.endpoint = self.endpoint.rstrip("/")

    # requests ----------------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        headers = {"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
        if self.user is not None:
            token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {token}"
        return headers

    def _once(self, method: str, url: str, body: bytes | None) -> Reply:
        headers = self._headers()
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 (scheme checked)
                return Reply(answer.status, answer.read(), dict(answer.headers))
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, error.read(), dict(error.headers or {}))

    def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        """One request, tried again on passing failures; `LrsUnavailable` when every try failed."""
        url = f"{self.endpoint}{path}"
        why = ""
        for attempt in range(1, self.tries + 1):
            retry_after: float | None = None
            try:
                reply = self._once(method, url, body)
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
                reason = getattr(error, "reason", error)
                why = f"{type(reason).__name__}: {reason}" if str(reason) else type(reason).__name__
            else:
                if reply.status not in RETRIED_STATUSES:
                    return reply
                why = f"HTTP {reply.status}"
                retry_after = _seconds(reply.headers.get("Retry-After"))
            if attempt == self.tries:
                break
            pause = min(self.max_pause, retry_after if retry_after is not None else self.backoff * 2 ** (attempt - 1))
            log.info("LRS %s %s failed (%s); try %d of %d in %.1f s", method, url, why, attempt + 1, self.tries, pause)
            self.sleep(pause)
        raise LrsUnavailable(f"the LRS at {self.endpoint} did not answer after {self.tries} tries ({why})")

    # statements --------------------------------------------------------------------------------

    def post(self, statements: Sequence[dict[str, Any]]) -> None:
        """Store a batch of statements; returns when the LRS accepted them all.

        `LrsConflict` on 409, `LrsRefused` on any other refusal, `LrsUnavailable` when it is down.
        """
        body = json.dumps(list(statements), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        reply = self.request("POST", "/statements", body)
        if reply.status in (200, 204):
            return
        message = f"the LRS refused the statements: HTTP {reply.status} {_detail(reply.body)}"
        if reply.status == 409:
            raise LrsConflict(reply.status, message)
        raise LrsRefused(reply.status, message)

    def holds(self, statement_id: str) -> bool:
        """True when the LRS holds a statement with this id (GET statements?statementId=…)."""
        query = urllib.parse.urlencode({"statementId": statement_id})
        reply = self.request("GET", f"/statements?{query}")
        if reply.status == 200:
            # The spec answers the statement itself; some LRSs (Ralph) answer a statement list,
            # empty when the id is unknown: only a statement with this id counts.
            try:
                data = json.loads(reply.body or b"null")
            except ValueError:
                return False
            found = data.get("statements", [data]) if isinstance(data, dict) else []
            return any(isinstance(s, dict) and s.get("id") == statement_id for s in found)
        if reply.status == 404:
            return False
        raise LrsRefused(reply.status, f"the LRS could not say whether it holds {statement_id}: HTTP {reply.status} {_detail(reply.body)}")

    def held(self, statement_ids: Sequence[str]) -> set[str]:
        """The ids among these that the LRS already holds."""
        return {statement_id for statement_id in statement_ids if self.holds(statement_id)}


def _seconds(value: str | None) -> float | None:
    """A Retry-After header in seconds (the HTTP-date form is ignored: back-off applies)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _detail(body: bytes) -> str:
    """The LRS's own explanation, short."""
    text = body.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
        if isinstance(data, dict) and "detail" in data:
            text = json.dumps(data["detail"], ensure_ascii=False) if not isinstance(data["detail"], str) else data["detail"]
    except ValueError:
        pass
    return text[:300]
