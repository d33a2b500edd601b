"""Does the float32 graph (the one the GPU runs, built from the int8 weights) say the same words as
the int8 graph? Both run here on the CPU, on the intelligibility benchmark's 20 Mandarin and 10
English sentences; Whisper base transcribes both, and each sentence's log-mel distance between the
two graphs is measured beside the distance to another voice of the same gender. Prints JSON.

    pip install -e ".[bench]"
    python bench/float_graph.py [--zh-voice zf_xiaoxiao] [--en-voice af_heart] [--show]
"""

from __future__ import annotations

import argparse
import json
import platform
import time

import numpy as np
from intelligibility import EN, ZH, score_set, synthesize

from voicecast.engines.kokoro import float_graph as kokoro_float
from voicecast.engines.kokoro import model as assets
from voicecast.engines.kokoro.engine import KokoroEngine, KokoroOptions
from voicecast.engines.kokoro.graph import cpu_session
from voicecast.settings import current
from voicecast.synthesis.asr import whisper_dir

OTHER_VOICE = {"zf_xiaoxiao": "zf_xiaoyi", "zm_yunxi": "zm_yunjian", "af_heart": "af_bella", "am_michael": "am_adam"}


class _OnGraph(KokoroEngine):
    """The Kokoro engine with its model runs on one given onnxruntime session (one graph)."""

    def __init__(self, session):
        super().__init__()
        self.session = session

    def _model(self):
        return self.session


def _sessions():
    source = assets.ModelStore.from_settings(current()).ensure_model()
    return {"int8": cpu_session(source), "fp32": cpu_session(kokoro_float.build(source))}


def _distances(engines, sentences, voice, options) -> dict:
    same, other = [], []
    for text in sentences:
        a = synthesize(engines["int8"], text, voice, options)
        same.append(kokoro_float.log_mel_distance(a, synthesize(engines["fp32"], text, voice, options)))
        other.append(kokoro_float.log_mel_distance(a, synthesize(engines["int8"], text, OTHER_VOICE[voice], options)))
    return {"float_vs_int8_mean": round(float(np.mean(same)), 3), "float_vs_int8_max": round(float(np.max(same)), 3),
            "other_voice_vs_int8_mean": round(float(np.mean(other)), 3),
            "other_voice_vs_int8_min": round(float(np.min(other)), 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--zh-voice", default="zf_xiaoxiao", choices=[v for v in OTHER_VOICE if v.startswith("z")])
    ap.add_argument("--en-voice", default="af_heart", choices=[v for v in OTHER_VOICE if v.startswith("a")])
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    from faster_whisper import WhisperModel

    model = WhisperModel(str(whisper_dir(current().models_dir)), device="cpu", compute_type="int8", cpu_threads=2)
    engines = {name: _OnGraph(session) for name, session in _sessions().items()}
    options = KokoroOptions()
    t0 = time.perf_counter()
    out: dict = {"bench": "float_graph", "machine": platform.machine(), "asr": "whisper-base (faster-whisper, int8)"}
    for name, engine in engines.items():
        zh = score_set(model, engine, ZH, "zh", args.zh_voice, options)
        en = score_set(model, engine, EN, "en", args.en_voice, options)
        out[name] = {"zh_cer": zh["rate"], "zh_mer": zh["mixed_rate"], "en_wer": en["rate"]}
        if args.show:
            out[name]["rows"] = zh["rows"] + en["rows"]
    out["log_mel"] = {"zh": _distances(engines, ZH, args.zh_voice, options),
                      "en": _distances(engines, EN, args.en_voice, options)}
    out["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
