"""`trainer serve`: the app in a web browser, through textual-serve, for agents without a terminal.

Every browser tab that opens the page starts its own `python -m trainer` process, with the course,
language, data folder and learner given here; the page draws that process's screen with xterm.js.
All the tabs share one progress file, the one this machine keeps.

The server listens on 127.0.0.1 unless told otherwise: anyone who can reach the address can open
the app, pick a learner and read their progress, so binding to another address is a choice the
trainer makes knowingly (`--host`).
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import shlex
import socket
import sys
from pathlib import Path

from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from trainer.i18n import _

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
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


def check_address(host: str, port: int) -> None:
    """Bind `host`:`port` the way the server will, then let it go, so that a port already in use or
    a host that is not this machine's is a clear message rather than aiohttp's traceback."""
    if not 1 <= port <= 65535:
        raise ServeError(_("the port must be between 1 and 65535, not {port}").format(port=port))
    try:
        addresses = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        raise ServeError(_("cannot serve on {host}: unknown host").format(host=host)) from None
    for family, kind, protocol, _name, address in addresses:
        with socket.socket(family, kind, protocol) as probe:
            # aiohttp binds with SO_REUSEADDR too: a port left in TIME_WAIT is free for both.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(address)
            except OSError as error:
                raise ServeError(_bind_message(error, host, port)) from None


def _bind_message(error: OSError, host: str, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return _("port {port} is already in use on {host}: choose another with --port").format(port=port, host=host)
    if error.errno == errno.EADDRNOTAVAIL:
        return _("cannot serve on {host}: it is not an address of this machine").format(host=host)
    if error.errno == errno.EACCES:
        return _("not allowed to use port {port}: choose one above 1023 with --port").format(port=port)
    return _("cannot serve on {host}:{port}: {error}").format(host=host, port=port, error=error.strerror or error)


class _TrainerServer(Server):
    """textual-serve's server, announcing itself in the trainer's words instead of its banner, and
    closing the browsers' sessions when it stops."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._sessions: dict[web.WebSocketResponse, AppService] = {}

    async def on_startup(self, app: web.Application) -> None:
        print(_("trainer is served on {url}; press Ctrl+C to stop").format(url=self.public_url), flush=True)

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
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
) -> int:
    """Serve the app on http://`host`:`port` until Ctrl+C; return the exit code (2: cannot serve)."""
    try:
        check_address(host, port)
    except ServeError as error:
        print(f"trainer: {error}", file=sys.stderr)
        return EXIT_USAGE
    server = _TrainerServer(
        app_command(course_dir, language, data_dir, learner),
        host=host,
        port=port,
        title="trainer",
        public_url=public_url(host, port),
    )
    try:
        server.serve()  # Ctrl+C and SIGTERM end it gracefully: each browser's app is told to quit
    except OSError as error:  # the port was taken between the check and the bind
        print(f"trainer: {_bind_message(error, host, port)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl+C before textual-serve took over the signal
        pass
    return EXIT_OK
