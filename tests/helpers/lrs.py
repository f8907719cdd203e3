"""A stand-in LRS on 127.0.0.1 for the client's unit tests: http.server in a thread, answering
what each test scripts (statuses, delays, statements it holds, the faults a hostile or broken
server commits) and recording every request. Every wait is bounded, so no test can hang on it."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Recorded:
    """One request the fake LRS received."""

    method: str
    path: str
    headers: dict[str, str]
    """Names in lower case."""
    body: object = None


@dataclass
class FakeLrs:
    """Scripted answers: `statuses` are used one per POST (then 200), `delay` holds every answer,
    `held` are the statements it stores; a POST of an id it holds answers `conflict_status`."""

    statuses: list[int] = field(default_factory=list)
    delay: float = 0.0
    held: dict[str, dict] = field(default_factory=dict)
    conflict_on_held: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None
    host: str = "127.0.0.1"
    fault: str | None = None
    """How every answer goes wrong: "redirect" (to `location`), "html" (a captive portal's 200
    page), "badjson", "wrong-ids", "drip" (headers, then one byte every `drip_pause` s), "drop"
    (a status line, then the connection closed), "cut" (a 200 whose body stops
    half-way), "garbage" (no HTTP at all), "reset" (TCP RST)."""
    location: str = ""
    drip_pause: float = 0.2
    drip_bytes: int = 100
    """At most this many bytes are dripped: the test ends even if the client never gives up."""
    dripped: int = 0
    gate: threading.Event | None = None
    """When set up, the first POST waits (at most 30 s) until the test opens the gate."""
    gate_reached: threading.Event = field(default_factory=threading.Event)
    gate_passed: threading.Event = field(default_factory=threading.Event)
    like_ralph: bool = False
    """Answer a POST as Ralph does: the ids of the statements newly stored, 204 when it had all,
    409 (nothing stored) when it holds a different statement under one of the ids."""
    tls: tuple[str, str] | None = None
    """(certificate, key) files: serve HTTPS with them."""
    listing: dict | None = None
    """The answer to a GET without statementId (a StatementResult), when set."""

    @property
    def endpoint(self) -> str:
        """The URL to give the client."""
        return f"{self.base}/xAPI"

    @property
    def base(self) -> str:
        """scheme://host:port, for redirects to this server."""
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.server.server_address[1]}"

    @property
    def gets(self) -> list[Recorded]:
        """The GET requests received."""
        return [r for r in self.requests if r.method == "GET"]

    @property
    def posts(self) -> list[Recorded]:
        """The POST requests received."""
        return [r for r in self.requests if r.method == "POST"]

    def start(self) -> FakeLrs:
        """Listen on a free loopback port, in a daemon thread."""
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def _answer(
                self, status: int, body: object = None, headers: dict | None = None
            ) -> None:
                data = b"" if body is None else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    if status == 204:
                        self.send_header("Connection", "close")
                        self.end_headers()
                        return
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: that is what a timeout test wants

            def _raw(self, data: bytes) -> None:
                try:
                    self.wfile.write(data)
                    self.wfile.flush()
                except OSError:
                    pass
                self.close_connection = True

            def _fault(self, ids: list[str]) -> bool:
                """Commit the scripted fault, if any; True when it answered."""
                fault = lrs.fault
                if fault is None:
                    return False
                if fault == "redirect":
                    self._answer(307, None, {"Location": lrs.location + self.path})
                elif fault == "html":
                    page = b"<html><body>Welcome to the hotel Wi-Fi. Please log in.</body></html>"
                    self._raw(
                        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
                        b"\r\n%s" % (len(page), page)
                    )
                elif fault == "badjson":
                    self._raw(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 9\r\n\r\n{not json"
                    )
                elif fault == "wrong-ids":
                    self._answer(
                        200, [f"00000000-0000-4000-8000-{n:012d}" for n, _ in enumerate(ids)]
                    )
                elif fault == "drip":
                    self._drip()
                elif fault == "drop":
                    self._raw(b"HTTP/1.1 200 OK\r\n")
                elif fault == "cut":
                    self._raw(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        b'Content-Length: 500\r\n\r\n["7f0c'
                    )
                elif fault == "garbage":
                    self._raw(b"HELLO I AM NOT HTTP\r\n\r\n")
                elif fault == "reset":
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    self.connection.close()
                    self.close_connection = True
                else:
                    raise ValueError(fault)
                return True

            def _drip(self) -> None:
                try:
                    self.wfile.write(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 100000\r\n\r\n"
                    )
                    self.wfile.flush()
                    for _ in range(lrs.drip_bytes):
                        time.sleep(lrs.drip_pause)
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        lrs.dripped += 1
                except OSError:
                    pass  # the client hung up: what a deadline test wants
                self.close_connection = True

            def do_GET(self) -> None:
                lrs.requests.append(
                    Recorded("GET", self.path, {k.lower(): v for k, v in self.headers.items()})
                )
                if self._fault([]):
                    return
                if lrs.listing is not None and "statementId" not in self.path:
                    self._answer(200, lrs.listing)
                    return
                query = parse_qs(urlsplit(self.path).query)
                ids = query.get("statementId", [])
                if "registration" in query:
                    self._page(query)
                elif ids and ids[0] in lrs.held:
                    self._answer(200, lrs.held[ids[0]])
                else:
                    self._answer(404, {"detail": "not found"})

            def _page(self, query: dict[str, list[str]]) -> None:
                """A page of the statements held with a registration, with a `more` link to the
                next (a path from the server's root, as xAPI says and Ralph does)."""
                registration = query["registration"][0]
                limit = int(query.get("limit", ["100"])[0])
                start = int(query.get("start", ["0"])[0])
                found = [
                    s
                    for s in lrs.held.values()
                    if (s.get("context") or {}).get("registration") == registration
                ]
                page = found[start : start + limit]
                more = ""
                if start + limit < len(found):
                    more = (
                        f"/xAPI/statements?registration={registration}&limit={limit}"
                        f"&start={start + limit}"
                    )
                self._answer(200, {"statements": page, "more": more})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"null")
                lrs.requests.append(
                    Recorded(
                        "POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body
                    )
                )
                if lrs.gate is not None and not lrs.gate_reached.is_set():
                    lrs.gate_reached.set()
                    lrs.gate.wait(30)
                    lrs.gate_passed.set()
                if self._fault([s.get("id") for s in body] if isinstance(body, list) else []):
                    return
                if lrs.delay:
                    time.sleep(lrs.delay)
                status = lrs.statuses.pop(0) if lrs.statuses else 200
                if (
                    status == 200
                    and lrs.conflict_on_held
                    and any(s["id"] in lrs.held for s in body)
                ):
                    self._answer(409, {"detail": "already held"})
                    return
                if status == 200 and lrs.like_ralph:
                    differing = next(
                        (s["id"] for s in body if s["id"] in lrs.held and lrs.held[s["id"]] != s),
                        None,
                    )
                    if differing is not None:  # Ralph refuses the whole batch
                        self._answer(409, {"detail": f"Differing statements: {differing}"})
                        return
                if status == 200:
                    new = [s for s in body if s["id"] not in lrs.held]
                    for statement in body:
                        lrs.held[statement["id"]] = statement
                    stored = new if lrs.like_ralph else body
                    if stored or not lrs.like_ralph:
                        self._answer(200, [s["id"] for s in stored])
                    else:
                        self._answer(204)
                else:
                    self._answer(status, {"detail": f"scripted {status}"}, lrs.headers)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # a fault test breaks connections on purpose

        self.server = Server((self.host, 0), Handler)
        if self.tls is not None:
            import ssl

            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self.tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self.gate is not None:
            self.gate.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
