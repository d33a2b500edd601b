"""The faster Kokoro graph: ConvInteger rewritten as im2col + MatMulInteger, same output to the bit."""

from __future__ import annotations

import json
import logging

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from conftest import installed_models
from onnx import TensorProto, helper, numpy_helper

from voicecast.engines.kokoro import graph as kokoro_graph
from voicecast.engines.kokoro import model as assets
from voicecast.engines.kokoro.engine import KokoroEngine
from voicecast.settings import current
from voicecast.text.splitter import split_text


def _conv_model(c_in, c_out, taps, dilation, stride, pads, weight_max=127, weight_zero=64):
    """float x -> DynamicQuantizeLinear -> ConvInteger (uint8 weights) -> int32, as the published
    int8 model has it: its weights are 7-bit (0-127), zero points 0-88."""
    rng = np.random.default_rng(c_in * 100 + taps)
    weights = rng.integers(0, weight_max + 1, (c_out, c_in, taps), dtype=np.uint8)
    nodes = [
        helper.make_node("DynamicQuantizeLinear", ["x"], ["xq", "xs", "xz"]),
        helper.make_node("ConvInteger", ["xq", "w", "xz", "wz"], ["y"], name="conv", dilations=[dilation],
                         strides=[stride], pads=list(pads), kernel_shape=[taps], group=1),
    ]
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, c_in, None])],
        [helper.make_tensor_value_info("y", TensorProto.INT32, [1, c_out, None])],
        [numpy_helper.from_array(weights, "w"), numpy_helper.from_array(np.array(weight_zero, np.uint8), "wz")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


def _run(model, x):
    return ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]


@pytest.mark.parametrize(
    ("c_in", "c_out", "taps", "dilation", "stride", "pads"),
    [
        (16, 8, 3, 1, 1, (1, 1)),
        (8, 16, 7, 3, 1, (9, 9)),
        (12, 12, 11, 5, 1, (25, 25)),
        (10, 6, 1, 1, 1, (0, 0)),
        (22, 9, 12, 1, 6, (3, 3)),  # the harmonic source's strided convolution
        (5, 4, 3, 1, 2, (1, 1)),
        (6, 3, 4, 2, 1, (0, 2)),  # uneven padding
    ],
)
def test_rewrite_matches_conv_integer(c_in, c_out, taps, dilation, stride, pads):
    model = _conv_model(c_in, c_out, taps, dilation, stride, pads)
    x = np.random.default_rng(7).standard_normal((1, c_in, 97)).astype(np.float32) * 3
    expected = _run(model, x)
    rewritten = _conv_model(c_in, c_out, taps, dilation, stride, pads)
    assert kokoro_graph.rewrite_conv_integer(rewritten) == 1
    onnx.checker.check_model(rewritten)
    assert [n.op_type for n in rewritten.graph.node].count("ConvInteger") == 0
    got = _run(rewritten, x)
    assert got.dtype == np.int32
    assert got.shape == expected.shape
    assert np.array_equal(got, expected)


def _unread_outputs(model) -> set[str]:
    """Node outputs that no node reads and that are not graph outputs. onnxruntime keeps such a
    tensor until the run ends: the first rewrite left every quantizer's uint8 output unread, about
    400 MB at the model's longest input."""
    read = {i for n in model.graph.node for i in n.input} | {o.name for o in model.graph.output}
    return {o for n in model.graph.node for o in n.output if o and o not in read}


def test_full_8_bit_weights_keep_their_conv_integer():
    # On a CPU without VNNI (this project's machine in session 17: AVX2 only), onnxruntime's uint8 x
    # int8 product saturates 16-bit pair sums that 8-bit weights can reach: 16 of 776 outputs came out
    # different. Such a convolution is left as it is; the published model's 7-bit ones are rewritten.
    model = _conv_model(16, 8, 3, 1, 1, (1, 1), weight_max=255, weight_zero=131)
    assert kokoro_graph.rewrite_conv_integer(model) == 0
    assert [n.op_type for n in model.graph.node].count("ConvInteger") == 1


