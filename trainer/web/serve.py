"""`trainer serve`: the app in a web browser, through textual-serve, for agents without a terminal.

Every browser tab that opens the page starts its own `python -m trainer` process (run without a
shell), with the course, language and data folder given here; the page draws that process's
screen with xterm.js, with its screen-reader mode on (or plain mode, `--plain`, on a
pseudo-terminal). The page fetches nothing from outside: it works on an intranet.

Who is learning:
- Without sign-on, `serve` is a one-person tool: every tab is the same person's, on one data
  folder, and the server listens on this machine only (loopback). Any other `--host` is refused,
  with what to configure instead: whoever can reach the address could read and change every
  learner's record.
- Behind the organisation's single sign-on (`--trusted-header X-Forwarded-User --data-root DIR`):
  the proxy signs the agent in and forwards the account in that header, believed only from the
  proxy's addresses (`--trusted-proxy`, loopback by default). Each account has its own data folder
  under the root (`trainer.web.identity`), and its sessions see that folder only: its one
  learner, no list of the others, nothing to rename or delete but its own. A request without the
  header, or from another address, gets 401 and starts nothing; the websocket that starts a
  session is checked the same way as the page, and the session's process is given its account's
  folder.

Launched from an LMS (`--cmi5-lms URL_PREFIX --data-root DIR`, cmi5): the launch says who is
learning, once the LMS vouched for it (`trainer.web.cmi5`); each learner has their own folder under
the root, as with sign-on, and the server may listen beyond loopback, since every session is
then an LMS's launch (the address opened without one says to open the course from the LMS).

Another web page open in the same browser could otherwise drive the app: a page may open a
websocket to any address, 127.0.0.1 included, and read what comes back. Browsers always send the
page's origin (`Origin`) with a websocket handshake and with cross-origin requests, so:
- a request whose `Origin` is not one of the served addresses (scheme, host and port, as the
  browser sees them: the printed address, and the loopback names when the server is on loopback;
  behind the sign-on proxy, the host the proxy says the browser asked for) is refused with 403, and
  nothing is started;
- a websocket handshake *without* `Origin` is refused too: the only client of `/ws` is the served
  page, and every browser sends it. A program that is not a browser can write any `Origin` it likes,
  so this check protects browsers' users from other pages, not the server from local programs: the
  loopback bind and the sign-on do that;
- the page itself is loaded by navigation, which carries no `Origin`, and is served without one;
  its answers forbid framing by another site (`X-Frame-Options`, `frame-ancestors`), so a page
  cannot show it in a frame and lead the agent's clicks and keys into it.

Each session is a process of about 45 MB: at most `--max-sessions` run at once; past that the page
says the server is full, and a websocket is refused with 503 before anything is started. A session
without a key pressed for `--idle-timeout` minutes is closed (every answer was stored as it was
given), and the page says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import sys
import urllib.parse
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import WSCloseCode, WSMsgType, web
from aiohttp.web_runner import GracefulExit
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from trainer.exits import EXIT_OK, EXIT_USAGE
from trainer.i18n import _, ngettext, program_line
from trainer.inert import inert
from trainer.web import page
from trainer.web.addresses import (
    WILDCARD_HOSTS,
    ServeError,
    address_and_port,
    beyond_loopback,
    listen,
    loopback_only_message,
    origin_key,
    public_url,
    served_origins,
)
from trainer.web.identity import (
    ACCOUNT_VARIABLE,
    IdentityError,
    Network,
    account_folder,
    account_from_header,
    group_from_header,
    is_trusted,
    keep_account_name,
)
from trainer.web.session import APP_STOP_SECONDS, PlainSession, TrainerSession

if TYPE_CHECKING:
    from trainer.progress.pack_cache import CleanCheck
    from trainer.web.cmi5 import Cmi5Launches, Cmi5Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_SESSIONS = 4
"""Browser sessions at once, by default: one agent with a tab or two, and room to spare (each
session is a process of about 45 MB)."""
DEFAULT_SESSIONS_PER_ACCOUNT = 2
"""Sessions at once for one account, behind sign-on: a tab or two, never every place."""
DEFAULT_IDLE_MINUTES = 30.0
"""A session without a key pressed for this long is closed, giving its place back."""


@dataclass(frozen=True)
class SignOn:
    """The organisation's single sign-on, as the server sees it: the header its proxy writes the
    account in, the addresses that proxy sends from, and the folder the accounts' folders are in."""

    header: str
    trusted: tuple[Network, ...]
    root: Path
    group_header: str | None = None
    """The header the proxy writes the account's group in (service, direction), if it does."""


