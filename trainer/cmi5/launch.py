"""A cmi5 launch, as the AU sees it (cmi5 §8, §10): the launch URL's parameters, the one-time
fetch of the authorization token, and the LMS's launch data in the State API.

Who may launch: only an LMS the organisation named (`trainer serve --cmi5-lms URL_PREFIX`). The
fetch URL and the endpoint must both start with one of those prefixes, or the launch is refused
before any request: the token is a credential of the LMS's LRS, and a launch URL anyone can write
must not make the server send it, or anything, to a host of the writer's choosing.

Who is learning: the `actor` parameter is written by whoever writes the URL, so it is believed
only once the LMS vouched for it: the launch data is read from the LMS's State API with the token,
for that actor, registration and AU, and a launch the LMS has no launch data for is refused.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trainer.i18n import _
from trainer.inert import inert
from trainer.progress.groups import group_from_launch
from trainer.xapi.lrs import LrsClient, LrsError

PARAMETERS = ("endpoint", "fetch", "actor", "registration", "activityId")
"""The launch URL's parameters (cmi5 §8.1), in any order, each URL-encoded."""
LAUNCH_DATA = "LMS.LaunchData"
"""The State API document the LMS writes before the launch (cmi5 §10)."""
LAUNCH_MODES = ("Normal", "Browse", "Review")
MOVE_ON = ("Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable")
FETCH_TIMEOUT = 10.0
"""Seconds the fetch URL and the launch data may take: a learner is waiting for the page."""
_ANSWER_LIMIT = 1_000_000
"""The most of an answer read: a token or launch data is a few hundred bytes."""


class LaunchError(Exception):
    """A launch the server refuses: the message says why, for the log and the learner's page."""


@dataclass(frozen=True)
class LaunchData:
    """The LMS's `LMS.LaunchData` document: what the AU is to do in this session."""

    context_template: dict[str, Any]
    launch_mode: str = "Normal"
    move_on: str = "NotApplicable"
    mastery_score: float | None = None
    return_url: str | None = None
    group: str | None = None
    """The learner's group, when the LMS names one in the launch parameters (`{"group": …}`)."""

    @property
    def session_id(self) -> str | None:
        """The LMS's id of this session, from the template's extensions."""
        from trainer.cmi5.statements import SESSION_ID

        value = (self.context_template.get("extensions") or {}).get(SESSION_ID)
        return value if isinstance(value, str) else None

    @property
    def records_results(self) -> bool:
        """Whether completed, passed and failed may be sent: only in Normal mode (cmi5 §10.2.2)."""
        return self.launch_mode == "Normal"


@dataclass(frozen=True)
class Launch:
    """A launch's parameters, checked."""

    endpoint: str
    fetch: str
    actor: dict[str, Any]
    registration: str
    activity_id: str

    @property
    def account(self) -> str:
        """The learner's account as one line, to name their data folder: the actor's IFI (its
        account on the LMS's home page, else its mbox…)."""
        return actor_account(self.actor)


def allowed(url: str, prefixes: Sequence[str]) -> bool:
    """True when `url` starts with one of the LMS prefixes, compared as URLs: same scheme, host and
    port, and a path under the prefix's (`https://lms.example.org/` does not allow
    `https://lms.example.org.evil.example/`)."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username:
        return False
    for prefix in prefixes:
        allowed_parts = urllib.parse.urlsplit(prefix)
        if (
            allowed_parts.scheme == parts.scheme
            and allowed_parts.hostname == parts.hostname
            and allowed_parts.port == port
            and (parts.path or "/").startswith(allowed_parts.path or "/")
        ):
            return True
    return False


def check_prefix(prefix: str) -> str:
    """An `--cmi5-lms` value, checked: an http or https URL with a host."""
    try:
        parts = urllib.parse.urlsplit(prefix)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise LaunchError(
            _(
                "--cmi5-lms takes the LMS's address, such as https://moodle.example.org/, not "
                "{value}"
            ).format(value=inert(prefix))
        )
    return prefix


def parse_launch(query: Mapping[str, str], prefixes: Sequence[str]) -> Launch:
    """The launch in a launch URL's query, checked; `LaunchError` says what is missing or wrong."""
    missing = [name for name in PARAMETERS if not query.get(name)]
    if missing:
        raise LaunchError(
            _("the launch from the LMS lacks {names}").format(names=", ".join(missing))
        )
    for name in ("endpoint", "fetch"):
        if not allowed(query[name], prefixes):
            raise LaunchError(
                _("the launch's {name} is not on an LMS this server trusts: {url}").format(
                    name=name, url=inert(query[name])[:200]
                )
            )
    try:
        actor = json.loads(query["actor"])
    except ValueError:
        actor = None
    if not isinstance(actor, dict) or not _one_account(actor):
        raise LaunchError(_("the launch's actor is not an xAPI agent with an account"))
    try:
        registration = str(uuid.UUID(query["registration"]))
    except ValueError:
        raise LaunchError(_("the launch's registration is not a UUID")) from None
    activity = query["activityId"]
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", activity) or len(activity) > 2000:
        raise LaunchError(_("the launch's activityId is not an IRI"))
    return Launch(query["endpoint"], query["fetch"], actor, registration, activity)