def test_rewrite_leaves_no_output_unread():
    model = _conv_model(8, 8, 3, 1, 1, (1, 1))
    before = _unread_outputs(model)  # the fixture's unused scale
    kokoro_graph.rewrite_conv_integer(model)
    assert _unread_outputs(model) <= before


def test_rewrite_leaves_grouped_convolutions():
    model = _conv_model(4, 4, 3, 1, 1, (1, 1))
    conv = model.graph.node[1]
    for attr in conv.attribute:
        if attr.name == "group":
            attr.i = 2
    model.graph.initializer[0].CopyFrom(numpy_helper.from_array(np.zeros((4, 2, 3), np.uint8), "w"))
    assert kokoro_graph.rewrite_conv_integer(model) == 0
    assert [n.op_type for n in model.graph.node] == ["DynamicQuantizeLinear", "ConvInteger"]


@pytest.mark.slow
def test_real_model_rewritten_once_and_speaks_identically(caplog):
    source = installed_models().ensure_model()
    path = kokoro_graph.model_for_session(source)
    assert path == kokoro_graph.rewritten_path(source) and path.is_file()
    record = json.loads(path.with_name(path.name + ".json").read_text())
    assert record["source_sha256"] == assets.MODEL_SHA256 and record["bytes"] == path.stat().st_size
    assert kokoro_graph.ready(source)
    mtime = path.stat().st_mtime_ns
    assert kokoro_graph.model_for_session(source) == path and path.stat().st_mtime_ns == mtime  # reused
    published_unread = _unread_outputs(onnx.load(str(source)))
    assert _unread_outputs(onnx.load(str(path))) <= published_unread  # the rewrite adds none

    # A real sentence through both graphs: the same samples.
    engine = KokoroEngine(threads=1)
    sentence = next(s for s in split_text("我觉得GPT-4.5比GPT-4强很多。", None, 120) if hasattr(s, "text"))
    tokens = engine.phonemes(sentence, voice="zm_yunxi")
    from voicecast.engines.kokoro.tokens import vocab

    table = vocab()
    style = installed_models().load_voice("zm_yunxi")[len(tokens) - 1]
    feeds = {"tokens": np.array([[0, *[table[p] for p in tokens if p in table], 0]], dtype=np.int64),
             "style": style.reshape(1, -1).astype(np.float32), "speed": np.ones(1, dtype=np.float32)}
    outs = [ort.InferenceSession(str(p), providers=["CPUExecutionProvider"]).run(None, feeds)[0]
            for p in (source, path)]
    assert outs[0].size > 24000
    assert np.array_equal(outs[0], outs[1])


@pytest.mark.slow
def test_stale_or_broken_rewrite(monkeypatch, caplog):
    source = installed_models().ensure_model()
    path = kokoro_graph.model_for_session(source)
    record = path.with_name(path.name + ".json")
    saved = record.read_text()
    try:
        # A record from another rewrite version is not trusted.
        version = kokoro_graph.REWRITE_VERSION
        assert f'"rewrite_version": {version}' in saved
        record.write_text(saved.replace(f'"rewrite_version": {version}', f'"rewrite_version": {version - 1}'))
        assert not kokoro_graph.ready(source)
        # Turned off (VOICECAST_KOKORO_REWRITE=0, which the settings read): the published graph.
        assert current({"VOICECAST_KOKORO_REWRITE": "0"}).kokoro_rewrite is False
        assert kokoro_graph.model_for_session(source, rewrite=False) == source

        # A rewrite that cannot be built costs only speed: the published graph, with a warning.
        def broken(model):
            raise RuntimeError("boom")

        monkeypatch.setattr(kokoro_graph, "rewrite_conv_integer", broken)
        with caplog.at_level(logging.WARNING):
            assert kokoro_graph.model_for_session(source) == source
        assert "boom" in caplog.text
    finally:
        record.write_text(saved)
    assert kokoro_graph.ready(source)
