"""`trainer serve`: the app in a web browser, through textual-serve, for agents without a terminal.

Every browser tab that opens the page starts its own `python -m trainer` process, with the course,
language, data folder and learner given here; the page draws that process's screen with xterm.js.
All the tabs share one progress file, the one this machine keeps.

The server listens on 127.0.0.1 unless told otherwise: anyone who can reach the address can open
the app, pick a learner and read their progress, so binding to another address is a choice the
trainer makes knowingly (`--host`), and the server says so on stderr when it starts.

Another web page open in the same browser could otherwise drive the app: a page may open a
websocket to any address, 127.0.0.1 included, and read what comes back. Browsers always send the
page's origin (`Origin`) with a websocket handshake and with cross-origin requests, so:
- a request whose `Origin` is not one of the served addresses (scheme, host and port, as the
  browser sees them: the printed address, and the loopback names when the server is on loopback) is
  refused with 403, and nothing is started;
- a websocket handshake *without* `Origin` is refused too: the only client of `/ws` is the served
  page, and every browser sends it. A program that is not a browser can write any `Origin` it likes,
  so this check protects browsers' users from other pages, not the server from local programs: the
  loopback bind does that, and identity (a later issue) will;
- the page itself is loaded by navigation, which carries no `Origin`, and is served without one;
  its answers forbid framing by another site (`X-Frame-Options`, `frame-ancestors`), so a page
  cannot show it in a frame and lead the agent's clicks and keys into it.

Behind a proxy that serves another address (https://…), browsers send that origin, which is not
one of these: serving through a proxy is the work of identity (the organisations issue).

Each session is a process of about 45 MB: at most `--max-sessions` run at once; past that the page
says the server is full, and a websocket is refused with 503 before anything is started.
"""

from __future__ import annotations

import asyncio
import errno
import html
import ipaddress
import shlex
import signal
import socket
import sys
import urllib.parse
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

from aiohttp import WSCloseCode, web
from aiohttp.web_runner import GracefulExit
from textual_serve.app_service import AppService
from textual_serve.server import Server

from trainer.i18n import _, current_language, ngettext
from trainer.inert import inert

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_SESSIONS = 4
"""Browser sessions at once, by default: one agent with a tab or two, and room to spare (each
session is a process of about 45 MB)."""
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
"""The names a browser on this machine may use for a server on loopback."""
WILDCARD_HOSTS = ("", "0.0.0.0", "::")
APP_STOP_SECONDS = 10
"""How long a browser session's app has to quit when the server stops, before it is killed."""


class ServeError(Exception):
    """The server cannot start (port taken, unknown host…): one line for the trainer."""


def app_command(
    course_dir: str | None, language: str | None, data_dir: str | None, learner: str | None = None
) -> str:
    """The shell command textual-serve runs for each browser session: this trainer, same options.

    Paths are made absolute so that the command means the same thing whatever folder the server's
    children start in; every part is shell-quoted because textual-serve runs it through a shell.
    """
    command = [sys.executable, "-m", "trainer"]
    if course_dir:
        command += ["--course", str(Path(course_dir).expanduser().resolve())]
    if language:
        command += ["--lang", language]
    if data_dir:
        command += ["--data-dir", str(Path(data_dir).expanduser().resolve())]
    if learner:
        command += ["--learner", learner]
    # `exec`: the app replaces the shell, so that stopping the process stops the app itself.
    return "exec " + shlex.join(command)


def public_url(host: str, port: int) -> str:
    """The address a browser opens, which the page also uses for its websocket and static files.

    textual-serve would write `http://0.0.0.0:8000` for a wildcard host, which no browser elsewhere
    can reach, and forgets the brackets of an IPv6 address: this machine's name stands in for the
    wildcard, and IPv6 addresses get their brackets.
    """
    if host in WILDCARD_HOSTS:
        host = socket.getfqdn()
    try:
        if ipaddress.ip_address(host).version == 6:
            host = f"[{host}]"
    except ValueError:
        pass  # a host name, used as it is
    return f"http://{host}:{port}"


