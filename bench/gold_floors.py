"""Write tests/data/gold_floors.json from the parse of ../shared/corpus today, never lowering a
floor that is already there unless --lower is given (and the commit says why).

    python bench/gold_floors.py [--lower]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from gold import SHARED_CORPUS, gold, score_file  # noqa: E402

FLOORS = Path(__file__).resolve().parents[1] / "tests" / "data" / "gold_floors.json"
CEILINGS = ("split", "merged", "stranger_turns", "headings_spoken", "furniture_spoken")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lower", action="store_true", help="let a floor go down (say why in the commit)")
    args = ap.parse_args()
    old = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.is_file() else {}
    new = {}
    for name, spec in sorted(gold().items()):
        s = score_file(SHARED_CORPUS, name, spec)
        now = {"right": s.right, "split": len(s.split), "merged": len(s.merged),
               "stranger_turns": sum(s.strangers.values()), "headings_spoken": len(s.headings_spoken),
               "furniture_spoken": len(s.furniture_spoken)}
        was = old.get(name)
        if was and not args.lower:
            now["right"] = max(now["right"], was["right"])
            now.update({k: min(now[k], was[k]) for k in CEILINGS})
        new[name] = now
    FLOORS.write_text(json.dumps(new, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"documents": len(new), "right": sum(v["right"] for v in new.values())}))


if __name__ == "__main__":
    main()
