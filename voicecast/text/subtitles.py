"""SRT and WebVTT from sentence cues, with line lengths that suit Chinese (about 16 characters a
line) and English (about 42), at most two lines a cue; a long sentence becomes several cues. VTT
cues name their speaker with a voice tag (``<v 主持人>``), which Apple Podcasts and web players show."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .charclass import HAN
from .lang import cjk_count, jieba_quiet

ZH_LINE = 16
EN_LINE = 42


@dataclass(frozen=True)
class SubCue:
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]
    speaker: str | None = None


@dataclass(frozen=True)
class ReadCue:
    start_ms: int
    end_ms: int
    text: str
    speaker: str | None = None


def _width(text: str) -> int:
    """Display width in "Chinese characters": two Latin characters count as one."""
    han = cjk_count(text)
    return han + (len(text) - han + 1) // 2


_TOKEN_RE = re.compile(rf"[A-Za-z0-9][A-Za-z0-9.'’%-]*\s*|[{HAN}]+|[^\sA-Za-z0-9]\s*|\s+")
_HAN_RUN_RE = re.compile(rf"[{HAN}]+")


def _tokens(text: str, zh: bool) -> list[str]:
    """Pieces a line may break between: Latin words, punctuation, spaces, and, in Chinese, the
    words jieba finds in each run of Han characters (a line never ends inside 关于)."""
    out: list[str] = []
    for tok in _TOKEN_RE.findall(text):
        if _HAN_RUN_RE.fullmatch(tok):
            out += jieba_quiet().lcut(tok) if zh else list(tok)
        else:
            out.append(tok)
    return out


def _wrap(text: str, zh: bool) -> list[str]:
    """Break text into display lines at punctuation, spaces or between words (never inside a Latin
    word, nor inside a Chinese one)."""
    limit = ZH_LINE if zh else EN_LINE
    measure = _width if zh else len
    tokens = _tokens(text, zh)
    lines, cur = [], ""
    for tok in tokens:
        if cur and measure(cur + tok.rstrip()) > limit:
            lines.append(cur.strip())
            cur = tok.lstrip()
        else:
            cur += tok
    if cur.strip():
        lines.append(cur.strip())
    return lines


def cues_for(text: str, lang: str, start_ms: int, end_ms: int, words: tuple[tuple[int, int, str], ...] = (),
             speaker: str | None = None) -> list[SubCue]:
    """Cues for one sentence heard from ``start_ms`` to ``end_ms``. With the engine's word timings
    (absolute ms) each cue starts and ends with its own words; without them the time is shared out
    by length."""
    lines = _wrap(text, lang == "zh")
    if not lines:
        return []
    groups = [lines[i : i + 2] for i in range(0, len(lines), 2)]
    timed = _word_times(text, groups, words)
    if timed:
        return [SubCue(max(start_ms, s), min(end_ms, e), tuple(g), speaker)
                for g, (s, e) in zip(groups, timed, strict=True)]
    if words:  # sentence-level timing only: the speech itself, without the lead-in and tail
        start_ms, end_ms = max(start_ms, min(w[0] for w in words)), min(end_ms, max(w[1] for w in words))
    weights = [sum(len(x) for x in g) for g in groups]
    total = sum(weights) or 1
    out, t = [], start_ms
    for g, w in zip(groups, weights, strict=True):
        end = t + round((end_ms - start_ms) * w / total)
        out.append(SubCue(t, min(end, end_ms), tuple(g), speaker))
        t = end
    return out


def _word_times(text: str, groups: list[list[str]], words) -> list[tuple[int, int]] | None:
    """(start, end) per line group from the words found in it, or None unless every group has some."""
    if not words:
        return None
    low, cursor, found = text.lower(), 0, []
    for s, e, t in words:
        t = t.strip().lower()
        i = low.find(t, cursor) if t else -1
        if i >= 0:
            found.append((i, s, e))
            cursor = i + len(t)
    spans, cursor = [], 0
    for g in groups:
        a = text.find(g[0], cursor)
        b = text.find(g[-1], a) + len(g[-1]) if a >= 0 else -1
        if a < 0 or b < a:
            return None
        spans.append((a, b))
        cursor = b
    times = []
    for a, b in spans:
        inside = [(s, e) for i, s, e in found if a <= i < b]
        if not inside:
            return None
        times.append((inside[0][0], inside[-1][1]))
    return times


def _stamp(ms: int, sep: str) -> str:
    h, rem = divmod(max(0, ms), 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(cues: list[SubCue]) -> str:
    blocks = [f"{i}\n{_stamp(c.start_ms, ',')} --> {_stamp(c.end_ms, ',')}\n" + "\n".join(c.lines)
              for i, c in enumerate(cues, 1)]
    return "\n\n".join(blocks) + "\n"


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(cues: list[SubCue]) -> str:
    blocks = []
    for c in cues:
        lines = [_vtt_escape(x) for x in c.lines]
        if c.speaker and lines:
            lines[0] = f"<v {_vtt_escape(c.speaker)}>{lines[0]}"
        blocks.append(f"{_stamp(c.start_ms, '.')} --> {_stamp(c.end_ms, '.')}\n" + "\n".join(lines))
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


_VOICE_RE = re.compile(r"<v(?:\.[\w.-]+)*\s+([^>]*)>")


def cue_text(lines: list[str] | tuple[str, ...]) -> str:
    """A cue's lines as one text: Chinese lines join without a space, Latin ones with one."""
    joined = ""
    for line in lines:
        joined += (" " if joined and (joined[-1].isascii() and line[:1].isascii()) else "") + line
    return joined


def read_vtt(text: str) -> list[ReadCue]:
    """The cues of a WebVTT file: times, the text (a cue's lines joined, tags removed, entities
    decoded) and the speaker of its voice tag."""
    import html

    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [x for x in block.strip().split("\n") if x.strip()]
        times = next((i for i, x in enumerate(lines) if "-->" in x), None)
        if times is None:
            continue
        start, end = (_parse_stamp(x.strip().split()[0]) for x in lines[times].split("-->"))
        body = "\n".join(lines[times + 1 :])
        voice = _VOICE_RE.search(body)
        body = re.sub(r"<[^>]*>", "", body)
        joined = cue_text([html.unescape(line.strip()) for line in body.split("\n")])
        out.append(ReadCue(start, end, joined, html.unescape(voice.group(1).strip()) if voice else None))
    return out


def _parse_stamp(stamp: str) -> int:
    parts = stamp.replace(",", ".").split(":")
    seconds = float(parts[-1]) + 60 * int(parts[-2]) + (3600 * int(parts[-3]) if len(parts) > 2 else 0)
    return int(round(seconds * 1000))
