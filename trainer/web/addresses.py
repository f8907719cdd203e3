"""Where `trainer serve` listens, and which origins are its own.

The sockets are bound before the server starts, so that a port in use or a host that is not this
machine's is one clear line, and `--port 0` gives a port known before the page is made. Without
sign-on only loopback addresses are served (`beyond_loopback`, `loopback_only_message`). The
origins a browser may show for the server's own pages are worked out here, never from the `Host` a
request claims (DNS rebinding).
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import urllib.parse
from collections.abc import Iterable

from trainer.i18n import _

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
"""The names a browser on this machine may use for a server on loopback."""
WILDCARD_HOSTS = ("", "0.0.0.0", "::")


class ServeError(Exception):
    """The server cannot start (port taken, unknown host…): one line for the trainer."""


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


def address_and_port(address: str, port: int) -> str:
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def beyond_loopback(addresses: Iterable[str]) -> list[str]:
    """The addresses other machines can reach, among those listened on."""
    return [address for address in addresses if not is_loopback(address)]


def loopback_only_message(addresses: Iterable[str], port: int) -> str:
    """Why serving beyond this machine without sign-on is refused, and what to configure."""
    where = ", ".join(address_and_port(a, port) for a in addresses)
    return _(
        "without sign-on, serve is for one person on this machine: it listens on 127.0.0.1 only, "
        "not on {address}, where anyone who could reach it would read and change every learner's "
        "record. To serve the agents of an organisation, put it behind the organisation's sign-on "
        "proxy and give the header the proxy writes the account in, and where each account's "
        "folder goes: --trusted-header X-Forwarded-User --data-root DIR (--trusted-proxy ADDRESS "
        "if the proxy is on another machine; see docs/deployment.md)"
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
