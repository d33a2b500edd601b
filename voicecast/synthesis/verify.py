"""``render --verify``: every sentence's audio is heard by Whisper (synthesis/asr.py) and scored
against its text: toneless pinyin syllables for Mandarin (so a homophone Whisper writes with other
characters is no error), words for English, each unit by edit distance. A sentence whose error is
over :data:`THRESHOLD` is synthesized again with the other settings its engine offers
(``Engine.retry_settings``: slower, then another voice of the same language) until one is heard
right; the episode uses that take. What no setting fixes is listed (render.json, the summary,
``check``). Verdicts are kept beside the cache (by segment key and listener), so a re-render hears
only what changed."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..engines.base import Engine
from ..planning.plan import ChapterPlan, Segment, with_settings
from ..pronounce.normalize import normalize_zh, to_simplified
from .cache import SegmentCache

# Share of a sentence's units heard wrong above which it fails. Measured on clean renders and on
# garbled ones (BENCHMARKS.md, "render --verify"): on 53 sentences of three scripts the clean ones
# reached 0.54 at most, a sentence heard with the next sentence's audio 0.70 at least.
THRESHOLD = 0.6
_HAN = re.compile(r"[\u3400-\u9fff]+")
_TOKEN = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+(?:'[a-z]+)?")


def units(text: str, lang: str) -> list[str]:
    """What is compared: toneless pinyin for each Chinese character (read in context), words for
    the rest, lower case, punctuation dropped."""
    from pypinyin import Style, lazy_pinyin

    if lang == "zh":
        text = to_simplified(normalize_zh(text))
    out: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        out += lazy_pinyin(token, style=Style.NORMAL) if _HAN.match(token) else [token]
    return out


def edit_distance(a: list, b: list) -> int:
    """Levenshtein distance between two sequences (insertions, deletions, substitutions)."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def error_rate(text: str, heard: str, lang: str) -> float:
    ref = units(text, lang)
    return edit_distance(ref, units(heard, lang)) / len(ref) if ref else 0.0


@dataclass
class Check:
    """One sentence that was not heard right at first: where, what was heard, and what fixed it."""

    where: str
    line: int | None
    text: str
    heard: str
    error: float
    fixed_with: str = ""  # "speed 0.85", "voice zf_xiaoyi"; empty: nothing did


@dataclass
class Verified:
    checked: int = 0
    flagged: list[Check] = field(default_factory=list)
    takes: dict[str, Segment] = field(default_factory=dict)  # a failing segment's key → the take heard right

    def failing(self) -> list[Check]:
        return [c for c in self.flagged if not c.fixed_with]

    def summary(self) -> dict[str, Any]:
        return {"checked": self.checked, "threshold": THRESHOLD, "flagged": [asdict(c) for c in self.flagged],
                "still_failing": len(self.failing())}


class Verifier:
    """Hears segments (``listen(audio, rate, lang) -> text``) and keeps each verdict on disk."""

    def __init__(self, listen: Callable[[Any, int, str], str], listener_id: str, cache: SegmentCache):
        self.listen, self.listener_id, self.cache = listen, listener_id, cache

    def _path(self, key: str):
        return self.cache.root / "verified" / key[:2] / f"{key}.json"

    def heard(self, seg: Segment) -> str:
        path = self._path(seg.key)
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            if kept.get("listener") == self.listener_id:
                return str(kept["heard"])
        except (OSError, ValueError, KeyError):
            pass
        got = self.cache.get(seg.key)
        if got is None:
            raise KeyError(seg.key)
        text = self.listen(got[0], got[1], seg.sentence.lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"listener": self.listener_id, "heard": text}, ensure_ascii=False), encoding="utf-8")
        return text


def verify_plans(plans: list[ChapterPlan], verifier: Verifier, engine: Engine, identity: str,
                 advance: Callable[[], None] = lambda: None) -> Verified:
    """Hear every segment once; synthesize a failing one again with each retry setting in turn."""
    result = Verified()
    seen: set[str] = set()
    for plan in plans:
        where = f"chapter {plan.index} ({plan.title or 'intro'})"
        for seg in plan.segments:
            if seg.key in seen:
                continue
            seen.add(seg.key)
            result.checked += 1
            heard = verifier.heard(seg)
            error = error_rate(seg.sentence.text, heard, seg.sentence.lang)
            advance()
            if error <= THRESHOLD:
                continue
            check = Check(where, seg.line, seg.sentence.text, heard, round(error, 3))
            result.flagged.append(check)
            _retry(seg, check, verifier, engine, identity, result)
    return result


def _retry(seg: Segment, check: Check, verifier: Verifier, engine: Engine, identity: str, result: Verified) -> None:
    for voice, opts, label in engine.retry_settings(seg.voice, dict(seg.options), seg.sentence.lang):
        take = with_settings(seg, identity, voice, opts)
        if not verifier.cache.has(take.key):
            speech = engine.speak(seg.sentence, voice, engine.make_options(opts))
            verifier.cache.put(take.key, speech.audio, engine.sample_rate, speech.words)
        heard = verifier.heard(take)
        if error_rate(seg.sentence.text, heard, seg.sentence.lang) <= THRESHOLD:
            check.fixed_with = label
            result.takes[seg.key] = take
            return
        check.heard = heard  # the last take's, for the report


def with_takes(plans: list[ChapterPlan], takes: dict[str, Segment]) -> list[ChapterPlan]:
    """The plans with each failing segment replaced by the take that was heard right."""
    if not takes:
        return plans
    return [replace(p, items=[takes.get(i.key, i) if isinstance(i, Segment) else i for i in p.items]) for p in plans]
