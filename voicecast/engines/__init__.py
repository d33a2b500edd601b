"""Speech engines behind one small interface (:mod:`voicecast.engines.base`)."""

from .base import (
           Engine,
           Speech,
           SynthesisOptions,
           VoiceInfo,
           Word,
           create_engine,
           engine_names,
           get_engine_class,
           register,
)

__all__ = ["Engine", "Speech", "SynthesisOptions", "VoiceInfo", "Word", "create_engine", "engine_names",
           "get_engine_class", "register"]
