"""A float32 Kokoro graph for the GPU, built from the published int8 model's own weights.

The int8 graph is a CPU format: its ``ConvInteger``, ``DynamicQuantizeLinear`` and
``DynamicQuantizeLSTM`` nodes have no CUDA kernels in onnxruntime, so a CUDA session would run them
on the CPU and copy every activation across. This module dequantizes the graph instead:

- ``DynamicQuantizeLinear → MatMulInteger → Cast → Mul(x_scale·w_scale)`` becomes ``MatMul(x, W)``
  with ``W = (W_q − w_zero)·w_scale``;
- ``DynamicQuantizeLinear → ConvInteger [→ Add(quantized bias)] → Cast → Mul`` becomes
  ``Conv(x, W[, bias])`` with the float bias the quantized one was computed from;
- ``DynamicQuantizeLSTM`` becomes ``LSTM`` with its weights dequantized and transposed to the
  ``[directions, 4·hidden, input]`` layout of the standard operator.

The activations are no longer rounded to 8 bits, so the audio is close to the int8 model's but not
equal (durations may move by a frame). :func:`build` checks the result on a real run before it
keeps it; the tests and ``bench/gpu.py`` compare spectra and what Whisper hears. The file is
written once into the models dir, beside the int8 model, with a record of what it was built from.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

from ...atomic import write_atomic
from . import model as assets

log = logging.getLogger(__name__)

FLOAT_VERSION = 1  # bump when the conversion changes, so older float files are rebuilt


class _Graph:
    """Producer and consumer maps of an ONNX graph, and its constant tensors as arrays."""

    def __init__(self, model):
        from onnx import numpy_helper

        self.graph = model.graph
        self.inits = {i.name: i for i in self.graph.initializer}
        self.producer = {out: node for node in self.graph.node for out in node.output}
        self.consumers: dict[str, list] = {}
        for node in self.graph.node:
            for name in node.input:
                self.consumers.setdefault(name, []).append(node)
        self._array = numpy_helper.to_array

    def const(self, name: str) -> np.ndarray:
        if name not in self.inits:
            raise ValueError(f"{name} is not a constant of the graph")
        return self._array(self.inits[name])

    def only_consumer(self, name: str, op: str):
        users = self.consumers.get(name, [])
        if len(users) != 1 or users[0].op_type != op:
            raise ValueError(f"unexpected graph around {name}: {[u.op_type for u in users]}")
        return users[0]

    def weight_scale(self, scales_mul) -> np.ndarray:
        """``w_scale`` from the ``Mul(x_scale, w_scale)`` the quantizer made: its constant input."""
        found = [self.const(name) for name in scales_mul.input if name in self.inits]
        if scales_mul.op_type != "Mul" or len(found) != 1:
            raise ValueError(f"no weight scale at {scales_mul.name}")
        return np.asarray(found[0], np.float32)

    def float_source(self, name: str, depth: int = 8) -> str | None:
        """The float constant a quantized tensor was computed from (its bias), found upstream."""
        if name in self.inits:
            return name if self.inits[name].data_type == 1 and len(self.inits[name].dims) == 1 else None
        node = self.producer.get(name)
        if node is None or depth == 0:
            return None
        for inp in node.input:
            found = self.float_source(inp, depth - 1)
            if found is not None:
                return found
        return None


def _dequantized(q: np.ndarray, zero: np.ndarray, scale: np.ndarray, axis_shape: tuple[int, ...]) -> np.ndarray:
    """``(q - zero) * scale`` in float32, a per-channel zero point and scale laid along ``axis_shape``."""
    shape = axis_shape if np.size(scale) > 1 else ()
    z = np.asarray(zero, np.float32).reshape(axis_shape if np.size(zero) > 1 else ())
    return ((q.astype(np.float32) - z) * np.asarray(scale, np.float32).reshape(shape)).astype(np.float32)


def _matmul(g: _Graph, node, out_nodes: list, out_inits: list, dropped: set) -> None:
    from onnx import helper, numpy_helper

    x = g.producer[node.input[0]].input[0]  # DynamicQuantizeLinear's float input
    cast = g.only_consumer(node.output[0], "Cast")
    mul = g.only_consumer(cast.output[0], "Mul")
    scale = g.weight_scale(g.producer[mul.input[1]])
    weights = _dequantized(g.const(node.input[1]), g.const(node.input[3]), scale, (1, -1))
    name = f"{node.name}/voicecast_float"
    out_inits.append(numpy_helper.from_array(weights, f"{name}/W"))
    out_nodes.append(helper.make_node("MatMul", [x, f"{name}/W"], [mul.output[0]], name=name))
    dropped.update((id(node), id(cast), id(mul)))


def _conv(g: _Graph, node, out_nodes: list, out_inits: list, dropped: set) -> None:
    from onnx import helper, numpy_helper

    x = g.producer[node.input[0]].input[0]
    nxt = g.consumers[node.output[0]][0]
    bias = None
    if nxt.op_type == "Add":
        quantized = next(i for i in nxt.input if i != node.output[0])
        bias = g.float_source(quantized)
        if bias is None:
            raise ValueError(f"no float bias behind {nxt.name}")
        dropped.add(id(nxt))
        nxt = g.only_consumer(nxt.output[0], "Cast")
    elif nxt.op_type != "Cast":
        raise ValueError(f"unexpected graph after {node.name}: {nxt.op_type}")
    mul = g.only_consumer(nxt.output[0], "Mul")
    scale = g.weight_scale(g.producer[mul.input[1]])
    weights = _dequantized(g.const(node.input[1]), g.const(node.input[3]), scale, (-1, 1, 1))
    name = f"{node.name}/voicecast_float"
    out_inits.append(numpy_helper.from_array(weights, f"{name}/W"))
    inputs = [x, f"{name}/W"] + ([bias] if bias else [])
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    out_nodes.append(helper.make_node("Conv", inputs, [mul.output[0]], name=name, **attrs))
    dropped.update((id(node), id(nxt), id(mul)))


def _lstm(g: _Graph, node, out_nodes: list, out_inits: list, dropped: set) -> None:
    from onnx import helper, numpy_helper

    x, w, r, b, lens, h0, c0, p, w_scale, w_zero, r_scale, r_zero = (list(node.input) + [""] * 12)[:12]
    name = f"{node.name}/voicecast_float"
    for src, scale, zero, dst in ((w, w_scale, w_zero, "W"), (r, r_scale, r_zero, "R")):
        q = g.const(src)  # [directions, input, 4·hidden]: the standard LSTM wants it transposed
        full = _dequantized(q, g.const(zero), np.asarray(g.const(scale), np.float32), (-1, 1, 1))
        out_inits.append(numpy_helper.from_array(np.ascontiguousarray(full.transpose(0, 2, 1)), f"{name}/{dst}"))
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    out_nodes.append(helper.make_node("LSTM", [x, f"{name}/W", f"{name}/R", b, lens, h0, c0, p], list(node.output),
                                      name=name, **attrs))
    dropped.add(id(node))


_CONVERTERS = {"MatMulInteger": _matmul, "ConvInteger": _conv, "DynamicQuantizeLSTM": _lstm}


def dequantize(model) -> int:
    """Rewrite, in place, every quantized matrix product, convolution and LSTM of the int8 Kokoro
    graph in float32; returns how many were rewritten. Unused nodes and constants are removed."""
    g = _Graph(model)
    added_nodes: list = []
    added_inits: list = []
    dropped: set[int] = set()
    replaced_at: dict[int, list] = {}
    for node in g.graph.node:
        convert = _CONVERTERS.get(node.op_type)
        if convert is None:
            continue
        before = len(added_nodes)
        convert(g, node, added_nodes, added_inits, dropped)
        replaced_at[id(node)] = added_nodes[before:]
    nodes = []
    for node in g.graph.node:
        nodes += replaced_at.get(id(node), [])
        if id(node) not in dropped:
            nodes.append(node)
    del g.graph.node[:]
    g.graph.node.extend(_live(nodes, {o.name for o in g.graph.output}))
    g.graph.initializer.extend(added_inits)
    used = {i for n in g.graph.node for i in n.input}
    kept = [i for i in g.graph.initializer if i.name in used]
    del g.graph.initializer[:]
    g.graph.initializer.extend(kept)
    return len(replaced_at)


def _live(nodes: list, outputs: set[str]) -> list:
    """The nodes that the graph's outputs depend on, in their order (the quantizers are left behind)."""
    needed = set(outputs)
    keep = []
    for node in reversed(nodes):
        if any(o in needed for o in node.output):
            keep.append(node)
            needed.update(i for i in node.input if i)
    return keep[::-1]


