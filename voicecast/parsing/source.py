"""Reading a transcript file: detect its encoding (UTF-8, UTF-8 with BOM, UTF-16, GB18030, Big5)
and refuse files that are not text. The only I/O in the parsing package."""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import ScriptError

MAX_BYTES = 64 * 1024 * 1024  # 64 MiB: far above any transcript; guards against reading a disk image
_CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16", "big5hkscs"]


def decode_bytes(data: bytes, path: str = "<input>") -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a transcript, or raise :class:`ScriptError`."""
    if not data.strip():
        raise ScriptError("the file is empty; write a transcript into it (see README: Script format)", path)
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _normalize(data.decode(enc), path), enc
            except UnicodeDecodeError as exc:
                raise ScriptError(f"starts with a {enc} byte-order mark but is not valid {enc}: {exc.reason} at byte {exc.start}", path) from None
    if b"\x00" in data[:65536]:
        raise ScriptError("this is not a text file (it contains NUL bytes); give a transcript in UTF-8, GB18030 or Big5", path)
    try:
        return _normalize(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None or best.encoding is None:
        raise ScriptError(
            "cannot tell the text encoding (tried UTF-8, GB18030, Big5); convert the file to UTF-8, "
            "e.g. `iconv -f GB18030 -t UTF-8 FILE > FILE.utf8`",
            path,
        )
    text = str(best)
    return _normalize(text, path), best.encoding


def read_source(path: str | Path) -> tuple[str, str]:
    """Read and decode a transcript file. Errors name the file and the fix."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ScriptError(f"file is {size // (1024 * 1024)} MiB; voicecast reads transcripts up to {MAX_BYTES // (1024 * 1024)} MiB — split it", str(p))
        if p.is_dir():
            raise ScriptError("is a directory; give a transcript file", str(p))
        data = p.read_bytes()
    except FileNotFoundError:
        raise ScriptError("no such file", str(p)) from None
    except PermissionError:
        raise ScriptError("permission denied; check the file's permissions", str(p)) from None
    except IsADirectoryError:
        raise ScriptError("is a directory; give a transcript file", str(p)) from None
    return decode_bytes(data, str(p))


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / min(len(text), 65536)


def _normalize(text: str, path: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if _control_ratio(text) > 0.01:
        # Decoded fine but is mostly control characters: a binary file that happens to be valid UTF-8.
        raise ScriptError("this does not look like a text file (too many control characters)", path)
    return text
