"""Score a parse of one fixture in tests/data/corpus against what a careful editor reads in it
(expected.yaml). Shared by tests/parsing/test_corpus.py and bench/parse_corpus.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from voicecast.parsing import parse_file

CORPUS = Path(__file__).parent / "data" / "corpus"


def expectations() -> dict[str, dict]:
    return yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Score:
    name: str
    labels: int = 0  # expected turns that open with a speaker's label
    attributed: int = 0  # of those, found opening a turn of the right speaker
    turns_expected: int = 0
    turns_right: int = 0  # expected turns (narration too) found with the right speaker, in order
    extra_turns: list[str] = field(default_factory=list)  # parsed turns no expected turn opens
    problems: list[str] = field(default_factory=list)
    junk_spoken: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.extra_turns and not self.junk_spoken \
            and self.turns_right == self.turns_expected


def score(name: str, spec: dict) -> Score:
    s = Score(name)
    script = parse_file(CORPUS / name, known_speakers=spec.get("known"))
    parsed = [(t.speaker or "_", _squash(t.text)) for ch in script.chapters for t in ch.turns]
    wanted = [tuple(part.strip() for part in item.split(" > ", 1)) for item in spec.get("turns", [])]
    s.turns_expected = len(wanted)
    s.labels = sum(1 for speaker, _ in wanted if speaker != "_")
    j = 0
    for speaker, opening in wanted:
        k = next((i for i in range(j, len(parsed)) if parsed[i][1].startswith(opening)), None)
        if k is None:
            s.problems.append(f"no turn opens with {opening!r} (expected {speaker})")
            continue
        s.extra_turns += [f"{sp}: {tx[:30]}" for sp, tx in parsed[j:k]]
        if parsed[k][0] == speaker:
            s.turns_right += 1
            s.attributed += speaker != "_"
        else:
            s.problems.append(f"{opening!r} is spoken by {parsed[k][0]}, not {speaker}")
        j = k + 1
    s.extra_turns += [f"{sp}: {tx[:30]}" for sp, tx in parsed[j:]]
    spoken = "\n".join(tx for _, tx in parsed)
    s.junk_spoken = [junk for junk in spec.get("never_spoken", []) if junk in spoken]
    s.problems += [f"{text!r} is not spoken" for text in spec.get("spoken", []) if text not in spoken]
    if "chapters" in spec and [ch.title for ch in script.chapters] != spec["chapters"]:
        s.problems.append(f"chapters {[ch.title for ch in script.chapters]} != {spec['chapters']}")
    if "encoding" in spec and script.meta.get("encoding", "").replace("_", "-") != spec["encoding"]:
        s.problems.append(f"read as {script.meta.get('encoding')}, not {spec['encoding']}")
    return s
