"""A sign-on proxy as small as a test needs: it forwards a browser's requests (pages, files and the
websocket) to `trainer serve`, adding the account in `X-Forwarded-User`, as oauth2-proxy or nginx
with `auth_request` do once the agent has signed in. One proxy per account: the account is fixed.

Run alone for a walk through:
    python tests/integration/signon_proxy.py --port 18301 \
        --upstream http://127.0.0.1:18300 --user alice
"""

from __future__ import annotations

import argparse
import asyncio

import aiohttp
from aiohttp import web

SESSION = web.AppKey("session", aiohttp.ClientSession)
"""The proxy's client to the upstream server."""
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "upgrade",
    "transfer-encoding",
    "te",
    "trailer",
    "proxy-authorization",
    "proxy-authenticate",
    "content-length",
    "content-encoding",
    "sec-websocket-key",
    "sec-websocket-version",
    "sec-websocket-extensions",
    "sec-websocket-accept",
}


def make_proxy(
    upstream: str, user: str | None, header: str = "X-Forwarded-User"
) -> web.Application:
    """An aiohttp application forwarding everything to `upstream`, as `user` (None: no header)."""

    def forwarded(request: web.Request) -> dict[str, str]:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        headers.pop(header, None)  # as a real proxy does: the browser cannot choose its account
        if user is not None:
            headers[header] = user
        headers["X-Forwarded-Host"] = request.host
        return headers

    async def handle(request: web.Request) -> web.StreamResponse:
        session: aiohttp.ClientSession = request.app[SESSION]
        url = upstream + request.rel_url.path_qs
        headers = forwarded(request)
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return await _websocket(request, session, url, headers)
        async with session.request(
            request.method, url, headers=headers, data=await request.read(), allow_redirects=False
        ) as answer:
            body = await answer.read()
            kept = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP}
            return web.Response(status=answer.status, body=body, headers=kept)

    async def _websocket(request, session, url, headers) -> web.StreamResponse:
        try:
            upstream_socket = await session.ws_connect(url, headers=headers)
        except aiohttp.WSServerHandshakeError as refused:
            return web.Response(status=refused.status, text="refused upstream\n")
        browser = web.WebSocketResponse()
        await browser.prepare(request)

        async def pump(source, sink) -> None:
            async for message in source:
                if message.type == aiohttp.WSMsgType.TEXT:
                    await sink.send_str(message.data)
                elif message.type == aiohttp.WSMsgType.BINARY:
                    await sink.send_bytes(message.data)
                else:
                    break
            # Pass the close code on: the page says why an idle session was closed.
            code = source.close_code or aiohttp.WSCloseCode.OK
            await sink.close(code=code, message=b"")

        await asyncio.gather(
            pump(upstream_socket, browser), pump(browser, upstream_socket), return_exceptions=True
        )
        return browser

    async def start(app: web.Application) -> None:
        app[SESSION] = aiohttp.ClientSession()

    async def stop(app: web.Application) -> None:
        await app[SESSION].close()

    app = web.Application()
    app.router.add_route("*", "/{path:.*}", handle)
    app.on_startup.append(start)
    app.on_cleanup.append(stop)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--user")
    options = parser.parse_args()
    web.run_app(
        make_proxy(options.upstream.rstrip("/"), options.user),
        host="127.0.0.1",
        port=options.port,
        print=lambda *args: print(f"proxy for {options.user} on {options.port}", flush=True),
    )


if __name__ == "__main__":
    main()
