"""Reading a transcript file: detect its encoding (UTF-8, UTF-8 with BOM, UTF-16 with or without a
BOM, GB18030, Big5, Windows-1252/Latin-1) and refuse files that are not text. The only I/O in the
parsing package."""

from __future__ import annotations

import codecs
import re
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
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _normalize(data.decode(utf16), path), utf16
    if b"\x00" in data[:65536]:
        raise ScriptError("this is not a text file (it contains NUL bytes); give a transcript in UTF-8, GB18030 or Big5", path)
    try:
        return _normalize(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    if _single_byte_western(data):
        return _normalize(_decode_western(data), path), _western_name(data)
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


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when the bytes read as UTF-16 text without a BOM: even length, and
    decoded they are nearly all letters, CJK, punctuation and line breaks (a binary file or another
    encoding decodes to private-use, surrogate and unassigned code points)."""
    if len(data) % 2 or len(data) < 4:
        return None
    best = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data[:65536].decode(enc, errors="strict")
        except UnicodeDecodeError:
            continue
        good = sum(1 for ch in text if _plausible_char(ch))
        if "\n" in text and good >= 0.97 * len(text) and (best is None or good > best[1]):
            best = (enc, good)
    return best[0] if best else None


def _plausible_char(ch: str) -> bool:
    o = ord(ch)
    return (32 <= o < 0x7F or ch in "\n\r\t" or 0xA0 <= o < 0x250 or 0x2000 <= o < 0x2070
            or 0x3000 <= o < 0x3040 or 0x4E00 <= o < 0xA000 or 0xFF00 <= o < 0xFFF0)


def _single_byte_western(data: bytes) -> bool:
    """Windows-1252 or Latin-1 rather than GB18030/Big5: non-ASCII bytes are rare and stand alone
    (``café``, curly quotes), where the East Asian double-byte encodings come in runs of two or more."""
    runs = [len(m.group(0)) for m in re.finditer(rb"[\x80-\xff]+", data)]
    if not runs:
        return False
    single = sum(1 for n in runs if n == 1)
    return single >= 0.8 * len(runs) and sum(runs) <= 0.1 * len(data)


def _western_name(data: bytes) -> str:
    # Bytes 0x80–0x9F are C1 controls in Latin-1 and curly quotes, dashes, € in Windows-1252.
    return "cp1252" if re.search(rb"[\x80-\x9f]", data) else "latin-1"


# Latin-1 decodes every byte; Windows-1252 differs only in 0x80–0x9F (curly quotes, dashes, €),
# and the five bytes it leaves undefined keep their Latin-1 meaning.
_CP1252_HIGH = {0x80 + i: (bytes([0x80 + i]).decode("cp1252", errors="ignore") or chr(0x80 + i)) for i in range(32)}


def _decode_western(data: bytes) -> str:
    return data.decode("latin-1").translate(_CP1252_HIGH)


def read_head(path: Path, size: int = 8) -> bytes:
    """The first bytes of a file (to tell a binary document from text), or none if unreadable: the
    text reader then gives the error."""
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


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
