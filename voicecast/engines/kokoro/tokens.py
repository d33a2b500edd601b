"""What the Kokoro model reads: phonemes as its token ids, one run's inputs (tokens, the voice's
style for that many tokens, speed), and phoneme strings cut to the model's context."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

MAX_TOKENS = 510  # the model's context, without the two pad tokens


@lru_cache(maxsize=1)
def vocab() -> dict[str, int]:
    data = json.loads(resources.files("voicecast.data").joinpath("kokoro_vocab.json").read_text(encoding="utf-8"))
    return data["vocab"]


def to_tokens(phonemes: str) -> list[int]:
    """The model's token ids for the phonemes it knows (others are left out)."""
    table = vocab()
    return [table[p] for p in phonemes if p in table]


def model_feeds(tokens: list[int], style_pack: np.ndarray, speed: float = 1.0) -> dict[str, np.ndarray]:
    """One model run's inputs: the tokens between two pads, the voice's style for that many tokens,
    the speed."""
    style = style_pack[min(len(tokens), len(style_pack)) - 1]
    return {"tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
            "style": np.asarray(style, dtype=np.float32).reshape(1, -1),
            "speed": np.array([speed], dtype=np.float32)}


def split_phonemes(phonemes: str, limit: int = MAX_TOKENS) -> list[str]:
    """Break a phoneme string longer than the model's limit at punctuation, else at a space."""
    out = []
    rest = phonemes.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind(ch) for ch in ".!?;:")
        if cut < limit // 3:
            cut = max(window.rfind(","), window.rfind("—"))
        if cut < limit // 3:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit - 1
        out.append(rest[: cut + 1].strip())
        rest = rest[cut + 1 :].strip()
    if rest:
        out.append(rest)
    return out
