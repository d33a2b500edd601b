"""``voicecast serve``: the show root over HTTP for phones on the same network.

Built on aiohttp's web server (already installed with edge-tts): its ``FileResponse`` does the
parts phone players depend on and that are easy to get subtly wrong by hand — byte ranges
(206 Partial Content, ``Accept-Ranges``, ``Content-Range``, ``If-Range``, 416 for a bad range),
``HEAD``, conditional requests, sendfile, and carrying on when a client hangs up mid-download.
voicecast adds the policy: read-only (GET and HEAD only), files under the root only (no ``..``,
no hidden files, no symlinks out, no directory listings), and a feed whose URLs use the address
the client reached the server by.
"""

from __future__ import annotations

import asyncio
import mimetypes
import socket
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from ..episode import names
from .feed import FEED_FILE, MIME, feed_xml, load_show, scan_episodes
from .page import show_page

_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/rss+xml", "application/srt")


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent), else 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.254.254.254", 1))
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def _base(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def make_app(root: Path) -> web.Application:
    root = Path(root).resolve()

    async def feed(request: web.Request) -> web.Response:
        body = feed_xml(load_show(root), scan_episodes(root), _base(request))
        return web.Response(body=body, content_type="application/rss+xml", charset="utf-8",
                            headers={"Cache-Control": "no-cache"})

    async def index(request: web.Request) -> web.Response:
        html = show_page(load_show(root), scan_episodes(root), f"{_base(request)}/{FEED_FILE}")
        return web.Response(text=html, content_type="text/html", headers={"Cache-Control": "no-cache"})

    async def files(request: web.Request) -> web.StreamResponse:
        path = _resolve(root, request.match_info["path"])
        if path is None:
            raise web.HTTPNotFound(text="not found\n")
        if path.is_dir():
            if not (path / names.PAGE).is_file():
                raise web.HTTPNotFound(text="not found\n")  # never a directory listing
            if not request.path.endswith("/"):
                raise web.HTTPFound(request.path + "/")  # so the page's relative links resolve
            path = path / names.PAGE
        headers = {"Cache-Control": "no-cache" if path.suffix in (".html", ".xml") else "public, max-age=60"}
        ctype = "application/json+chapters" if path.name == names.CHAPTERS_JSON else MIME.get(path.suffix.lower())
        headers["Content-Type"] = ctype or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return web.FileResponse(path, headers=headers)

    async def headers(request: web.Request, response: web.StreamResponse) -> None:
        # Transcripts and chapters are read by web players on other origins.
        response.headers.setdefault("Access-Control-Allow-Origin", "*")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        ctype = response.headers.get("Content-Type", "")
        if ctype.startswith(_TEXT_TYPES) and "charset" not in ctype:
            response.headers["Content-Type"] = ctype + "; charset=utf-8"

    app = web.Application()
    app.on_response_prepare.append(headers)
    app.router.add_get("/", index)
    app.router.add_get("/index.html", index)
    app.router.add_get(f"/{FEED_FILE}", feed)
    app.router.add_get("/{path:.*}", files)
    return app


def _resolve(root: Path, rel: str) -> Path | None:
    """The file under ``root`` that ``rel`` (already percent-decoded) names, or None."""
    parts = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".")]
    if any(p == ".." or p.startswith(".") or "\x00" in p for p in parts):
        return None
    try:
        path = root.joinpath(*parts).resolve()
    except (OSError, ValueError):
        return None
    if path != root and root not in path.parents:
        return None  # a symlink pointing out of the root
    return path if path.exists() else None


def serve(root: Path, host: str = "0.0.0.0", port: int = 8000,
          ready: Callable[[str, int], None] | None = None) -> None:
    """Serve until interrupted; ``ready(host, port)`` is called once listening (port 0 picks one)."""
    app = make_app(root)

    async def main() -> None:
        runner = web.AppRunner(app, handle_signals=True, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None)  # an asyncio.Server once started
        bound = sockets[0].getsockname()[1] if sockets else port
        if ready:
            ready(host, bound)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    try:
        asyncio.run(main())
    except (KeyboardInterrupt, web.GracefulExit):
        pass
