"""Polyphone accuracy on the CPP benchmark (dev split in ../shared/data/cpp-dev): each sentence
marks one polyphonic character; score the reading of that character. Compares voicecast's front
end with plain pypinyin (whole sentence, and per jieba word as misaki does) in the same run, and
times the front end. Prints JSON.

With ``--cv``, each of the front end's rules (voicecast.pronounce.pinyin.RULES) is measured on the two halves
of the split (even and odd lines, so both hold every character): its gain on each half, and the
cross-validated accuracy of choosing rules on one half (those that gain there) and scoring the
other. A rule that gains on one half and loses on the other fits its half, not the language.

With ``--frozen``, the honest protocol (issue 26): the split is cut in two by the word the marked
character stands in (jieba's word around it, hashed with seed 26), so no word is in both halves:
a table or rule fitted to the words of the tuning half cannot pass on the frozen half by seeing
them again (even and odd lines share the words a character-sorted file repeats). Each layer is
scored on both halves: g2pM with the dictionary for what it does not know, each rule added alone,
all rules, and all but each one. Tune on the tuning half only; keep a layer only where it pays on
the frozen half.

    python bench/polyphone.py [--data ../shared/data/cpp-dev] [--limit N] [--cv] [--frozen]
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
        # The labels spell ü as CEDICT does (nu:3) and the erhua suffix as r5; voicecast and pypinyin
        # write v (nv3) and er5: the same readings.
        label = label.strip().replace("u:", "v")
        items.append((clean, pos, "er5" if label == "r5" else label))
    return items[:limit] if limit else items


def cross_validate(items) -> dict:
    """Per rule: correct answers gained on each half (all rules against all but that one), and
    the accuracy on each half of the rules chosen on the other."""
    import copy

    from voicecast.pronounce.pinyin import RULES, apply_rules, model_readings

    names = tuple(RULES)
    configs = {"all": names, "none": (), **{f"-{n}": tuple(r for r in names if r != n) for n in names}}
    # The model's readings of each sentence, once: every rule set starts from a copy of them.
    halves = {h: [(text, pos, gold, *model_readings(text)) for text, pos, gold in part]
              for h, part in (("a", items[0::2]), ("b", items[1::2]))}

    def hits(half: str, rules: tuple[str, ...]) -> int:
        count = 0
        for text, pos, gold, base, tokens in halves[half]:
            out = copy.copy(base)
            apply_rules(text, tokens, out, rules)
            count += out[pos] == gold
        return count

    correct = {h: {name: hits(h, rules) for name, rules in configs.items()} for h in halves}
    gain = {n: {h: correct[h]["all"] - correct[h][f"-{n}"] for h in halves} for n in names}

    def chosen_on(half: str) -> tuple[str, ...]:
        return tuple(n for n in names if gain[n][half] > 0)

    def accuracy(half: str, rules: tuple[str, ...]) -> float:
        return round(hits(half, rules) / len(halves[half]), 4)

    crossed = {"a": accuracy("a", chosen_on("b")), "b": accuracy("b", chosen_on("a"))}
    return {"bench": "polyphone-cv", "split": "CPP dev, even / odd lines", "sentences": len(items),
            "accuracy": {h: {c: round(correct[h][c] / len(halves[h]), 4) for c in ("all", "none")} for h in halves},
            "gain": gain, "fits_one_half": [n for n in names if min(gain[n].values()) < 0 < max(gain[n].values())],
            "chosen_on": {h: chosen_on(h) for h in halves}, "cross_validated": crossed,
            "cross_validated_mean": round(sum(crossed.values()) / 2, 4)}


SEED = 26


def frozen_split(items) -> tuple[list, list]:
    """(tuning half, frozen half), cut by the word around the marked character; each item gains
    that word at its end."""
    import hashlib

    import jieba

    halves: tuple[list, list] = ([], [])
    for text, pos, gold in items:
        at, word = 0, text[pos]
        for token in jieba.lcut(text):
            if at <= pos < at + len(token):
                word = token
                break
            at += len(token)
        digest = hashlib.sha256(f"{SEED}:{word}".encode()).digest()
        halves[digest[0] & 1].append((text, pos, gold, word))
    return halves


def ablation(items) -> dict:
    import copy

    from voicecast.pronounce.pinyin import RULES, apply_rules, model_readings

    names = tuple(RULES)
    configs = {"g2pM + dictionary (no rules)": (), **{f"+ {n} alone": (n,) for n in names}, "all rules": names,
               **{f"all but {n}": tuple(r for r in names if r != n) for n in names}}
    out: dict = {"bench": "polyphone-frozen", "split": f"CPP dev by the word around the character, seed {SEED}",
                 "halves": {}}
    for half, part in zip(("tuning", "frozen"), frozen_split(items), strict=True):
        ready = [(text, pos, gold, *model_readings(text)) for text, pos, gold, _ in part]
        scores = {}
        for name, rules in configs.items():
            right = 0
            for text, pos, gold, base, tokens in ready:
                got = copy.copy(base)
                apply_rules(text, tokens, got, rules)
                right += got[pos] == gold
            scores[name] = {"right": right, "accuracy": round(right / len(ready), 4)}
        out["halves"][half] = {"sentences": len(ready), "words": len({t[3] for t in part}), "scores": scores}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data" / "cpp-dev")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--cv", action="store_true", help="each rule on the two halves, and the cross-validated accuracy")
    ap.add_argument("--frozen", action="store_true", help="each layer on a tuning and a frozen half split by word")
    args = ap.parse_args()
    items = load(args.data, args.limit)
    if args.cv:
        print(json.dumps(cross_validate(items), ensure_ascii=False))
        return
    if args.frozen:
        print(json.dumps(ablation(items), ensure_ascii=False, indent=1))
        return

    import jieba
    from pypinyin import Style, lazy_pinyin

    from voicecast.pronounce.pinyin import readings

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