def listen(host: str, port: int) -> list[socket.socket]:
    """Bind `host`:`port` (every address the host name has) and return the sockets the server will
    serve on, so that a port already in use or a host that is not this machine's is a clear message
    rather than aiohttp's traceback, and port 0 gives one free port, the same for every address."""
    if not 0 <= port <= 65535:
        raise ServeError(
            _("the port must be between 1 and 65535 (or 0 for any free port), not {port}").format(
                port=port
            )
        )
    try:
        addresses = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (socket.gaierror, UnicodeError):
        raise ServeError(_("cannot serve on {host}: unknown host").format(host=host)) from None
    bound: list[socket.socket] = []
    address: tuple = (host, port)
    try:
        for family, kind, protocol, _name, address in addresses:
            if bound and port == 0:  # the port the system chose for the first address, for all
                address = (address[0], bound[0].getsockname()[1], *address[2:])
            listener = socket.socket(family, kind, protocol)
            bound.append(listener)
            # As aiohttp would: a port left in TIME_WAIT is free to use again.
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            listener.bind(address)
            # Listening now, not when aiohttp starts its sites (after the address is printed):
            # a browser that opens the printed address at once waits in the queue, not refused.
            listener.listen(128)
            listener.setblocking(False)
    except OSError as error:
        for listener in bound:
            listener.close()
        raise ServeError(_bind_message(error, host, address[1])) from None
    return bound