def session_command(
    course_dir: str | None,
    language: str | None,
    data_dir: str | None,
    learner: str | None = None,
    plain: bool = False,
) -> list[str]:
    """The command each browser session runs, as arguments (never through a shell): this trainer,
    with the same options. Paths are made absolute so that they mean the same thing whatever folder
    the server's children start in."""
    command = [sys.executable, "-m", "trainer"]
    if course_dir:
        command += ["--course", str(Path(course_dir).expanduser().resolve())]
    if language:
        command += ["--lang", language]
    if data_dir:
        command += ["--data-dir", str(Path(data_dir).expanduser().resolve())]
    if learner:
        command += ["--learner", learner]
    if plain:
        command.append("--plain")
    return command


class _TrainerServer(Server):
    """textual-serve's server, serving on sockets already bound, refusing requests from other
    pages' origins (and, behind sign-on, without an account from the proxy), starting each
    session's process for its account, keeping to a number of sessions, closing idle ones,
    announcing itself in the trainer's words instead of its banner, and closing the browsers'
    sessions when it stops."""

    def __init__(
        self,
        command: list[str],
        listeners: list[socket.socket],
        url: str,
        origins: frozenset[tuple[str, str, int]],
        max_sessions: int,
        title: str = "trainer",
        sign_on: SignOn | None = None,
        idle_minutes: float | None = DEFAULT_IDLE_MINUTES,
        plain: bool = False,
        sessions_per_account: int = DEFAULT_SESSIONS_PER_ACCOUNT,
        cmi5: Cmi5Settings | None = None,
        clean_check: CleanCheck | None = None,
    ) -> None:
        super().__init__(" ".join(command), title=title, public_url=url)
        self.clean_check = clean_check
        """The pack's clean check, given to each new account's folder (sign-on, cmi5), so that
        its first session restores the pack instead of checking it again."""
        self.cmi5: Cmi5Launches | None = None
        """The LMSs' launches, when the server takes them (`--cmi5-lms`)."""
        if cmi5 is not None:
            # Here: cmi5 brings xAPI, XML and the certificates' records, which only a server
            # that takes launches needs.
            from trainer.web.cmi5 import Cmi5Launches

            self.cmi5 = Cmi5Launches(cmi5, clean_check)
        self.session_argv = command
        """The command of every session, but the account's data folder."""
        self.listeners = listeners
        self.origins = origins
        self.max_sessions = max_sessions
        self.sign_on = sign_on
        self.idle_minutes = idle_minutes
        self.plain = plain
        self.listening: str | None = None
        """Where the server listens, when the printed address does not say it (every address)."""
        self.open_sessions = 0
        """Sessions counted from the handshake to their app's end, so that the limit holds for
        sessions whose app is still starting."""
        self.sessions_per_account = sessions_per_account
        self._by_account: Counter[str | None] = Counter()
        """Sessions open for each account, so that one agent's tabs cannot take every place."""
        self._sessions: dict[web.WebSocketResponse, AppService | PlainSession] = {}
        self._last_key: dict[web.WebSocketResponse, float] = {}
        """When each session's browser last sent a key (the event loop's clock)."""
        self._script: bytes | None = None
        """textual.js with the screen-reader mode on, or None to serve it as it is."""

    def serve(self, debug: bool = False) -> None:
        """textual-serve's `serve`, on the sockets bound beforehand (so the port is known before
        the page is made, and `--port 0` works)."""
        self.debug = debug
        self.initialize_logging()
        try:
            self._script = page.screen_reader_script(self.plain)
        except (page.PageError, OSError) as error:
            print(program_line(error), file=sys.stderr, flush=True)
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        loop.add_signal_handler(signal.SIGINT, self.request_exit)
        loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        # No access log: its lines carry what any client writes (path, User-Agent).
        with contextlib.suppress(GracefulExit):
            web.run_app(
                self._make_app(),
                sock=self.listeners,
                handle_signals=False,
                loop=loop,
                access_log=None,
                print=lambda *args: None,
            )

    async def _make_app(self) -> web.Application:
        # The checks run in this order: no account, 401; another page's origin, 403.
        app = web.Application(middlewares=[self._signed_on_only, self._same_origin_only])
        if self.cmi5 is not None:
            app.add_routes(
                [
                    web.get("/cmi5/{module}", self.cmi5.handle_launch),
                    web.get("/ws/{launch}", self.handle_websocket),
                ]
            )
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                # Before the static files, which hold the unchanged script.
                web.get("/static/js/textual.js", self.handle_script),
                web.static("/static", page.STATIC, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _signed_on_only(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Behind sign-on, 401 for a request without an account from a trusted proxy."""
        if self.sign_on is None or self._launched_request(request):
            return await handler(request)
        values = request.headers.getall(self.sign_on.header, [])
        trusted = is_trusted(request.remote, self.sign_on.trusted)
        account = account_from_header(values) if trusted else None
        if account is None:
            why = (
                _("an account header from an address that is not a trusted proxy ({address})")
                if values and not trusted
                else _("no account from the sign-on proxy ({address})")
            )
            print(
                _("trainer: refused a request: {why}").format(
                    why=why.format(address=inert(request.remote or "?"))
                ),
                file=sys.stderr,
                flush=True,
            )
            return web.Response(
                status=401, text=page.no_account_page(), content_type="text/html", charset="utf-8"
            )
        request["account"] = account
        if self.sign_on.group_header is not None:
            # From the same trusted proxy as the account: a browser's own header never got here.
            request["group"] = group_from_header(
                request.headers.getall(self.sign_on.group_header, [])
            )
        return await handler(request)

    def _launched_request(self, request: web.Request) -> bool:
        """A request of an LMS's launch, which says who is learning instead of the sign-on: the
        launch itself, its page and websocket (by their key), and the page's files."""
        if self.cmi5 is None:
            return False
        path = request.path
        return path.startswith(("/cmi5/", "/ws/", "/static/")) or (
            path == "/" and "launch" in request.query
        )

    def _allowed_origin(self, request: web.Request, origin: str) -> bool:
        key = origin_key(origin)
        if key in self.origins:
            return True
        launched = self.cmi5 is not None and self.cmi5.get(request.match_info.get("launch"))
        if (self.sign_on is None and not launched) or key is None:
            return False
        # Behind the proxy, the browser's origin is the proxy's address, which the proxy says in
        # Host (or X-Forwarded-Host). Only a request the proxy vouched for reaches this point, or
        # the websocket of a launch, whose key only the launched page knows.
        scheme, host, port = key
        for claimed in (request.headers.get("X-Forwarded-Host"), request.headers.get("Host")):
            for one in (claimed or "").split(","):
                try:
                    parts = urllib.parse.urlsplit(f"//{one.strip()}")
                    claimed_port = parts.port
                except ValueError:
                    continue
                default = 443 if scheme == "https" else 80
                if parts.hostname == host and (claimed_port or default) == port:
                    return True
        return False

    @web.middleware
    async def _same_origin_only(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """403 for a request from another page's origin, and for a websocket without one; and no
        framing of the page by another site."""
        origin = request.headers.get("Origin")
        if (origin is None and request.path != "/ws") or (
            origin is not None and self._allowed_origin(request, origin)
        ):
            # The page (opened from the address bar, with no Origin) or a request of its own.
            response = await handler(request)
            # Nor may another page frame it, and lead the agent's clicks and keys into it.
            if not response.prepared:
                response.headers["X-Frame-Options"] = "DENY"
                response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
            return response
        print(
            _("trainer: refused a request from another web page (origin {origin})").format(
                origin=inert(origin or _("none"))[:200]
            ),
            file=sys.stderr,
            flush=True,
        )
        return web.Response(
            status=403, text=_("This address serves the trainer only to its own page.") + "\n"
        )

    def _no_place_for(self, account: str | None) -> str | None:
        """Why a new session cannot start now (the server is full, or the account has its share
        open), or None."""
        if self.open_sessions >= self.max_sessions:
            return self.full_message()
        if account is not None and self._by_account[account] >= self.sessions_per_account:
            return ngettext(
                "You already have {count} session of the course open, the most one account may. "
                "Close another tab of the course, then reload this page.",
                "You already have {count} sessions of the course open, the most one account may. "
                "Close another tab of the course, then reload this page.",
                self.sessions_per_account,
            ).format(count=self.sessions_per_account)
        return None

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        account = request.get("account")
        if self.cmi5 is not None and (self.sign_on is None or "launch" in request.query):
            from trainer.web.cmi5 import launch_over_page, only_from_lms_page

            launched = self.cmi5.get(request.query.get("launch"))
            if launched is None and "launch" not in request.query:
                return web.Response(
                    status=401, text=only_from_lms_page(), content_type="text/html", charset="utf-8"
                )
            if launched is None or launched.over:
                return web.Response(
                    status=410, text=launch_over_page(), content_type="text/html", charset="utf-8"
                )
            account = launched.launch.account
        full = self._no_place_for(account)
        if full is not None:
            return web.Response(
                status=503,
                text=page.message_page(_("The trainer is full"), full),
                content_type="text/html",
                charset="utf-8",
            )
        font_size = to_int(request.query.get("fontsize", "16"), 16)
        return web.Response(
            text=page.app_page(self.title, font_size, self.idle_minutes),
            content_type="text/html",
            charset="utf-8",
        )

    async def handle_script(self, request: web.Request) -> web.StreamResponse:
        """textual.js, with xterm.js's screen-reader mode on."""
        if self._script is None:
            return web.FileResponse(page.STATIC / "js" / "textual.js")
        return web.Response(body=self._script, content_type="application/javascript")

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file a session hands to its browser: only to the account whose session it is."""
        try:
            download = await self.download_manager.get_download_metadata(request.match_info["key"])
        except KeyError:
            raise web.HTTPNotFound() from None
        if getattr(download.app_service, "account", None) != request.get("account"):
            raise web.HTTPNotFound()
        return await super().handle_download(request)

    def session_for(
        self, account: str | None, group: str | None = None
    ) -> tuple[list[str], dict[str, str]]:
        """The command and environment of a session for `account` (None: no sign-on), in the
        `group` the proxy's group header named (behind --trusted-group-header: none is "")."""
        if self.sign_on is None or account is None:
            return self.session_argv, {}
        folder = account_folder(self.sign_on.root, account)
        keep_account_name(folder, account)  # the agent's name in the statements of this folder
        if self.clean_check is not None:  # the pack the server checked: not checked again
            self.clean_check.keep_in(folder, replace=False)
        argv = [*self.session_argv, "--data-dir", str(folder)]
        if self.sign_on.group_header is not None:
            argv += ["--group", group or ""]
        return argv, {ACCOUNT_VARIABLE: account}

    # A full server answers 503 rather than a socket: aiohttp takes any response.
    async def handle_websocket(  # type: ignore[override]
        self, request: web.Request
    ) -> web.StreamResponse:
        # No await between the check and the count: two handshakes cannot both take the last place.
        account = request.get("account")
        launched = None
        if "launch" in request.match_info:
            launched = self.cmi5.get(request.match_info["launch"]) if self.cmi5 else None
            if launched is None or launched.over or launched.running:
                # One session per launch: the LMS makes a new launch for the next.
                return web.Response(status=410, text=_("This session has ended.") + "\n")
            account = launched.launch.account
            request["account"] = account
        elif self.cmi5 is not None and self.sign_on is None:
            # Only LMS launches say who is learning here: no session without one.
            return web.Response(
                status=401, text=_("Open the course from your training platform") + "\n"
            )
        full = self._no_place_for(account)
        if full is not None:
            return web.Response(status=503, text=full + "\n")
        self.open_sessions += 1
        self._by_account[account] += 1
        try:
            if launched is not None and self.cmi5 is not None:
                argv, environment = self.cmi5.session_for(launched, self.session_argv)
                return await self.cmi5.run(
                    launched, lambda: self._run_session(request, argv, environment)
                )
            try:
                argv, environment = self.session_for(account, request.get("group"))
            except (IdentityError, OSError) as error:
                print(
                    program_line(inert(str(error))),
                    file=sys.stderr,
                    flush=True,
                )
                return web.Response(
                    status=500, text=_("This account's record cannot be opened.") + "\n"
                )
            return await self._run_session(request, argv, environment)
        finally:
            self.open_sessions -= 1
            self._by_account[account] -= 1
            if not self._by_account[account]:
                del self._by_account[account]

    async def _run_session(
        self, request: web.Request, argv: list[str], environment: dict[str, str]
    ) -> web.WebSocketResponse:
        """textual-serve's session, with the server's own command for it, and closed when idle."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        kind = PlainSession if self.plain else TrainerSession
        session: TrainerSession | PlainSession | None = None
        watch: asyncio.Task[None] | None = None
        try:
            await websocket.prepare(request)
            session = kind(
                argv,
                environment,
                request.get("account"),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await session.start(width, height)
            self._last_key[websocket] = asyncio.get_running_loop().time()
            if self.idle_minutes:
                watch = asyncio.create_task(self._close_when_idle(websocket))
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # as textual-serve: one session's failure is not the server's
            print(
                program_line(inert(str(error))),
                file=sys.stderr,
                flush=True,
            )
        finally:
            if watch is not None:
                watch.cancel()
            self._last_key.pop(websocket, None)
            if session is not None:
                await session.stop()
        return websocket

    async def _close_when_idle(self, websocket: web.WebSocketResponse) -> None:
        """Close the session once no key has come for `idle_minutes`: the app is told to quit
        (its answers are already stored) and the page says why."""
        assert self.idle_minutes
        limit = self.idle_minutes * 60
        loop = asyncio.get_running_loop()
        while True:
            waited = loop.time() - self._last_key.get(websocket, loop.time())
            if waited >= limit:
                await websocket.close(code=page.IDLE_CLOSE_CODE, message=b"idle")
                return
            await asyncio.sleep(limit - waited)

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService | PlainSession
    ) -> None:
        """textual-serve's loop over the browser's messages, noting when a key came."""
        self._sessions[websocket] = app_service
        loop = asyncio.get_running_loop()
        try:
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    envelope = message.json()
                    kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
                except (ValueError, TypeError, KeyError, IndexError):
                    continue  # not the page's: ignored, as the page never sends it
                if kind == "stdin" and isinstance(data, str):
                    self._last_key[websocket] = loop.time()
                    await app_service.send_bytes(data.encode("utf-8"))
                elif kind == "resize" and isinstance(data, dict):
                    await app_service.set_terminal_size(
                        to_int(str(data.get("width")), 80), to_int(str(data.get("height")), 24)
                    )
                elif kind == "ping":
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await app_service.blur()
                elif kind == "focus":
                    await app_service.focus()
        finally:
            self._sessions.pop(websocket, None)

    def full_message(self) -> str:
        return ngettext(
            "The trainer is full: {count} session is open, the most it runs at once. Close "
            "another tab of the course, then reload this page.",
            "The trainer is full: {count} sessions are open, the most it runs at once. Close "
            "another tab of the course, then reload this page.",
            self.max_sessions,
        ).format(count=self.max_sessions)

    def full_page(self) -> str:
        """The page a browser gets when every session is taken."""
        return page.message_page(_("The trainer is full"), self.full_message())

    async def on_startup(self, app: web.Application) -> None:
        print(
            _("trainer is served on {url}; press Ctrl+C to stop").format(url=self.public_url),
            flush=True,
        )
        if self.listening:
            print(_("listening on {addresses}").format(addresses=self.listening), flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        # An open websocket would hold aiohttp's shutdown for its whole 60 s timeout. Closing it
        # ends the session the ordinary way: the server tells that browser's app to quit and
        # waits for it, and every answer was committed as it was given.
        sessions = list(self._sessions.items())
        for websocket, _app_service in sessions:
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"trainer stopped")
        for _websocket, app_service in sessions:
            await _wait_for_app(app_service)


async def _wait_for_app(app_service: AppService | PlainSession) -> None:
    """Wait for a session's app to exit, killing it after a while.

    textual-serve never waits for its apps' processes: one still running when the event loop
    closes leaves asyncio printing a traceback on the way out.
    """
    process = getattr(app_service, "_process", None)
    if process is None or process.returncode is not None:
        return
    try:
        await asyncio.wait_for(process.wait(), APP_STOP_SECONDS)
    except TimeoutError:
        process.kill()
        await process.wait()


def serve_command(
    host: str,
    port: int,
    course_dir: str | None,
    language: str | None,
    data_dir: str | None,
    learner: str | None = None,
    max_sessions: int = DEFAULT_MAX_SESSIONS,
    *,
    title: str = "trainer",
    sign_on: SignOn | None = None,
    idle_minutes: float | None = DEFAULT_IDLE_MINUTES,
    plain: bool = False,
    sessions_per_account: int = DEFAULT_SESSIONS_PER_ACCOUNT,
    cmi5: Cmi5Settings | None = None,
    clean_check: CleanCheck | None = None,
    before_serving: Callable[[], None] | None = None,
) -> int:
    """Serve the app on http://`host`:`port` until Ctrl+C; the exit code (2: cannot serve).
    `clean_check` is the pack's, for the accounts' folders; `before_serving` runs once the
    server is sure to serve (it listens, and may where it does)."""
    for flag, count in (
        ("--max-sessions", max_sessions),
        ("--sessions-per-account", sessions_per_account),
    ):
        if count < 1:
            print(
                _("trainer: {flag} must be at least 1, not {count}").format(flag=flag, count=count),
                file=sys.stderr,
            )
            return EXIT_USAGE
    try:
        listeners = listen(host, port)
    except ServeError as error:
        print(program_line(error), file=sys.stderr)
        return EXIT_USAGE
    addresses = [listener.getsockname()[0] for listener in listeners]
    bound_port = listeners[0].getsockname()[1]
    outside = beyond_loopback(addresses)
    if outside and sign_on is None and cmi5 is None:
        for listener in listeners:
            listener.close()
        print(
            program_line(loopback_only_message(outside, bound_port)),
            file=sys.stderr,
        )
        return EXIT_USAGE
    url = public_url(host, bound_port)
    server = _TrainerServer(
        session_command(course_dir, language, data_dir, learner, plain),
        listeners,
        url,
        served_origins(url, host, addresses),
        max_sessions,
        title=title,
        sign_on=sign_on,
        idle_minutes=idle_minutes,
        plain=plain,
        sessions_per_account=sessions_per_account,
        cmi5=cmi5,
        clean_check=clean_check,
    )
    if host in WILDCARD_HOSTS:  # the printed address is this machine's name: say where it listens
        server.listening = ", ".join(address_and_port(a, bound_port) for a in addresses)
    try:
        if before_serving is not None:
            before_serving()
        server.serve()  # Ctrl+C and SIGTERM end it gracefully: each browser's app is told to quit
    except KeyboardInterrupt:  # Ctrl+C before the server took over the signal
        pass
    finally:
        for listener in listeners:
            listener.close()
    return EXIT_OK
