"""cmi5 launches on `trainer serve --cmi5-lms URL_PREFIX --data-root DIR`.

The LMS opens `<BASE>/cmi5/<module>?endpoint=…&fetch=…&actor=…&registration=…&activityId=…`
(the AU's url in the package, `trainer cmi5 package`). The server then, before anything starts:
1. checks that the fetch URL and the endpoint are on an LMS it was told to trust (`--cmi5-lms`):
   the auth token is a credential of that LMS, never sent anywhere else;
2. POSTs to the fetch URL, once, for the auth token;
3. reads `LMS.LaunchData` from the LMS's State API with it, for that actor, registration and AU:
   the LMS vouches for the actor this way (a launch it did not make has no launch data);
4. opens the actor's own data folder under `--data-root` (as sign-on does for an account), with a
   learner of the LMS's name if the folder is new;
5. keeps the launch under a random key and sends the browser to the page with it (`?launch=KEY`);
   the page's websocket (`ws/KEY`) starts the app on the module's next lesson, and the relay
   (`trainer.cmi5.relay`) sends the session's statements to the LMS until the tab closes.

A launch key serves one session: once it has ended (`terminated` sent), the page says to open the
course again from the LMS, which makes a new launch.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from aiohttp import web

from trainer.cmi5.launch import (
    Launch,
    LaunchData,
    LaunchError,
    actor_name,
    client_for,
    fetch_token,
    parse_launch,
    read_launch_data,
)
from trainer.cmi5.relay import Relay, lesson_to_open
from trainer.cmi5.structure import LAUNCH_PATH
from trainer.course.model import Course, Module
from trainer.i18n import _
from trainer.inert import inert
from trainer.progress.store import STORE_FILE, Store, StoreError
from trainer.web import page
from trainer.web.identity import (
    ACCOUNT_VARIABLE,
    LESSON_VARIABLE,
    IdentityError,
    account_folder,
)

if TYPE_CHECKING:
    from trainer.progress.pack_cache import CleanCheck

POLL_SECONDS = 2.0
"""How often a launched session's new events go to the LMS."""
LAUNCHES_KEPT = 1000
"""Ended launches are forgotten past this many (their key then gives the same page as unknown)."""
T = TypeVar("T")


@dataclass(frozen=True)
class Cmi5Settings:
    """What `serve` needs for cmi5 launches: the LMSs it trusts, the folder of the learners'
    folders, and the course in its languages (the first the default)."""

    lms: tuple[str, ...]
    root: Path
    courses: Mapping[str, Course]
    poll_seconds: float = POLL_SECONDS


@dataclass
class Launched:
    """A launch the LMS vouched for, and its session's state."""

    launch: Launch
    data: LaunchData
    module: Module
    folder: Path
    relay: Relay
    lesson: str | None
    running: bool = False
    over: bool = False
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)


