"""Score a parse of a real transcript against a gold.json entry (the format of ../shared/corpus,
described in its README): per person, the turns that reach them with one consistent voice; people
split into several voices or merged into one; speakers nobody is; headings and furniture spoken.
Shared by tests/parsing/test_gold_corpus.py and bench/parse_corpus.py.

A parsed speaker is a gold person when its name is one of the person's label forms, or a name the
person goes by (the canonical name, or the alias in its parentheses), compared without case,
spaces, a trailing ``, ROLE`` or a parenthesised stage note. Gold persons whose labels name
nobody (``>>``) take the unnamed parsed speakers in order of appearance."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from voicecast.parsing import parse_file
from voicecast.text.script import Script

SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def gold(corpus: Path = SHARED_CORPUS) -> dict[str, dict]:
    return json.loads((corpus / "gold.json").read_text(encoding="utf-8"))


def _key(name: str) -> str:
    name = re.sub(r"[(（【\[].*?[)）】\]]", "", name)  # a stage note or an alias in parentheses
    name = name.split(",")[0]  # "PETER SAGAL, HOST"
    return re.sub(r"[\s\u3000·・.]+", "", name).casefold()


def _names(person: str, forms: list[str]) -> set[str]:
    aliases = re.findall(r"[(（](.*?)[)）]", person)
    return {k for k in (_key(person), *map(_key, forms), *map(_key, aliases)) if k}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _bare(text: str) -> str:
    return text.strip(":：。.,，!！?？、;；")


@dataclass
class GoldScore:
    name: str
    labels: int = 0  # the person's turns in gold, summed
    right: int = 0  # of those, turns that reach the person through one parsed speaker
    split: list[str] = field(default_factory=list)  # persons heard in several voices
    merged: list[str] = field(default_factory=list)  # parsed speakers voicing several persons
    strangers: dict[str, int] = field(default_factory=dict)  # parsed speakers who are nobody: turns
    headings_spoken: list[str] = field(default_factory=list)
    furniture_spoken: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def clean(self) -> bool:
        return not (self.error or self.split or self.merged or self.strangers or self.headings_spoken
                    or self.furniture_spoken) and self.right == self.labels

    def to_json(self) -> dict:
        return {"document": self.name, "labels": self.labels, "right": self.right,
                "share": round(self.right / self.labels, 4) if self.labels else None, "split": self.split,
                "merged": self.merged, "strangers": self.strangers, "headings_spoken": self.headings_spoken,
                "furniture_spoken": self.furniture_spoken, "clean": self.clean, **({"error": self.error} if
                                                                                   self.error else {})}


def _assign(spec: dict, order: list[str]) -> dict[str, list[str]]:
    """Parsed speakers of each gold person."""
    names = {p: _names(p, spec["label_forms"].get(p, [])) for p in spec["speakers"]}
    anonymous = [p for p, forms in spec["label_forms"].items() if not any(re.search(r"\w", f) for f in forms)]
    mine: dict[str, list[str]] = {p: [] for p in spec["speakers"]}
    unnamed = []
    for speaker in order:
        person = next((p for p, ns in names.items() if _key(speaker) in ns), None)
        if person is None:
            unnamed.append(speaker)
        else:
            mine[person].append(speaker)
    for person, speaker in zip(anonymous, unnamed, strict=False):
        mine[person].append(speaker)
    return mine


def score_script(name: str, spec: dict, script: Script) -> GoldScore:
    s = GoldScore(name, labels=sum(spec["speakers"].values()))
    turns = [t for ch in script.chapters for t in ch.turns]
    counts: dict[str, int] = {}
    for t in turns:
        if t.speaker:
            counts[t.speaker] = counts.get(t.speaker, 0) + 1
    mine = _assign(spec, list(counts))
    claimed: dict[str, str] = {}
    for person, speakers in mine.items():
        if len(speakers) > 1:
            s.split.append(f"{person}: {' / '.join(speakers)}")
        best = max(speakers, key=lambda sp: counts[sp], default=None)
        if best is None:
            continue
        if best in claimed:
            s.merged.append(f"{best}: {claimed[best]} + {person}")
            continue
        claimed[best] = person
        s.right += min(counts[best], spec["speakers"][person])
    known = {sp for speakers in mine.values() for sp in speakers}
    s.strangers = {sp: n for sp, n in counts.items() if sp not in known}
    spoken = [_squash(t.text) for t in turns]
    for heading in spec.get("headings", []):
        h = _squash(heading)
        # A short heading counts as spoken when a turn says just it, whatever mark ends either
        # ("第一幕:" said as "第一幕。").
        if len(h) >= 4 and any(h in text for text in spoken) or any(_bare(text) == _bare(h) for text in spoken):
            s.headings_spoken.append(heading)
    heard = spoken + [_squash(ch.title) for ch in script.chapters]
    s.furniture_spoken = [junk for junk in spec.get("never_spoken", []) if any(_squash(junk) in t for t in heard)]
    return s


def score_file(corpus: Path, name: str, spec: dict, known: dict[str, str] | None = None) -> GoldScore:
    """One document's score; ``known``: the speakers a voices.yaml names (as ``render`` reads with them)."""
    try:
        script = parse_file(corpus / name, known_speakers=known)
    except Exception as exc:  # a document the parser refuses counts, as all wrong
        return GoldScore(name, labels=sum(spec["speakers"].values()), error=f"{type(exc).__name__}: {exc}")
    return score_script(name, spec, script)


# The corpus cut in two by a fixed seed: rules are worked out looking only at the tuning half; the
# frozen half says whether they hold on documents they were not fitted to (BENCHMARKS.md).
SPLIT_SEED = 25


def frozen_half(names: list[str]) -> set[str]:
    import random

    names = sorted(names)
    return set(random.Random(SPLIT_SEED).sample(names, len(names) // 2))


def summary(scores: list[GoldScore]) -> dict:
    labels = sum(s.labels for s in scores)
    right = sum(s.right for s in scores)
    return {"documents": len(scores), "clean": sum(s.clean for s in scores), "labels": labels, "right": right,
            "share": round(right / labels, 4) if labels else None,
            "split": sum(len(s.split) for s in scores), "merged": sum(len(s.merged) for s in scores),
            "stranger_turns": sum(sum(s.strangers.values()) for s in scores),
            "headings_spoken": sum(len(s.headings_spoken) for s in scores),
            "furniture_spoken": sum(len(s.furniture_spoken) for s in scores),
            "with_headings_or_furniture_spoken": sum(bool(s.headings_spoken or s.furniture_spoken) for s in scores)}
