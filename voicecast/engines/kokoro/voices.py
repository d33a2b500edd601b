"""The voices Kokoro-82M v1.0 offers, known without loading the model (to check voices.yaml)."""

from __future__ import annotations

# The 54 voice packs of Kokoro-82M v1.0. Prefix: language (a=US English, b=UK English, z=Mandarin,
# j=Japanese, e=Spanish, f=French, h=Hindi, i=Italian, p=Portuguese) and f/m for female/male.
KOKORO_VOICES = (
    "af_alloy af_aoede af_bella af_heart af_jessica af_kore af_nicole af_nova af_river af_sarah af_sky "
    "am_adam am_echo am_eric am_fenrir am_liam am_michael am_onyx am_puck am_santa "
    "bf_alice bf_emma bf_isabella bf_lily bm_daniel bm_fable bm_george bm_lewis "
    "ef_dora em_alex em_santa ff_siwis hf_alpha hf_beta hm_omega hm_psi if_sara im_nicola "
    "jf_alpha jf_gongitsune jf_nezumi jf_tebukuro jm_kumo pf_dora pm_alex pm_santa "
    "zf_xiaobei zf_xiaoni zf_xiaoxiao zf_xiaoyi zm_yunjian zm_yunxi zm_yunxia zm_yunyang"
).split()

KOKORO_LANG_PREFIX = {"a": "en-us", "b": "en-gb", "z": "zh", "j": "ja", "e": "es", "f": "fr", "h": "hi", "i": "it", "p": "pt-br"}

def kokoro_voice_lang(voice: str) -> str:
    """``"zh"`` for zf_/zm_ voices, ``"en"`` for a/b voices, else the pack's language code."""
    code = KOKORO_LANG_PREFIX.get(voice[:1], "")
    return "zh" if code == "zh" else ("en" if code.startswith("en") else code)
