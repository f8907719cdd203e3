"""A test LMS that plays the LMS's part of cmi5 exactly as the spec has it, in front of a real LRS.

- `launch(...)` does what an LMS does before launching an AU (cmi5 §8.1, §10, §9.3.1): makes a
  registration, an AU activity id of its own (never the publisher's), a session id; writes
  `LMS.LaunchData` (contextTemplate with the session id and the publisher id in its grouping,
  launchMode, moveOn, masteryScore, returnURL); records the `launched` statement in the LRS; and
  returns the launch URL with endpoint, fetch, actor, registration and activityId, URL-encoded.
- `POST /fetch?k=…` answers `{"auth-token": …}` the first time, and the spec's error JSON
  (`error-code` 1) every time after (§8.2.3); a GET is refused.
- `/xapi/…` is the LMS's listener, the launch's `endpoint`: it takes only a token it handed out
  (Basic), answers the State API from its own documents (Ralph has no State API), and passes
  statement requests on to the LRS (Ralph) with the LMS's own credentials.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
HOME_PAGE = "https://lms.example.org"


@dataclass(frozen=True)
class LaunchInfo:
    url: str
    registration: str
    activity_id: str
    session_id: str
    publisher_id: str
    actor: dict[str, Any]


def _agent_key(agent: str | dict) -> str:
    data = json.loads(agent) if isinstance(agent, str) else agent
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


class Lms:
    """The LMS, served from a thread on 127.0.0.1 (`url`), its LRS a real one (`lrs_endpoint`)."""

    def __init__(self, lrs_endpoint: str, lrs_user: str, lrs_password: str) -> None:
        self.lrs = lrs_endpoint.rstrip("/")
        self.lrs_auth = "Basic " + base64.b64encode(f"{lrs_user}:{lrs_password}".encode()).decode()
        self.unused_fetches: dict[str, bool] = {}
        """Fetch key → True until its token was handed out."""
        self.tokens: set[str] = set()
        self.states: dict[tuple[str, str, str, str], dict[str, Any]] = {}
        self.fetch_answers: list[dict[str, Any]] = []
        """Every answer of the fetch URL, in order (the tests check the second is an error)."""
        self.listener_requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.endpoint = f"{self.url}/xapi/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)

    # the LMS's part before a launch ----------------------------------------------------------

    def launch(
        self,
        au_url: str,
        publisher_id: str,
        actor: dict[str, Any],
        *,
        registration: str | None = None,
        mastery_score: float | None = None,
        move_on: str = "CompletedAndPassed",
        launch_mode: str = "Normal",
        fetch_url: str | None = None,
    ) -> LaunchInfo:
        registration = registration or str(uuid.uuid4())
        activity_id = (
            f"{HOME_PAGE}/cmi5/registrations/aus/{uuid.uuid5(uuid.NAMESPACE_URL, publisher_id)}"
        )
        session_id = str(uuid.uuid4())
        template = {
            "contextActivities": {"grouping": [{"objectType": "Activity", "id": publisher_id}]},
            "extensions": {SESSION_ID: session_id},
        }
        document: dict[str, Any] = {
            "contextTemplate": template,
            "launchMode": launch_mode,
            "moveOn": move_on,
            "returnURL": f"{HOME_PAGE}/course/view.php?id=2",
        }
        if mastery_score is not None:
            document["masteryScore"] = mastery_score
        with self.lock:
            self.states[(activity_id, _agent_key(actor), registration, "LMS.LaunchData")] = document
        extensions = {
            SESSION_ID: session_id,
            "https://w3id.org/xapi/cmi5/context/extensions/launchmode": launch_mode,
            "https://w3id.org/xapi/cmi5/context/extensions/launchurl": au_url,
            "https://w3id.org/xapi/cmi5/context/extensions/moveon": move_on,
        }
        if mastery_score is not None:
            extensions["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] = mastery_score
        launched = {
            "id": str(uuid.uuid4()),
            "actor": actor,
            "verb": {
                "id": "http://adlnet.gov/expapi/verbs/launched",
                "display": {"en-US": "launched"},
            },
            "object": {"objectType": "Activity", "id": activity_id},
            "timestamp": datetime.now(UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "context": {
                "registration": registration,
                "contextActivities": {
                    "grouping": [{"objectType": "Activity", "id": publisher_id}],
                    "category": [{"objectType": "Activity", "id": CMI5}],
                },
                "extensions": extensions,
            },
        }
        status, body = self._to_lrs("POST", "/statements", json.dumps([launched]).encode())
        assert status == 200, body
        key = secrets.token_urlsafe(16)
        with self.lock:
            self.unused_fetches[key] = True
        query = urllib.parse.urlencode(
            {
                "endpoint": self.endpoint,
                "fetch": fetch_url or f"{self.url}/fetch?k={key}",
                "actor": json.dumps(actor),
                "registration": registration,
                "activityId": activity_id,
            }
        )
        return LaunchInfo(
            f"{au_url}?{query}", registration, activity_id, session_id, publisher_id, actor
        )

    # the LRS behind ----------------------------------------------------------------------------

    def _to_lrs(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(
            self.lrs + path,
            data=body,
            method=method,
            headers={
                "Authorization": self.lrs_auth,
                "X-Experience-API-Version": "1.0.3",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return reply.status, reply.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def statements(self, **query: str) -> list[dict[str, Any]]:
        """The LRS's statements (of a registration…), oldest first as stored."""
        path = "/statements?" + urllib.parse.urlencode({"limit": "500", **query})
        status, body = self._to_lrs("GET", path)
        assert status == 200, body
        return json.loads(body)["statements"]

    # the HTTP side ---------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        lms = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, status: int, body: bytes, kind: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("X-Experience-API-Version", "1.0.3")
                self.end_headers()
                self.wfile.write(body)

            def _body(self) -> bytes | None:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else None

            def do_POST(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                if parts.path == "/fetch":
                    self._body()
                    key = urllib.parse.parse_qs(parts.query).get("k", [""])[0]
                    with lms.lock:
                        fresh = lms.unused_fetches.get(key)
                        if fresh:
                            lms.unused_fetches[key] = False
                            token = base64.b64encode(
                                f"au-{secrets.token_hex(4)}:{secrets.token_hex(8)}".encode()
                            ).decode()
                            lms.tokens.add(token)
                            answer: dict[str, Any] = {"auth-token": token}
                        elif fresh is False:
                            answer = {
                                "error-code": "1",
                                "error-text": "The authorization token has already been returned.",
                            }
                        else:
                            answer = {"error-code": "2", "error-text": "Unknown fetch URL."}
                        lms.fetch_answers.append(answer)
                    self._answer(200, json.dumps(answer).encode())
                    return
                self._listener("POST")

            def do_GET(self) -> None:
                if self.path.startswith("/fetch"):
                    self._answer(405, b'{"error": "POST only"}')
                    return
                self._listener("GET")

            def do_PUT(self) -> None:
                self._listener("PUT")

            def _listener(self, method: str) -> None:
                parts = urllib.parse.urlsplit(self.path)
                if not parts.path.startswith("/xapi/"):
                    self._answer(404, b"{}")
                    return
                given = self.headers.get("Authorization", "")
                token = given[len("Basic ") :] if given.startswith("Basic ") else ""
                body = self._body()
                with lms.lock:
                    known = token in lms.tokens
                    lms.listener_requests.append((method, parts.path))
                if not known:
                    self._answer(401, b'{"error": "no token of this LMS"}')
                    return
                resource = parts.path[len("/xapi") :]
                if resource == "/activities/state":
                    query = dict(urllib.parse.parse_qsl(parts.query))
                    if method != "GET":
                        # An AU must not change LMS.LaunchData (cmi5 10.2.1).
                        self._answer(403, b'{"error": "read only"}')
                        return
                    try:
                        key = (
                            query["activityId"],
                            _agent_key(query["agent"]),
                            query.get("registration", ""),
                            query["stateId"],
                        )
                    except (KeyError, ValueError):
                        self._answer(400, b"{}")
                        return
                    with lms.lock:
                        document = lms.states.get(key)
                    if document is None:
                        self._answer(404, b'{"error": "no such state"}')
                    else:
                        self._answer(200, json.dumps(document).encode())
                    return
                if resource == "/statements":
                    path = resource + (f"?{parts.query}" if parts.query else "")
                    status, answer = lms._to_lrs(method, path, body)
                    self._answer(status, answer)
                    return
                self._answer(404, b"{}")

        return Handler