def is_loopback(address: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1)."""
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def served_origins(
    url: str, host: str, listening: Iterable[str]
) -> frozenset[tuple[str, str, int]]:
    """The origins (scheme, host, port) a browser may show for a page of this server.

    The printed `url`, the host asked for, each address listened on, and the loopback names when
    the server is on loopback (or on every address, loopback included). On every address, also
    this machine's names. Nothing else: not the `Host` a request claims, which a page whose name
    was pointed at 127.0.0.1 (DNS rebinding) would choose.
    """
    printed = urllib.parse.urlsplit(url)
    port = printed.port or 80
    names = {printed.hostname or ""}
    if host not in WILDCARD_HOSTS:
        names.add(host)
    for address in listening:
        if ipaddress.ip_address(address.split("%")[0]).is_unspecified:
            names.update((socket.gethostname(), socket.getfqdn(), *LOOPBACK_NAMES))
        else:
            names.add(address)
        if is_loopback(address):
            names.update(LOOPBACK_NAMES)
    return frozenset(("http", name.lower(), port) for name in names if name)


def origin_key(origin: str) -> tuple[str, str, int] | None:
    """An `Origin` header as (scheme, host, port), or None when it is not one (`null`, garbage)."""
    try:
        parts = urllib.parse.urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.scheme, parts.hostname.lower(), port or (443 if parts.scheme == "https" else 80)


def _address(address: str, port: int) -> str:
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def bind_warning(addresses: Iterable[str], port: int) -> str | None:
    """The line to print when the server can be reached from other machines; None on loopback."""
    outside = [address for address in addresses if not is_loopback(address)]
    if not outside:
        return None
    where = ", ".join(_address(a, port) for a in outside)
    return _(
        "trainer: warning: serving on {address}, not only on this machine: anyone who can reach this "
        "address can use the app and read and change the learners' records"
    ).format(address=where)


def _bind_message(error: OSError, host: str, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return _("port {port} is already in use on {host}: choose another with --port").format(
            port=port, host=host
        )
    if error.errno == errno.EADDRNOTAVAIL:
        return _("cannot serve on {host}: it is not an address of this machine").format(host=host)
    if error.errno == errno.EACCES:
        return _("not allowed to use port {port}: choose one above 1023 with --port").format(
            port=port
        )
    return _("cannot serve on {host}:{port}: {error}").format(
        host=host, port=port, error=error.strerror or error
    )


class _TrainerServer(Server):
    """textual-serve's server, serving on sockets already bound, refusing requests from other
    pages' origins, keeping to a number of sessions, announcing itself in the trainer's words
    instead of its banner, and closing the browsers' sessions when it stops."""

    def __init__(
        self,
        command: str,
        listeners: list[socket.socket],
        url: str,
        origins: frozenset[tuple[str, str, int]],
        max_sessions: int,
    ) -> None:
        super().__init__(command, title="trainer", public_url=url)
        self.listeners = listeners
        self.origins = origins
        self.max_sessions = max_sessions
        self.listening: str | None = None
        """Where the server listens, when the printed address does not say it (every address)."""
        self.open_sessions = 0
        """Sessions counted from the handshake to their app's end, so that the limit holds for
        sessions whose app is still starting."""
        self._sessions: dict[web.WebSocketResponse, AppService] = {}

    def serve(self, debug: bool = False) -> None:
        """textual-serve's `serve`, on the sockets bound beforehand (so the port is known before
        the page is made, and `--port 0` works)."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        loop.add_signal_handler(signal.SIGINT, self.request_exit)
        loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        try:
            # No access log: its lines carry what any client writes (path, User-Agent) to the terminal.
            web.run_app(
                self._make_app(),
                sock=self.listeners,
                handle_signals=False,
                loop=loop,
                access_log=None,
                print=lambda *args: None,
            )
        except GracefulExit:
            pass

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._same_origin_only)
        return app

    @web.middleware
    async def _same_origin_only(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """403 for a request from another page's origin, and for a websocket without one; and no
        framing of the page by another site."""
        origin = request.headers.get("Origin")
        if (origin is None and request.path != "/ws") or (
            origin is not None and origin_key(origin) in self.origins
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

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self.open_sessions >= self.max_sessions:
            return web.Response(status=503, text=self.full_page(), content_type="text/html")
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        # No await between the check and the count: two handshakes cannot both take the last place.
        if self.open_sessions >= self.max_sessions:
            return web.Response(status=503, text=self.full_message() + "\n")
        self.open_sessions += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.open_sessions -= 1

    def full_message(self) -> str:
        return ngettext(
            "The trainer is full: {count} session is open, the most it runs at once. Close another tab of the course, then reload this page.",
            "The trainer is full: {count} sessions are open, the most it runs at once. Close another tab of the course, then reload this page.",
            self.max_sessions,
        ).format(count=self.max_sessions)

    def full_page(self) -> str:
        """The page a browser gets when every session is taken."""
        title, message = html.escape(_("The trainer is full")), html.escape(self.full_message())
        return (
            f'<!DOCTYPE html>\n<html lang="{current_language()}"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">'
            f"<h1>{title}</h1><p>{message}</p></body></html>\n"
        )

    async def on_startup(self, app: web.Application) -> None:
        print(
            _("trainer is served on {url}; press Ctrl+C to stop").format(url=self.public_url),
            flush=True,
        )
        if self.listening:
            print(_("listening on {addresses}").format(addresses=self.listening), flush=True)

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        # textual-serve keeps no list of its websockets; this is the one place that sees each.
        self._sessions[websocket] = app_service
        try:
            await super()._process_messages(websocket, app_service)
        finally:
            self._sessions.pop(websocket, None)

    async def on_shutdown(self, app: web.Application) -> None:
        # An open websocket would hold aiohttp's shutdown for its whole 60 s timeout. Closing it
        # ends the session the ordinary way: textual-serve tells that browser's app to quit and
        # waits for it, and every answer was committed as it was given.
        sessions = list(self._sessions.items())
        for websocket, _app_service in sessions:
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"trainer stopped")
        for _websocket, app_service in sessions:
            await _wait_for_app(app_service)


async def _wait_for_app(app_service: AppService) -> None:
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
) -> int:
    """Serve the app on http://`host`:`port` until Ctrl+C; return the exit code (2: cannot serve)."""
    if max_sessions < 1:
        print(
            _("trainer: --max-sessions must be at least 1, not {count}").format(count=max_sessions),
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        listeners = listen(host, port)
    except ServeError as error:
        print(f"trainer: {error}", file=sys.stderr)
        return EXIT_USAGE
    addresses = [listener.getsockname()[0] for listener in listeners]
    bound_port = listeners[0].getsockname()[1]
    url = public_url(host, bound_port)
    warning = bind_warning(addresses, bound_port)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    server = _TrainerServer(
        app_command(course_dir, language, data_dir, learner),
        listeners,
        url,
        served_origins(url, host, addresses),
        max_sessions,
    )
    if host in WILDCARD_HOSTS:  # the printed address is this machine's name: say where it listens
        server.listening = ", ".join(_address(a, bound_port) for a in addresses)
    try:
        server.serve()  # Ctrl+C and SIGTERM end it gracefully: each browser's app is told to quit
    except KeyboardInterrupt:  # Ctrl+C before the server took over the signal
        pass
    finally:
        for listener in listeners:
            listener.close()
    return EXIT_OK
