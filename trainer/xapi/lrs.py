"""A small xAPI client for a Learning Record Store: POST statements, ask which ids it holds.

Only the standard library (http.client): trainer takes no HTTP dependency for this. What the
client promises, each for a reason found by attacking it:

- Every request talks to the configured origin only. A redirect is never followed: the request
  carries the LRS password, and urllib would hand it, and a POST turned into a GET, to whatever
  host the answer names. A 3xx is an error that names the new location.
- Every request has a total deadline (`timeout`), not only a socket timeout, which a server
  sending one byte every few seconds resets forever; and a client can have a deadline for all its
  requests together (`run_timeout`), so a whole sync is bounded too.
- An answer counts only when it is what xAPI 1.0.3 says: for POST /statements a JSON array of the
  ids of the statements the LRS stored. A captive portal's HTML page, `{not json` or other ids are
  failures. An LRS stores a statement it already holds only once and leaves its id out of the
  array (Ralph answers 204 when it held them all): the statements left out are looked for among
  those the LRS holds for their enrolment (one `GET statements?registration=…` per registration,
  page by page, never one request per statement), and only those it shows it holds count.
- A failure that may pass (no connection, a reset, a cut or garbled answer, a timeout, 429, 5xx)
  is tried again after an exponentially growing pause, a bounded number of times; a refusal (400,
  401, 403…), a redirect, a TLS certificate failure or a wrong answer is not.

The client never decides what counts as sent: it says what the LRS accepted, the caller records it.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import logging
import socket
import ssl
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from trainer.i18n import _
from trainer.inert import inert

XAPI_VERSION = "1.0.3"
RETRIED_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PAGE = 100
"""Statements asked per page of a listing (Ralph answers at most 100)."""
MAX_PAGES = 10_000
"""A bound on `more` links followed: an LRS answering pages forever stops there."""
MAX_ANSWER = 64 * 1024 * 1024
"""The most an answer may weigh: a page of statements is a few MB at most."""
log = logging.getLogger("trainer.xapi")


class LrsError(Exception):
    """The LRS could not take the statements; the message says why, for the person running sync."""


class LrsUnavailable(LrsError):
    """The LRS did not answer, or answered a passing error, every time it was tried."""


class LrsRefused(LrsError):
    """The LRS answered an error that trying again will not fix (a bad statement, credentials)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class LrsConflict(LrsRefused):
    """409: the LRS holds a different statement under one of the ids sent."""


class LrsRedirected(LrsRefused):
    """3xx: the endpoint answers elsewhere. Not followed: the request carries the password."""

    def __init__(self, status: int, message: str, location: str) -> None:
        super().__init__(status, message)
        self.location = location


class LrsBadAnswer(LrsError):
    """The answer is not what xAPI says (an HTML page, broken JSON, ids that were not sent)."""


