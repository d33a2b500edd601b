"""SRT and WebVTT from sentence cues, with line lengths that suit Chinese (about 16 characters a
line) and English (about 42), at most two lines a cue; a long sentence becomes several cues."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lang import cjk_count

ZH_LINE = 16
EN_LINE = 42


@dataclass(frozen=True)
class SubCue:
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]


def _width(text: str) -> int:
    """Display width in "Chinese characters": two Latin characters count as one."""
    han = cjk_count(text)
    return han + (len(text) - han + 1) // 2


def _wrap(text: str, zh: bool) -> list[str]:
    """Break text into display lines at punctuation or spaces (never inside a Latin word)."""
    limit = ZH_LINE if zh else EN_LINE
    measure = _width if zh else len
    tokens = re.findall(r"[A-Za-z0-9][A-Za-z0-9.'’%-]*\s*|[^\sA-Za-z0-9]\s*|\s+", text)
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


def cues_for(text: str, lang: str, start_ms: int, end_ms: int) -> list[SubCue]:
    lines = _wrap(text, lang == "zh")
    if not lines:
        return []
    groups = [lines[i : i + 2] for i in range(0, len(lines), 2)]
    weights = [sum(len(x) for x in g) for g in groups]
    total = sum(weights) or 1
    out, t = [], start_ms
    for g, w in zip(groups, weights, strict=True):
        end = t + round((end_ms - start_ms) * w / total)
        out.append(SubCue(t, min(end, end_ms), tuple(g)))
        t = end
    return out


def _stamp(ms: int, sep: str) -> str:
    h, rem = divmod(max(0, ms), 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(cues: list[SubCue]) -> str:
    blocks = [f"{i}\n{_stamp(c.start_ms, ',')} --> {_stamp(c.end_ms, ',')}\n" + "\n".join(c.lines)
              for i, c in enumerate(cues, 1)]
    return "\n\n".join(blocks) + "\n"


def to_vtt(cues: list[SubCue]) -> str:
    blocks = [f"{_stamp(c.start_ms, '.')} --> {_stamp(c.end_ms, '.')}\n" + "\n".join(c.lines) for c in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"