def float_path(source: Path) -> Path:
    """Beside the int8 model, in its models dir."""
    return source.with_name(f"kokoro-v1.0.fp32.vc{FLOAT_VERSION}.onnx")


def _record(source: Path) -> dict:
    return {"source": source.name, "source_sha256": assets.MODEL_SHA256, "float_version": FLOAT_VERSION}


def ready(source: Path) -> bool:
    path = float_path(source)
    try:
        record = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
        return record.get("bytes") == path.stat().st_size and record.get("source_sha256") == assets.MODEL_SHA256
    except (OSError, ValueError):
        return False


def build(source: Path) -> Path:
    """Write the float graph for ``source`` (the verified int8 model) once, and return its path.
    It must be a valid graph with no quantized operator left, and say a short input close to the
    int8 model (:func:`close_to_int8`)."""
    import onnx

    if ready(source):
        return float_path(source)
    model = onnx.load(str(source))
    count = dequantize(model)
    left = {n.op_type for n in model.graph.node} & {"ConvInteger", "MatMulInteger", "DynamicQuantizeLinear",
                                                    "DynamicQuantizeLSTM"}
    if count == 0 or left:
        raise ValueError(f"the float graph still has quantized operators: {sorted(left)}")
    onnx.checker.check_model(model)
    data = model.SerializeToString()
    distance = close_to_int8(source, data)
    path = float_path(source)
    write_atomic(path, data)
    record = dict(_record(source), bytes=len(data), check_log_mel_distance=round(distance, 4))
    write_atomic(path.with_name(path.name + ".json"), json.dumps(record, indent=1) + "\n")
    log.info("dequantized %d operators into %s (log-mel distance to int8: %.3f)", count, path, distance)
    return path