def _one_account(actor: Mapping[str, Any]) -> bool:
    account = actor.get("account")
    return (
        actor.get("objectType", "Agent") == "Agent"
        and isinstance(account, dict)
        and isinstance(account.get("homePage"), str)
        and isinstance(account.get("name"), str)
        and bool(account["name"].strip())
    )


def actor_account(actor: Mapping[str, Any]) -> str:
    """An actor as one account line: `name@homePage` of its account (cmi5 actors have one)."""
    account = actor["account"]
    return f"{account['name'].strip()}@{account['homePage'].strip()}"


def actor_name(actor: Mapping[str, Any]) -> str:
    """The learner's name the LMS gave, if any (a certificate needs one), else empty."""
    name = actor.get("name")
    return " ".join(name.split())[:120] if isinstance(name, str) else ""


def fetch_token(launch: Launch, timeout: float = FETCH_TIMEOUT) -> str:
    """POST to the fetch URL, once, and return the auth token (cmi5 §8.2). A second call gets the
    LMS's error, never a token: the launch is refused with its `error-text`."""
    request = urllib.request.Request(launch.fetch, data=b"", method="POST")
    try:
        with _opener().open(request, timeout=timeout) as answer:
            body = answer.read(_ANSWER_LIMIT)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise LaunchError(
            _("the LMS's fetch URL did not give a token: {why}").format(why=inert(str(error)))
        ) from None
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("auth-token"), str) and data["auth-token"]:
        return data["auth-token"]
    why = data.get("error-text") if isinstance(data, dict) else None
    raise LaunchError(
        _("the LMS's fetch URL did not give a token: {why}").format(
            why=inert(str(why or _("no auth-token in its answer")))[:200]
        )
    )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """The fetch URL is never followed elsewhere: a redirect could lead off the trusted LMS."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirects())


@dataclass
class TokenClient(LrsClient):
    """The LMS's LRS, with the launch's auth token as its Basic credentials (cmi5 §8.2.1)."""

    token: str = ""

    def _headers(self) -> dict[str, str]:
        headers = super()._headers()
        headers["Authorization"] = f"Basic {self.token}"
        return headers


def client_for(launch: Launch, token: str) -> TokenClient:
    """A client of the launch's endpoint with its token: few tries, a learner is waiting."""
    return TokenClient(launch.endpoint, timeout=FETCH_TIMEOUT, tries=2, backoff=0.2, token=token)


def read_launch_data(launch: Launch, client: LrsClient) -> LaunchData:
    """`LMS.LaunchData` for this actor, registration and AU (cmi5 §10); `LaunchError` when the LMS
    has none (a launch it did not make, or an actor it does not know) or it is not cmi5's."""
    query = urllib.parse.urlencode(
        {
            "stateId": LAUNCH_DATA,
            "activityId": launch.activity_id,
            "agent": json.dumps(launch.actor, separators=(",", ":")),
            "registration": launch.registration,
        }
    )
    try:
        reply = client.request("GET", f"/activities/state?{query}")
    except LrsError as error:
        raise LaunchError(
            _("the LMS's launch data could not be read: {why}").format(why=inert(str(error)))
        ) from None
    if reply.status != 200:
        raise LaunchError(
            _(
                "the LMS has no launch data for this learner and registration (HTTP {status})"
            ).format(status=reply.status)
        )
    try:
        data = json.loads(reply.body)
    except ValueError:
        data = None
    return launch_data_from(data)


def launch_data_from(data: object) -> LaunchData:
    """The launch data from its JSON; `LaunchError` when a property cmi5 requires is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("contextTemplate"), dict):
        raise LaunchError(_("the LMS's launch data has no contextTemplate"))
    mode = data.get("launchMode", "Normal")
    move_on = data.get("moveOn", "NotApplicable")
    mastery = data.get("masteryScore")
    if mode not in LAUNCH_MODES or move_on not in MOVE_ON:
        raise LaunchError(_("the LMS's launch data has an unknown launchMode or moveOn"))
    if mastery is not None and (
        isinstance(mastery, bool) or not isinstance(mastery, int | float) or not 0 <= mastery <= 1
    ):
        raise LaunchError(_("the LMS's launch data has a masteryScore outside 0 to 1"))
    template = data["contextTemplate"]
    from trainer.cmi5.statements import SESSION_ID

    if not isinstance((template.get("extensions") or {}).get(SESSION_ID), str):
        raise LaunchError(_("the LMS's launch data has no session id in its contextTemplate"))
    back = data.get("returnURL")
    return LaunchData(
        template,
        mode,
        move_on,
        float(mastery) if mastery is not None else None,
        back if isinstance(back, str) else None,
        group_from_launch(data),
    )


def basic_token(user: str, password: str) -> str:
    """A Basic auth token as an LMS would hand one out (tests, the harness)."""
    return base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