class _Passing(Exception):
    """One try failed in a way that may pass: the reason, for the log and the final message."""


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
    """Seconds one request may take in all: connecting, sending, and the whole answer."""
    tries: int = 4
    """Attempts per request, the first included."""
    backoff: float = 0.5
    """The pause after the first failure, doubled after each next one."""
    max_pause: float = 30.0
    run_timeout: float | None = None
    """Seconds every request of this client may take together, pauses included (None: no bound)."""
    sleep: Callable[[float], None] = time.sleep
    """Where the client waits between tries: tests pass a recorder."""
    clock: Callable[[], float] = time.monotonic
    """Where the client reads the time for `run_timeout`: tests pass their own."""

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise LrsError(
                _("the LRS endpoint must be an http or https URL, not {endpoint}").format(
                    endpoint=inert(repr(self.endpoint))
                )
            )
        if self.tries < 1:
            raise LrsError(_("the number of tries must be at least 1"))
        if not origin_of(self.endpoint):  # a port that is not a number
            raise LrsError(
                _("the LRS endpoint must be an http or https URL, not {endpoint}").format(
                    endpoint=inert(repr(self.endpoint))
                )
            )
        self.endpoint = self.endpoint.rstrip("/")
        self._started: float | None = None

    @property
    def origin(self) -> str:
        """scheme://host:port of the endpoint: the only place requests go."""
        return origin_of(self.endpoint)

    # requests ----------------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        headers = {
            "X-Experience-API-Version": XAPI_VERSION,
            "Accept": "application/json",
            "Connection": "close",
        }
        if self.user is not None:
            token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {token}"
        return headers

    def _remaining(self) -> float | None:
        """Seconds left of `run_timeout`, None when there is no such bound."""
        if self.run_timeout is None:
            return None
        if self._started is None:
            self._started = self.clock()
        return self.run_timeout - (self.clock() - self._started)

    def _out_of_time(self) -> LrsUnavailable:
        return LrsUnavailable(
            _("the LRS at {endpoint} did not finish within {seconds:g} s; stopped there").format(
                endpoint=self.endpoint, seconds=self.run_timeout
            )
        )

    def _once(self, method: str, url: str, body: bytes | None, budget: float) -> Reply:
        """One HTTP exchange, cut at `budget` seconds whatever the server does; `_Passing` when it
        failed in a way that may pass."""
        connection, target, proxy_headers = _connection(url, budget)
        cut = threading.Event()

        def cut_off() -> None:
            # The socket timeout restarts at every byte; this bounds the whole exchange. Shutting
            # the socket down wakes the read blocked on it (the plain socket's shutdown: an SSL
            # socket's own would unwrap it under the reading thread).
            cut.set()
            sock = connection.sock
            if sock is not None:
                with contextlib.suppress(OSError):  # closed meanwhile: nothing left to wake
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)

        watchdog = threading.Timer(budget, cut_off)
        watchdog.daemon = True
        watchdog.start()
        headers = {**self._headers(), **proxy_headers}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, target, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read(MAX_ANSWER + 1)
            if cut.is_set():
                raise OSError("cut at the deadline")
            declared = answer.getheader("Content-Length", "")
            if declared.isdigit() and len(data) < int(
                declared
            ):  # read(amt) returns a cut body as it is
                raise http.client.IncompleteRead(data, int(declared) - len(data))
            if len(data) > MAX_ANSWER:
                raise _Passing(
                    _("an answer larger than {size} MB").format(size=MAX_ANSWER // (1024 * 1024))
                )
            return Reply(
                answer.status, data, {name.lower(): value for name, value in answer.getheaders()}
            )
        except ssl.SSLCertVerificationError as error:
            raise LrsUnavailable(
                _(
                    "the LRS at {endpoint} has a certificate that cannot be trusted: {reason}"
                ).format(endpoint=self.endpoint, reason=error.verify_message or error.reason)
            ) from None
        except (http.client.HTTPException, OSError, ValueError) as error:
            # The socket's own timeout and the watchdog both stop at `budget`: whichever comes
            # first (the watchdog's thread may run late on a busy machine), it is the same event.
            if cut.is_set() or isinstance(error, TimeoutError):
                raise _Passing(
                    _("no complete answer within {seconds:g} s").format(seconds=budget)
                ) from None
            raise _Passing(_reason(error)) from None
        finally:
            watchdog.cancel()
            connection.close()

    def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        """One request, tried again on passing failures; `LrsUnavailable` when every try failed,
        `LrsRedirected` on a 3xx (never followed)."""
        url = f"{self.endpoint}{path}"
        why = ""
        for attempt in range(1, self.tries + 1):
            remaining = self._remaining()
            if remaining is not None and remaining <= 0:
                raise self._out_of_time()
            budget = self.timeout if remaining is None else min(self.timeout, remaining)
            retry_after: float | None = None
            try:
                reply = self._once(method, url, body, budget)
            except _Passing as error:
                why = str(error)
            else:
                if reply.status in REDIRECTS:
                    raise self._redirected(reply, url)
                if reply.status not in RETRIED_STATUSES:
                    return reply
                why = f"HTTP {reply.status}"
                retry_after = _seconds(reply.headers.get("retry-after"))
            if attempt == self.tries:
                break
            pause = min(
                self.max_pause,
                retry_after if retry_after is not None else self.backoff * 2 ** (attempt - 1),
            )
            remaining = self._remaining()
            if remaining is not None and pause >= remaining:
                raise self._out_of_time()
            log.info(
                "LRS %s %s failed (%s); try %d of %d in %.1f s",
                method,
                url,
                why,
                attempt + 1,
                self.tries,
                pause,
            )
            self.sleep(pause)
        raise LrsUnavailable(
            _("the LRS at {endpoint} did not answer after {tries} tries ({why})").format(
                endpoint=self.endpoint, tries=self.tries, why=why
            )
        )

    def _redirected(self, reply: Reply, url: str) -> LrsRedirected:
        where = reply.headers.get("location", "")
        location = _one_line(urllib.parse.urljoin(url, where), 200) if where else "?"
        return LrsRedirected(
            reply.status,
            _(
                "the LRS at {endpoint} redirected to {location} (HTTP {status}); trainer does "
                "not follow redirects with the LRS password: set the endpoint to the new address "
                "if it is trusted"
            ).format(endpoint=self.endpoint, location=location, status=reply.status),
            location,
        )

    # statements --------------------------------------------------------------------------------

    def post(self, statements: Sequence[dict[str, Any]]) -> None:
        """Store a batch of statements; returns only when the LRS showed it holds them all.

        `LrsConflict` on 409, `LrsRedirected` on 3xx, `LrsRefused` on any other refusal,
        `LrsBadAnswer` when the answer is not xAPI's, `LrsUnavailable` when it is down.
        """
        sent = [str(statement["id"]) for statement in statements]
        body = json.dumps(list(statements), ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8"
        )
        reply = self.request("POST", "/statements", body)
        if reply.status == 200:
            stored = self._stored_ids(reply, sent)
        elif reply.status == 204:
            stored = set()  # Ralph: "I held them all already"; that is checked below
        else:
            message = _("the LRS refused the statements: HTTP {status} {detail}").format(
                status=reply.status, detail=_detail(reply.body)
            )
            if reply.status == 409:
                raise LrsConflict(reply.status, message)
            raise LrsRefused(reply.status, message)
        left_out = [s for s in statements if _canonical(str(s["id"])) not in stored]
        found = self.held_among(left_out) if left_out else {}
        missing = [str(s["id"]) for s in left_out if _canonical(str(s["id"])) not in found]
        if missing:
            raise LrsBadAnswer(
                _(
                    "the LRS at {endpoint} said it stored the statements but does not hold "
                    "{count} of them (first: {id})"
                ).format(endpoint=self.endpoint, count=len(missing), id=missing[0])
            )

    def _stored_ids(self, reply: Reply, sent: Sequence[str]) -> set[str]:
        """The ids a 200 answer to POST /statements names: xAPI 1.0.3 answers the array of the ids
        stored; anything else (a web page, broken JSON, ids not sent, an id twice) is refused. The
        spec asks for the order sent; another order is taken all the same, as it loses nothing."""
        try:
            data = json.loads(reply.body)
        except (ValueError, UnicodeDecodeError):
            raise self._not_xapi(reply, _("not JSON")) from None
        if not isinstance(data, list) or not all(isinstance(ident, str) for ident in data):
            raise self._not_xapi(reply, _("not an array of statement ids"))
        expected = {_canonical(ident) for ident in sent}
        named = [_canonical(ident) for ident in data]
        stranger = next((ident for ident in data if _canonical(ident) not in expected), None)
        if stranger is not None:
            raise self._not_xapi(
                reply, _("an id that was not sent: {id}").format(id=_one_line(stranger, 60))
            )
        if len(set(named)) != len(named):
            raise self._not_xapi(reply, _("an id named twice"))
        return set(named)

    def _not_xapi(self, reply: Reply, why: str) -> LrsBadAnswer:
        start = _one_line(reply.body.decode("utf-8", "replace"), 80)
        if not start:
            return LrsBadAnswer(
                _("the answer of {endpoint} is empty, not an xAPI answer").format(
                    endpoint=self.endpoint
                )
            )
        return LrsBadAnswer(
            _("the answer of {endpoint} is not an xAPI answer ({why}): {start}").format(
                endpoint=self.endpoint, why=why, start=start
            )
        )

    def holds(self, statement_id: str) -> bool:
        """True when the LRS holds a statement with this id (GET statements?statementId=…)."""
        query = urllib.parse.urlencode({"statementId": statement_id})
        reply = self.request("GET", f"/statements?{query}")
        if reply.status == 200:
            # The spec answers the statement itself; some LRSs (Ralph) answer a statement list,
            # empty when the id is unknown: only a statement with this id counts.
            try:
                data = json.loads(reply.body or b"null")
            except (ValueError, UnicodeDecodeError):
                return False
            found = data.get("statements", [data]) if isinstance(data, dict) else []
            if not isinstance(found, list):
                return False
            return any(
                isinstance(s, dict) and _canonical(str(s.get("id"))) == _canonical(statement_id)
                for s in found
            )
        if reply.status == 404:
            return False
        raise LrsRefused(
            reply.status,
            _("the LRS could not say whether it holds {id}: HTTP {status} {detail}").format(
                id=statement_id, status=reply.status, detail=_detail(reply.body)
            ),
        )

    def held(self, statement_ids: Sequence[str]) -> set[str]:
        """The ids among these that the LRS already holds, asked one by one (for statements
        without a registration; `held_among` asks once per registration)."""
        return {statement_id for statement_id in statement_ids if self.holds(statement_id)}

    def held_among(self, statements: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """The statements the LRS holds under the ids of these: canonical id → the statement it
        holds. xAPI has no query by a list of ids, so this asks once per enrolment
        (`registration`, which every statement of trainer carries) for everything the LRS holds
        of it, page by page: the requests grow with the registrations in a batch, not with its
        statements. A statement without a registration is asked for by its id."""
        wanted = {_canonical(str(s["id"])) for s in statements}
        found: dict[str, dict[str, Any]] = {}
        registrations: dict[str, None] = {}
        alone: list[str] = []
        for statement in statements:
            context = statement.get("context")
            registration = context.get("registration") if isinstance(context, dict) else None
            if isinstance(registration, str) and registration:
                registrations[registration] = None
            else:
                alone.append(str(statement["id"]))
        for registration in registrations:
            for held in self.statements_of(registration):
                ident = _canonical(str(held.get("id", "")))
                if ident in wanted:
                    found[ident] = held
        for ident in alone:
            single = self.statement(ident)
            if single is not None:
                found[_canonical(ident)] = single
        return found

    def statement(self, statement_id: str) -> dict[str, Any] | None:
        """The statement the LRS holds under this id, None when it holds none."""
        query = urllib.parse.urlencode({"statementId": statement_id, "format": "exact"})
        for held in self._listing(f"/statements?{query}", single=statement_id):
            if _canonical(str(held.get("id"))) == _canonical(statement_id):
                return held
        return None

    def statements_of(self, registration: str) -> list[dict[str, Any]]:
        """Every statement the LRS holds with this registration (`format=exact`: as stored)."""
        query = urllib.parse.urlencode(
            {"registration": registration, "format": "exact", "limit": PAGE}
        )
        return self._listing(f"/statements?{query}")

    def _listing(self, path: str, single: str | None = None) -> list[dict[str, Any]]:
        """The statements a GET and its `more` pages answer; a page link to another origin is
        refused (the request carries the password), as is an answer that is not a listing."""
        found: list[dict[str, Any]] = []
        for _page in range(MAX_PAGES):
            reply = self.request("GET", path)
            if reply.status == 404:
                return found
            if reply.status != 200:
                raise LrsRefused(
                    reply.status,
                    _(
                        "the LRS could not list the statements it holds: HTTP {status} {detail}"
                    ).format(status=reply.status, detail=_detail(reply.body)),
                )
            try:
                data = json.loads(reply.body or b"null")
            except (ValueError, UnicodeDecodeError):
                raise self._not_xapi(reply, _("not JSON")) from None
            if single is not None and isinstance(data, dict) and "statements" not in data:
                return [data]  # the spec answers one statement itself
            page = data.get("statements") if isinstance(data, dict) else None
            if not isinstance(page, list):
                raise self._not_xapi(reply, _("not a statement result"))
            found.extend(s for s in page if isinstance(s, dict))
            more = data.get("more")
            if not more or not isinstance(more, str):
                return found
            path = self._more_path(more)
        raise LrsBadAnswer(
            _("the LRS at {endpoint} kept answering more pages").format(endpoint=self.endpoint)
        )

    def _more_path(self, more: str) -> str:
        """The path of a `more` link under the endpoint (xAPI: relative to the server's root)."""
        absolute = urllib.parse.urljoin(self.origin + "/", more)
        base = urllib.parse.urlsplit(self.endpoint).path
        parts = urllib.parse.urlsplit(absolute)
        if origin_of(absolute) != self.origin or not parts.path.startswith(base):
            raise LrsBadAnswer(
                _("the LRS at {endpoint} named a next page outside it: {url}").format(
                    endpoint=self.endpoint, url=_one_line(more, 200)
                )
            )
        return parts.path[len(base) :] + (f"?{parts.query}" if parts.query else "")


def _connection(url: str, budget: float) -> tuple[http.client.HTTPConnection, str, dict[str, str]]:
    """The connection for `url` (through the proxy that $https_proxy or $http_proxy names, unless
    $no_proxy spares the host, as urllib did), the request target, and the proxy's headers."""
    parts = urllib.parse.urlsplit(url)
    host = _host(parts)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and urllib.request.proxy_bypass(host):
        proxy = None
    if not proxy:
        if parts.scheme == "https":
            return (
                http.client.HTTPSConnection(
                    host, parts.port, timeout=budget, context=ssl.create_default_context()
                ),
                target,
                {},
            )
        return http.client.HTTPConnection(host, parts.port, timeout=budget), target, {}
    via = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    headers: dict[str, str] = {}
    if via.username is not None:
        secret = f"{urllib.parse.unquote(via.username)}:{urllib.parse.unquote(via.password or '')}"
        headers["Proxy-Authorization"] = "Basic " + base64.b64encode(secret.encode()).decode(
            "ascii"
        )
    if parts.scheme == "https":  # a tunnel (CONNECT): the proxy never sees the request
        connection = http.client.HTTPSConnection(
            _host(via), via.port or 80, timeout=budget, context=ssl.create_default_context()
        )
        connection.set_tunnel(host, parts.port, headers=headers)
        return connection, target, {}
    return http.client.HTTPConnection(_host(via), via.port or 80, timeout=budget), url, headers


def _host(parts: urllib.parse.SplitResult) -> str:
    """The host a URL names (the endpoint was checked to name one; a proxy setting may not)."""
    if not parts.hostname:
        raise ValueError(f"no host in {parts.geturl()!r}")
    return parts.hostname


def origin_of(url: str) -> str:
    """scheme://host:port of a URL, the port written even when it is the scheme's default."""
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:  # a port that is not one: no origin, equal to none
        return ""
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def endpoint_key(endpoint: str) -> str:
    """The name under which the outbox remembers what an LRS accepted: its endpoint with the
    scheme and host in lower case, the default port written, no trailing slash — the same LRS
    however the settings spell it."""
    parts = urllib.parse.urlsplit(endpoint.strip())
    path = parts.path.rstrip("/")
    return origin_of(endpoint.strip()) + path + (f"?{parts.query}" if parts.query else "")


def _canonical(statement_id: str) -> str:
    """Statement ids are UUIDs: an LRS may write them in capitals."""
    return statement_id.strip().lower()


def _reason(error: BaseException) -> str:
    """What went wrong on the wire, in a few words."""
    if isinstance(error, http.client.RemoteDisconnected):
        return _("the connection was closed before an answer")
    if isinstance(error, http.client.IncompleteRead):
        return _("the answer was cut off")
    if isinstance(error, http.client.BadStatusLine):
        return _("an answer that is not HTTP")
    if isinstance(error, ConnectionResetError):
        return _("the connection was reset")
    if isinstance(error, ConnectionRefusedError):
        return _("the connection was refused")
    if isinstance(error, (TimeoutError, socket.timeout)):
        return _("no answer in time")
    if isinstance(error, ssl.SSLError):
        return _("TLS error: {reason}").format(reason=error.reason or error)
    if isinstance(error, socket.gaierror):
        return _("unknown host")
    text = _one_line(str(error), 120)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _seconds(value: str | None) -> float | None:
    """A Retry-After header in seconds (the HTTP-date form is ignored: back-off applies)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _one_line(text: str, limit: int) -> str:
    """Text from the server, on one line, short, with its terminal controls made visible."""
    text = " ".join(text.split())
    return inert(text[:limit] + ("…" if len(text) > limit else ""))


def _detail(body: bytes) -> str:
    """The LRS's own explanation, short."""
    text = body.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
        if isinstance(data, dict) and "detail" in data:
            text = (
                json.dumps(data["detail"], ensure_ascii=False)
                if not isinstance(data["detail"], str)
                else data["detail"]
            )
    except ValueError:
        pass
    return _one_line(text, 300)
