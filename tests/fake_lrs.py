"""A stand-in LRS on 127.0.0.1 for the client's unit tests: http.server in a thread, answering
what each test scripts (statuses, delays, statements it holds) and recording every request."""

from __future__ import annotations

import json
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

    @property
    def endpoint(self) -> str:
        """The URL to give the client."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/xAPI"

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

            def _answer(self, status: int, body: object = None, headers: dict | None = None) -> None:
                data = b"" if body is None else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: that is what a timeout test wants

            def do_GET(self) -> None:
                lrs.requests.append(Recorded("GET", self.path, {k.lower(): v for k, v in self.headers.items()}))
                ids = parse_qs(urlsplit(self.path).query).get("statementId", [])
                if ids and ids[0] in lrs.held:
                    self._answer(200, lrs.held[ids[0]])
                else:
                    self._answer(404, {"detail": "not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"null")
                lrs.requests.append(Recorded("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                if lrs.delay:
                    time.sleep(lrs.delay)
                status = lrs.statuses.pop(0) if lrs.statuses else 200
                if status == 200 and lrs.conflict_on_held and any(s["id"] in lrs.held for s in body):
                    self._answer(409, {"detail": "already held"})
                    return
                if status == 200:
                    for statement in body:
                        lrs.held[statement["id"]] = statement
                    self._answer(200, [s["id"] for s in body])
                else:
                    self._answer(status, {"detail": f"scripted {status}"}, lrs.headers)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
