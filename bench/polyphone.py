"""Polyphone accuracy on the CPP benchmark (dev split in ../shared/data/cpp-dev): each sentence
marks one polyphonic character; score the reading of that character. Compares voicecast's front
end with plain pypinyin (whole sentence, and per jieba word as misaki does) in the same run, and
times the front end. Prints JSON.

    python bench/polyphone.py [--data ../shared/data/cpp-dev] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = "\u2581"


def load(data: Path, limit: int | None):
    sents = (data / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (data / "dev.lb").read_text(encoding="utf-8").splitlines()
    items = []
    for sent, label in zip(sents, labels, strict=True):
        pos = sent.index(MARK)
        clean = sent.replace(MARK, "")
        # The labels spell ü as CEDICT does (nu:3); voicecast and pypinyin write v (nv3): same reading.
        items.append((clean, pos, label.strip().replace("u:", "v")))
    return items[:limit] if limit else items


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data" / "cpp-dev")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    items = load(args.data, args.limit)

    import jieba
    from pypinyin import Style, lazy_pinyin

    from voicecast.pinyin import readings

    def plain(text):
        return lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: list(s))

    def per_word(text):
        out = []
        for w in jieba.lcut(text):
            out += plain(w)
        return out

    def ours(text):
        return [r.pinyin or r.char for r in readings(text)]

    results = {}
    for name, fn in (("pypinyin", plain), ("pypinyin_jieba", per_word), ("voicecast", ours)):
        fn(items[0][0])  # warm up (dictionaries, model)
        correct = 0
        t0 = time.perf_counter()
        for text, pos, gold in items:
            got = fn(text)
            if len(got) == len(text) and got[pos] == gold:
                correct += 1
        dt = time.perf_counter() - t0
        results[name] = {"accuracy": round(correct / len(items), 4), "seconds": round(dt, 2),
                         "ms_per_sentence": round(1000 * dt / len(items), 3)}
    print(json.dumps({"bench": "polyphone", "split": "CPP dev", "sentences": len(items), **results,
                      "goal_accuracy": 0.97,
                      "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"}))


if __name__ == "__main__":
    main()
