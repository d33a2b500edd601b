"""Attribution accuracy and junk on the hand-written layout corpus (tests/data/corpus), or with
--gold on a corpus of real transcripts in the gold.json format (../shared/corpus). Prints JSON.

For each fixture: how many speaker labels open a turn of the right speaker, turns nobody wrote
(a heading or junk spoken as speech), junk heard, and other problems (chapters, encoding). For a
gold corpus: each person's turns reached through one voice, people split or merged, speakers
who are nobody, headings and furniture spoken; totals for the whole corpus and for its two halves
(tuning and frozen, cut by tests/gold.py's seed).

    python bench/parse_corpus.py [--verbose]
    python bench/parse_corpus.py --gold ../shared/corpus [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from corpus import expectations, score  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--verbose", action="store_true", help="list every problem")
    ap.add_argument("--gold", type=Path, default=None, help="a folder with gold.json and its documents")
    ap.add_argument("--voices", type=Path, default=None,
                    help="read the gold corpus with the speakers this voices.yaml names, as render does")
    args = ap.parse_args()
    if args.gold:
        gold_corpus(args.gold, args.verbose, args.voices)
        return
    rows = []
    for name, spec in sorted(expectations().items()):
        try:
            s = score(name, spec)
        except Exception as exc:  # a fixture the parser refuses still counts, as all wrong
            labels = sum(1 for item in spec.get("turns", []) if not item.startswith("_ >"))
            rows.append({"fixture": name, "error": f"{type(exc).__name__}: {exc}", "labels": labels, "attributed": 0,
                         "ok": False})
            continue
        row = {"fixture": name, "labels": s.labels, "attributed": s.attributed,
               "attribution": round(s.attributed / s.labels, 4) if s.labels else None,
               "extra_turns": len(s.extra_turns), "junk_spoken": s.junk_spoken, "ok": s.ok}
        if args.verbose:
            row["problems"] = s.problems + [f"extra turn {t}" for t in s.extra_turns]
        rows.append(row)
    labels = sum(r["labels"] for r in rows)
    print(json.dumps({
        "fixtures": len(rows),
        "fixtures_ok": sum(r["ok"] for r in rows),
        "labels": labels,
        "attribution": round(sum(r["attributed"] for r in rows) / labels, 4) if labels else None,
        "extra_turns": sum(r.get("extra_turns", 0) for r in rows),
        "junk_spoken": sum(len(r.get("junk_spoken", [])) for r in rows),
        "per_fixture": rows,
    }, ensure_ascii=False, indent=1))


def gold_corpus(corpus: Path, verbose: bool, voices: Path | None = None) -> None:
    from gold import frozen_half, gold, score_file, summary

    from voicecast.planning.voices import load_voices

    known = load_voices(voices).known_speakers() if voices else None
    specs = gold(corpus)
    scores = [score_file(corpus, name, spec, known) for name, spec in sorted(specs.items())]
    frozen = frozen_half(list(specs))
    rows = [s.to_json() if verbose else {k: v for k, v in s.to_json().items() if k in ("document", "labels", "right",
                                                                                      "clean")} for s in scores]
    print(json.dumps({"corpus": str(corpus), "all": summary(scores),
                      "tuning_half": summary([s for s in scores if s.name not in frozen]),
                      "frozen_half": summary([s for s in scores if s.name in frozen]),
                      "per_document": rows}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