class Cmi5Launches:
    """The server's cmi5 launches, by key."""

    def __init__(self, settings: Cmi5Settings, clean_check: CleanCheck | None = None) -> None:
        self.settings = settings
        self.clean_check = clean_check
        """The pack's clean check, given to each new learner's folder (see `_TrainerServer`)."""
        self.course = next(iter(settings.courses.values()))
        self._launches: dict[str, Launched] = {}

    def get(self, key: str | None) -> Launched | None:
        return self._launches.get(key or "")

    async def handle_launch(self, request: web.Request) -> web.StreamResponse:
        """`GET /cmi5/<module>?endpoint=…`: the LMS's launch; on success, a redirect to the page."""
        module_id = request.match_info["module"]
        module = next((m for m in self.course.modules if m.id == module_id), None)
        try:
            if module is None:
                raise LaunchError(
                    _("this course has no module {module}").format(module=inert(module_id)[:80])
                )
            launched = await asyncio.to_thread(self._launch, dict(request.query), module, request)
        except LaunchError as error:
            print(
                _("trainer: refused a cmi5 launch: {why}").format(why=inert(str(error))),
                file=sys.stderr,
                flush=True,
            )
            return web.Response(
                status=403,
                text=page.message_page(_("The course could not start"), launch_refused(error)),
                content_type="text/html",
                charset="utf-8",
            )
        key = secrets.token_urlsafe(32)
        self._launches[key] = launched
        while len(self._launches) > LAUNCHES_KEPT:
            oldest = next(k for k, v in self._launches.items() if not v.running)
            del self._launches[oldest]
        # Relative to /cmi5/<module>: the page as the browser knows its address, behind a proxy too.
        raise web.HTTPSeeOther(f"../?launch={key}")

    def _launch(self, query: dict[str, str], module: Module, request: web.Request) -> Launched:
        """The launch's checks and requests (blocking: run in a thread)."""
        launch = parse_launch(query, self.settings.lms)
        token = fetch_token(launch)
        client = client_for(launch, token)
        data = read_launch_data(launch, client)
        try:
            folder = account_folder(self.settings.root, launch.account)
        except (IdentityError, OSError) as error:
            raise LaunchError(str(error)) from None
        if self.clean_check is not None:  # the pack the server checked: not checked again
            self.clean_check.keep_in(folder, replace=False)
        events = _first_learner(folder, actor_name(launch.actor))
        relay = Relay(
            launch,
            data,
            client,
            self.settings.courses,
            module,
            folder,
            self._activity_base(data, module, request),
        )
        return Launched(
            launch, data, module, folder, relay, lesson_to_open(self.course, module, events)
        )

    def _activity_base(self, data: LaunchData, module: Module, request: web.Request) -> str:
        """The base of the trainer's activity ids: the package's `--url`, read back from the
        publisher id the LMS puts in the template's grouping, else this server's address."""
        tail = f"/courses/{self.course.id}/modules/{module.id}"
        grouping = (data.context_template.get("contextActivities") or {}).get("grouping") or []
        for activity in grouping if isinstance(grouping, list) else [grouping]:
            identifier = activity.get("id") if isinstance(activity, dict) else None
            if isinstance(identifier, str) and identifier.endswith(tail):
                return identifier[: -len(tail)]
        return str(request.url.origin())

    def session_for(self, launched: Launched, argv: list[str]) -> tuple[list[str], dict[str, str]]:
        """The command and environment of a launched session: the actor's folder and module."""
        environment = {ACCOUNT_VARIABLE: launched.launch.account}
        if launched.lesson:
            environment[LESSON_VARIABLE] = launched.lesson
        group = ["--group", launched.data.group] if launched.data.group else []
        return [*argv, "--data-dir", str(launched.folder), *group], environment

    async def run(self, launched: Launched, session: Callable[[], Awaitable[T]]) -> T:
        """Run a launched session: `initialized` first, its statements as they come, `terminated`
        when it ends (the tab closed, the app quit, the server stopped)."""
        launched.running = True
        relay = launched.relay
        report = await asyncio.to_thread(relay.begin)
        _say(report.error)
        poller = asyncio.create_task(self._poll(relay))
        try:
            return await session()
        finally:
            poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poller
            report = await asyncio.to_thread(relay.end)
            _say(report.error)
            launched.running = False
            launched.over = True

    async def _poll(self, relay: Relay) -> None:
        while True:
            await asyncio.sleep(self.settings.poll_seconds)
            report = await asyncio.to_thread(relay.poll)
            _say(report.error)


def _say(error: str | None) -> None:
    if error:
        print(
            _("trainer: the LMS did not take this session's statements yet: {why}").format(
                why=inert(error)
            ),
            file=sys.stderr,
            flush=True,
        )


def _first_learner(folder: Path, name: str) -> list[Any]:
    """The events of the folder's learner; a new folder gets its learner, named as the LMS names
    them (else the app asks the name, for the certificate)."""
    try:
        store = Store.open(folder / STORE_FILE)
    except StoreError as error:
        raise LaunchError(str(error)) from None
    try:
        learner = store.last_learner() or next(iter(store.learners()), None)
        if learner is None and name:
            learner = store.add_learner(name, datetime.now(UTC))
        return list(store.events(learner)) if learner is not None else []
    finally:
        store.close()


def launch_refused(error: LaunchError) -> str:
    """The learner's page when a launch is refused: why, and what to do."""
    return _("{why}. Open the course again from your training platform (LMS).").format(
        why=str(error).rstrip(". ")
    )


def launch_over_page() -> str:
    """The page of a launch whose session has ended, or that the server does not know."""
    return page.message_page(
        _("This session has ended"),
        _(
            "Your answers are saved and were sent to your training platform. To go on, open the "
            "course again from it."
        ),
    )


def only_from_lms_page() -> str:
    """The page of the server's address opened without a launch, when it serves LMS launches
    only."""
    return page.message_page(
        _("Open the course from your training platform"),
        _(
            "This course is launched from your organisation's training platform (LMS), which says "
            "who you are. Open it from there."
        ),
    )


__all__ = ["LAUNCH_PATH", "Cmi5Launches", "Cmi5Settings", "Launched"]
