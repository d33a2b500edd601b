"""The GPU path without a GPU: the float graph built from the int8 weights is checked on the CPU
(it must speak like the int8 model), and asking for CUDA where there is none is one clear line."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import REPO, installed_models

from voicecast.cli.main import cli
from voicecast.engines.edge.engine import EdgeEngine
from voicecast.engines.kokoro.engine import KokoroEngine, cuda_provider, resolve_device
from voicecast.errors import EngineError, VoiceConfigError
from voicecast.planning.voices import parse_voices

QUANTIZED = {"ConvInteger", "MatMulInteger", "DynamicQuantizeLinear", "DynamicQuantizeLSTM"}


def _speak(session, text: str, voice: str) -> np.ndarray:
    from voicecast.engines.kokoro.tokens import model_feeds, to_tokens
    from voicecast.pronounce.g2p import sentence_phonemes
    from voicecast.text.splitter import Sentence, split_text

    sentence = next(p for p in split_text(text, None, 120) if isinstance(p, Sentence))
    return session.run(None, model_feeds(to_tokens(sentence_phonemes(sentence, {}, "us")),
                                         installed_models().load_voice(voice)))[0].ravel()


@pytest.mark.slow
def test_the_float_graph_has_no_quantized_operator_and_speaks_like_the_int8_model():
    import onnx

    from voicecast.engines.kokoro import float_graph as kokoro_float
    from voicecast.engines.kokoro.graph import cpu_session

    source = installed_models().ensure_model()
    path = kokoro_float.build(source)
    assert kokoro_float.ready(source) and kokoro_float.build(source) == path  # built once, then reused
    graph = onnx.load(str(path), load_external_data=False).graph
    assert not {n.op_type for n in graph.node} & QUANTIZED
    assert sum(n.op_type == "LSTM" for n in graph.node) == 6
    int8, fp32 = cpu_session(source), cpu_session(path)
    for text, voice, other in (("他认为计算能力将成为未来的货币，我们应该大举投资。", "zm_yunxi", "zm_yunjian"),
                               ("Welcome back to the show; today we talk about chips.", "af_heart", "af_bella")):
        a, b, c = _speak(int8, text, voice), _speak(fp32, text, voice), _speak(int8, text, other)
        assert abs(len(a) - len(b)) <= 0.03 * len(a)  # the durations agree to a few frames
        same_voice = kokoro_float.log_mel_distance(a, b)
        other_voice = kokoro_float.log_mel_distance(a, c)
        # The float graph is far closer to the int8 model than another voice of the same gender
        # saying the same words (measured: 0.08-0.47 against 0.84-1.25).
        assert same_voice < kokoro_float.MAX_DISTANCE and same_voice < 0.5 * other_voice, (text, same_voice,
                                                                                             other_voice)


def test_log_mel_distance_ignores_a_moved_frame_and_sees_a_different_sound():
    from voicecast.engines.kokoro.float_graph import log_mel_distance

    rate = 24000
    t = np.arange(rate) / rate
    tone = (0.3 * np.sin(2 * np.pi * 220 * t) * np.minimum(1, t * 10)).astype(np.float32)
    assert log_mel_distance(tone, np.concatenate([tone, np.zeros(300, np.float32)])) < 0.05
    assert log_mel_distance(tone, (0.3 * np.sin(2 * np.pi * 1800 * t)).astype(np.float32)) > 0.5


@pytest.mark.skipif(cuda_provider(), reason="onnxruntime-gpu is installed here")
def test_cuda_without_onnxruntime_gpu_is_one_clear_line_and_auto_is_the_cpu(tmp_path):
    with pytest.raises(EngineError, match=r"--device cuda: the installed onnxruntime has no CUDA support"):
        resolve_device("cuda")
    engine = KokoroEngine()
    engine.use_device("auto")
    assert engine.device == "cpu" and engine.identity().startswith("kokoro-v1.0-int8:")
    script = tmp_path / "s.md"
    script.write_text("主持人: 你好。\n\n嘉宾: 你好。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(script), "--device", "cuda", "--voices", str(REPO / "voices.yaml"),
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "--device cuda" in result.output and "voicecast[gpu]" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


def test_devices_in_voices_yaml_and_engines_without_a_gpu():
    assert parse_voices("device: cpu\n").device == "cpu"
    assert parse_voices("").device == "auto"
    with pytest.raises(VoiceConfigError, match="unknown device 'gpu'"):
        parse_voices("device: gpu\n")
    with pytest.raises(EngineError, match="does not run on a GPU"):
        EdgeEngine().use_device("cuda")
    # A driver planning for GPU actors on a Ray cluster: the identity (and so the cache keys) of
    # the float graph, without a GPU here.
    engine = KokoroEngine()
    engine.use_device("cuda", here=False)
    assert engine.identity().startswith("kokoro-v1.0-fp32.")
