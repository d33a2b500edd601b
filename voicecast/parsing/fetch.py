"""Fetching a web page for ``voicecast import/render URL``: only when given a URL, with a timeout
and a size cap, one clear line for every way it can fail, and the page kept on disk so that a
re-render of the same URL needs no network (``--refetch`` asks again)."""

from __future__ import annotations

import hashlib
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from .. import __version__, settings
from ..atomic import write_atomic
from ..errors import ScriptError

TIMEOUT_S = 20.0
MAX_BYTES = 16 * 1024 * 1024  # a long article page is ~1–3 MB with its inline scripts
_URL_RE = re.compile(r"^https?://[^\s/]+", re.I)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_USER_AGENT = f"Mozilla/5.0 (compatible; voicecast/{__version__}; +https://pypi.org/project/voicecast/)"


@dataclass(frozen=True)
class Page:
    url: str  # as asked for
    final_url: str  # after redirects
    data: bytes
    charset: str | None
    cached: bool  # read from disk, no network used

    @property
    def markup(self) -> str | bytes:
        """The page as text when the server named a charset Python knows; otherwise the bytes, for
        the HTML reader to decode by the page's own declaration."""
        if self.charset:
            try:
                return self.data.decode(self.charset, errors="replace")
            except LookupError:
                pass
        return self.data


def is_url(text: str) -> bool:
    return bool(_URL_RE.match(text.strip()))


def fetch_page(url: str, refresh: bool = False, timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES,
               pages: Path | None = None) -> Page:
    """The page at ``url``, from the page store (``pages``, default: settings' default pages dir)
    when it was fetched before."""
    url = url.strip()
    root = pages or settings.defaults().pages_dir
    stored = _stored(url, root)
    if stored is not None and not refresh:
        return stored
    page = _download(url, timeout, max_bytes)
    _store(page, root)
    return page


def store_file(data: bytes, suffix: str, pages: Path | None = None) -> Path:
    """Keep a file taken out of a document (a book's cover) in the page store, named by its content."""
    path = (pages or settings.defaults().pages_dir) / "files" / (hashlib.sha256(data).hexdigest()[:32] + suffix)
    if not path.is_file():
        write_atomic(path, data)
    return path


def _paths(url: str, root: Path) -> tuple[Path, Path]:
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    return root / f"{key}.html", root / f"{key}.json"


def _stored(url: str, root: Path) -> Page | None:
    body, info = _paths(url, root)
    try:
        meta = json.loads(info.read_text(encoding="utf-8"))
        return Page(url, meta["final_url"], body.read_bytes(), meta.get("charset"), cached=True)
    except (OSError, ValueError, KeyError):
        return None


def _store(page: Page, root: Path) -> None:
    body, info = _paths(page.url, root)
    try:
        write_atomic(body, page.data)  # the body first: a sidecar always has its page
        write_atomic(info, json.dumps({"url": page.url, "final_url": page.final_url, "charset": page.charset,
                                       "fetched": time.strftime("%Y-%m-%dT%H:%M:%S%z")}, ensure_ascii=False))
    except OSError:  # a read-only cache costs the next run a download, nothing more
        pass


def _download(url: str, timeout: float, max_bytes: int) -> Page:
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
    host = urllib.parse.urlparse(url).netloc
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            headers: Message = response.headers
            _check_type(url, headers.get_content_type())
            data = _read_capped(response, url, timeout, max_bytes)
            return Page(url, response.geturl(), data, headers.get_content_charset(), cached=False)
    except urllib.error.HTTPError as exc:
        hint = ("the site refuses automated downloads; open it in a browser, save the page (Ctrl+S) and pass the "
                ".html file" if exc.code in (401, 403, 429) else "check the address")
        raise ScriptError(f"the server answered HTTP {exc.code} {exc.reason}; {hint}", url) from None
    except urllib.error.URLError as exc:
        raise ScriptError(f"cannot reach {host} ({_reason(exc.reason)}); check the network, or save the page in a "
                          "browser and pass the .html file", url) from None
    except TimeoutError:
        raise ScriptError(f"{host} did not answer within {timeout:g} s; try again, or save the page in a browser "
                          "and pass the .html file", url) from None
    except (ConnectionError, OSError) as exc:
        raise ScriptError(f"the connection to {host} failed ({exc}); try again, or save the page and pass the "
                          ".html file", url) from None


def _check_type(url: str, content_type: str) -> None:
    if content_type not in _HTML_TYPES:
        raise ScriptError(f"is not a web page (Content-Type: {content_type}); download the file and pass it "
                          "instead of the URL", url)


def _read_capped(response, url: str, timeout: float, max_bytes: int) -> bytes:
    """The body, refusing more than ``max_bytes`` and a trickle that outlasts the timeout overall."""
    start, size = time.monotonic(), 0
    chunks: list[bytes] = []
    while True:
        chunk = response.read(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise ScriptError(f"the page is larger than {max_bytes:,} bytes; save the article's "
                              "text and pass the file", url)
        if time.monotonic() - start > 3 * timeout:
            raise ScriptError(f"the page took longer than {3 * timeout:g} s to arrive; try again, or save it "
                              "in a browser and pass the .html file", url)
        chunks.append(chunk)


def _reason(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "the name does not resolve: no network, or a typo in the address"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    return str(reason)
