"""How a term is heard: synthesize Mandarin carrier sentences that hold an English term, once per
candidate reading (a lexicon entry, or "-" for what voicecast does on its own), with two voices,
transcribe each with Whisper base and count how often the term comes back in Latin letters.
Prints JSON. The trials of issue 17 (bench/data/issue17_terms.json) are the default; pass a JSON
file of the same shape for others.

    python bench/terms.py [TRIALS.json] [--voices zf_xiaoxiao,zm_yunxi]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from pathlib import Path

import numpy as np

from voicecast.settings import current
from voicecast.synthesis.asr import resample_16k, whisper_dir

# term → carriers and candidate readings ("-": what voicecast does on its own): the trials of issue
# 17. Carriers of AGI, GPT, Sora, Grok and Ilya are sentences of sample 002, where the episode
# benchmark heard those terms wrong.
TRIALS = Path(__file__).with_name("data") / "issue17_terms.json"


def trial(model, engine, term: str, spec: dict, voices: list[str]) -> list[dict]:
    from voicecast.engines.kokoro.engine import KokoroOptions
    from voicecast.text.splitter import split_text

    want = re.sub(r"[^a-z0-9]", "", spec.get("want", term).lower())
    out = []
    for variant in spec["variants"]:
        heard, hits = [], 0
        options = KokoroOptions(lexicon=() if variant == "-" else ((term, variant),))
        for carrier, voice in itertools.product(spec["carriers"], voices):
            parts = [engine.synthesize(s, voice, options) for s in split_text(carrier, None, engine.max_chars)
                     if hasattr(s, "text")]
            segments, _ = model.transcribe(resample_16k(np.concatenate(parts), engine.sample_rate), language="zh",
                                           beam_size=5, vad_filter=False, initial_prompt="以下是普通话的句子。")
            hyp = "".join(s.text for s in segments).strip()
            ok = want in re.sub(r"[^a-z0-9]", "", hyp.lower())
            hits += ok
            if not ok:
                heard.append(hyp)
        out.append({"term": term, "reading": variant, "heard_right": hits,
                    "trials": len(spec["carriers"]) * len(voices), "misheard_as": heard[:3]})
        print(json.dumps(out[-1], ensure_ascii=False), file=sys.stderr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("trials", nargs="?", type=Path, default=None)
    ap.add_argument("--voices", default="zf_xiaoxiao,zm_yunxi")
    args = ap.parse_args()
    trials = json.loads((args.trials or TRIALS).read_text(encoding="utf-8"))["terms"]
    from faster_whisper import WhisperModel

    from voicecast.engines.kokoro.engine import KokoroEngine

    model = WhisperModel(str(whisper_dir(current().models_dir)), device="cpu", compute_type="int8", cpu_threads=2)
    engine = KokoroEngine()
    rows = [r for term, spec in trials.items() for r in trial(model, engine, term, spec, args.voices.split(","))]
    print(json.dumps({"bench": "terms", "asr": "whisper-base (faster-whisper, int8)", "voices": args.voices,
                      "rows": rows}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