# The float graph is kept when its speech is closer to the int8 model's than this, in mean absolute
# log-mel difference (natural log units) over a real style and phonemes; the tests show why it holds.
MAX_DISTANCE = 0.6
CHECK_TEXT = "大家好，欢迎收听这一期关于模型和芯片的节目。"


def close_to_int8(source: Path, float_model: bytes) -> float:
    """Both graphs on one input on the CPU: the float graph's log-mel distance to the int8 one's."""
    from ...pronounce.g2p import sentence_phonemes
    from ...text.splitter import Sentence, split_text
    from .graph import cpu_session
    from .tokens import model_feeds, to_tokens

    sentence = next(p for p in split_text(CHECK_TEXT, "zh", 120) if isinstance(p, Sentence))
    feeds = model_feeds(to_tokens(sentence_phonemes(sentence, {}, "us")), assets.ModelStore(source.parent).load_voice("zf_xiaoxiao"))
    runs = [cpu_session(m).run(None, feeds)[0].ravel() for m in (source, float_model)]
    distance = log_mel_distance(runs[0], runs[1])
    if not distance < MAX_DISTANCE:
        raise ValueError(f"the float graph's speech is too far from the int8 model's (log-mel distance {distance:.3f})")
    return distance


def log_mel_distance(a: np.ndarray, b: np.ndarray, rate: int = 24000) -> float:
    """Mean absolute difference of two clips' log-mel spectrograms (80 bands, 12.5 ms hops), the
    shorter stretched to the longer's frame count (a duration that moved by a frame costs nothing)."""
    from scipy.signal import stft

    def logmel(x: np.ndarray) -> np.ndarray:
        _, _, spec = stft(x, fs=rate, nperseg=1200, noverlap=900)
        power = np.abs(spec) ** 2
        return np.log(_mel_bank(rate, 1200) @ power + 1e-6)

    ma, mb = logmel(a), logmel(b)
    n = max(ma.shape[1], mb.shape[1])
    stretch = [np.stack([np.interp(np.linspace(0, m.shape[1] - 1, n), np.arange(m.shape[1]), row) for row in m])
               for m in (ma, mb)]
    return float(np.mean(np.abs(stretch[0] - stretch[1])))


def _mel_bank(rate: int, nfft: int, bands: int = 80) -> np.ndarray:
    freqs = np.linspace(0, rate / 2, nfft // 2 + 1)
    mel = 2595 * np.log10(1 + np.array([60, rate / 2]) / 700)
    edges = 700 * (10 ** (np.linspace(mel[0], mel[1], bands + 2) / 2595) - 1)
    bank = np.zeros((bands, len(freqs)))
    for k in range(bands):
        lo, mid, hi = edges[k : k + 3]
        bank[k] = np.clip(np.minimum((freqs - lo) / (mid - lo), (hi - freqs) / (hi - mid)), 0, None)
    return bank
