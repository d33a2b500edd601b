"""A faster form of the Kokoro int8 graph, with the same output to the bit.

The published int8 model quantizes its 87 one-dimensional convolutions as ``ConvInteger`` with
uint8 weights. onnxruntime runs those through a uint8 x uint8 matrix product, which cannot use the
CPU's int8 dot-product instructions (AVX-VNNI / AVX512-VNNI, or plain AVX2's pmaddubsw pairs): on
this project's machine that convolution path took 58-68 % of the synthesis time.

The rewrite turns each convolution into an explicit im2col (pad, one slice per kernel tap, concat)
and one ``MatMulInteger`` of the uint8 weights (as the left matrix) by the quantized activations
moved into int8 (minus 128, from the graph's own uint8 ones). Shifting the activations and their
zero point by 128 leaves every ``(x - x_zero) * (w - w_zero)`` product unchanged, so the int32
results, and therefore the audio,
are identical to the original model's; :func:`build` checks that on a real run before it keeps the
rewritten file. It measured 20-30 % less time per sentence (BENCHMARKS.md).

The rewritten model is written once next to the original in the models dir (atomically, with a
small JSON record of what it was built from) and reused by every later run.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

from ...atomic import write_atomic
from . import model as assets

log = logging.getLogger(__name__)

# Bump when the rewrite changes, so older rewritten files are rebuilt.
REWRITE_VERSION = 2


def _im2col(name: str, current: str, zero8: str, taps: int, dilation: int, stride: int, pad_left: int,
            pad_right: int) -> tuple[list, list, str]:
    """``(nodes, initializers, output)`` that pad the int8 activations with their zero point and
    stack the convolution's taps as columns (im2col), so one MatMulInteger does the convolution."""
    from onnx import helper, numpy_helper

    nodes, inits = [], []
    if pad_left or pad_right:
        inits.append(numpy_helper.from_array(np.array([0, 0, pad_left, 0, 0, pad_right], np.int64), f"{name}/pads"))
        nodes.append(helper.make_node("Pad", [current, f"{name}/pads", zero8], [f"{name}/padded"]))
        current = f"{name}/padded"
    if taps > 1 or stride > 1:
        columns = []
        for j in range(taps):
            end = -(taps - 1 - j) * dilation if j < taps - 1 else np.iinfo(np.int64).max
            args = [f"{name}/tap{j}_{k}" for k in ("start", "end", "axis", "step")]
            for arg, value in zip(args, (j * dilation, end, 2, stride), strict=True):
                inits.append(numpy_helper.from_array(np.array([value], np.int64), arg))
            nodes.append(helper.make_node("Slice", [current, *args], [f"{name}/tap{j}"]))
            columns.append(f"{name}/tap{j}")
        nodes.append(helper.make_node("Concat", columns, [f"{name}/im2col"], axis=1))
        current = f"{name}/im2col"
    return nodes, inits, current


def _to_int8(name: str, activations: str, zero: str, shift: str, nodes: list) -> tuple[str, str]:
    """The uint8 activations and their zero point, both moved by -128 into int8 (nodes appended).
    Made from the quantizer's own uint8 output, so that output is used (and freed) here:
    onnxruntime keeps an output nothing reads until the end of the run, which for the vocoder's
    activations was about 400 MB at the longest input (BENCHMARKS.md, memory)."""
    from onnx import TensorProto, helper

    q8, zero8 = f"{name}/x_int8", f"{name}/zero_int8"
    for src, dst in ((activations, q8), (zero, zero8)):
        nodes += [
            helper.make_node("Cast", [src], [f"{dst}/16"], to=TensorProto.INT16),
            helper.make_node("Sub", [f"{dst}/16", shift], [f"{dst}/16s"]),
            helper.make_node("Cast", [f"{dst}/16s"], [dst], to=TensorProto.INT8),
        ]
    return q8, zero8


# The published model's weights are 7-bit (0-127: onnxruntime's quantizer with reduce_range). On a
# CPU without VNNI, onnxruntime's uint8 x int8 product adds pairs of products in 16 bits with
# saturation (pmaddubsw), which 7-bit weights can never reach (2 x 127 x 128 < 32,768) and full
# 8-bit ones can: a convolution with a weight above 127 keeps its ConvInteger.
_WEIGHT_MAX = 127


def rewrite_conv_integer(model) -> int:
    """Rewrite, in place, every ``ConvInteger`` fed by a ``DynamicQuantizeLinear`` (constant 1-D
    7-bit weights, one group) as im2col + ``MatMulInteger``. Returns how many were rewritten."""
    from onnx import helper, numpy_helper

    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    producer = {out: node for node in graph.node for out in node.output}
    nodes, new_inits = [], []
    int8_inputs: dict[str, tuple[str, str]] = {}  # uint8 activations -> (int8 activations, int8 zero point)
    shift = "voicecast_rewrite_128"
    new_inits.append(numpy_helper.from_array(np.array(128, np.int16), shift))
    count = 0

    for node in graph.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        quantizer = producer.get(node.input[0]) if node.input else None
        if (node.op_type != "ConvInteger" or len(node.input) < 4 or node.input[1] not in inits
                or node.input[3] not in inits or quantizer is None
                or quantizer.op_type != "DynamicQuantizeLinear" or attrs.get("group", 1) != 1
                or attrs.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET")):
            nodes.append(node)
            continue
        weights = numpy_helper.to_array(inits[node.input[1]])
        if weights.ndim != 3 or weights.dtype != np.uint8 or int(weights.max()) > _WEIGHT_MAX:
            nodes.append(node)
            continue
        c_out, c_in, taps = weights.shape
        dilation = list(attrs.get("dilations", [1]))[0]
        stride = list(attrs.get("strides", [1]))[0]
        pad_left, pad_right = list(attrs.get("pads", [0, 0]))
        name = f"{node.name}/voicecast_mm"

        if node.input[0] not in int8_inputs:
            int8_inputs[node.input[0]] = _to_int8(name, node.input[0], quantizer.output[2], shift, nodes)
        current, zero8 = int8_inputs[node.input[0]]

        more_nodes, more_inits, current = _im2col(name, current, zero8, taps, dilation, stride, pad_left, pad_right)
        nodes += more_nodes
        new_inits += more_inits
        # Column j*c_in + c of the weight matrix is tap j of input channel c, as im2col stacks them.
        matrix = np.ascontiguousarray(weights.transpose(0, 2, 1).reshape(c_out, taps * c_in))
        new_inits.append(numpy_helper.from_array(matrix, f"{name}/weights"))
        nodes.append(helper.make_node("MatMulInteger", [f"{name}/weights", current, node.input[3], zero8],
                                      [node.output[0]], name=name))
        count += 1

    del graph.node[:]
    graph.node.extend(nodes)
    graph.initializer.extend(new_inits)
    used = {i for n in graph.node for i in n.input} | {o.name for o in graph.output}
    kept = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    return count


def rewritten_path(source: Path) -> Path:
    """Beside the published model, in its models dir."""
    return source.with_name(f"kokoro-v1.0.int8.vc{REWRITE_VERSION}.onnx")


def _record_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _record(source: Path) -> dict:
    return {"source": source.name, "source_bytes": source.stat().st_size, "source_sha256": assets.MODEL_SHA256,
            "rewrite_version": REWRITE_VERSION}


def ready(source: Path) -> bool:
    path = rewritten_path(source)
    try:
        record = json.loads(_record_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    expected = dict(_record(source), bytes=path.stat().st_size if path.is_file() else -1)
    return record == expected


def cpu_session(model: Path | bytes):
    """A quiet onnxruntime session on the CPU for a model file or its bytes (for the checks)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    return ort.InferenceSession(str(model) if isinstance(model, Path) else model, sess_options=opts,
                                providers=["CPUExecutionProvider"])


def _check_same(original: Path, rewritten: bytes) -> None:
    """Run both graphs on one short input: the audio must match exactly."""
    rng = np.random.default_rng(0)
    feeds = {"tokens": np.array([[0, *rng.integers(16, 170, 24), 0]], dtype=np.int64),
             "style": (rng.standard_normal((1, 256)) * 0.2).astype(np.float32),
             "speed": np.ones(1, dtype=np.float32)}
    outputs = [cpu_session(m).run(None, feeds)[0] for m in (original, rewritten)]
    if outputs[0].shape != outputs[1].shape or not np.array_equal(outputs[0], outputs[1]):
        raise ValueError("the rewritten graph's audio differs from the original's")


def build(source: Path) -> Path:
    """Write the rewritten model for ``source`` (the verified published model) and return its path."""
    import onnx

    model = onnx.load(str(source))
    count = rewrite_conv_integer(model)
    if count == 0:
        raise ValueError("no convolution to rewrite")
    data = model.SerializeToString()
    _check_same(source, data)
    path = rewritten_path(source)
    write_atomic(path, data)
    write_atomic(_record_path(path), json.dumps(dict(_record(source), bytes=len(data)), indent=1) + "\n")
    log.info("rewrote %d convolutions into %s", count, path)
    return path


def model_for_session(source: Path, rewrite: bool = True) -> Path:
    """The model file to load: the rewritten one (built on first use), or ``source`` itself when the
    rewrite is turned off (``rewrite`` False: ``VOICECAST_KOKORO_REWRITE=0``) or cannot be built."""
    if not rewrite:
        return source
    if ready(source):
        return rewritten_path(source)
    try:
        return build(source)
    except Exception as exc:  # any failure here only costs speed: run the published graph
        log.warning("using the published Kokoro graph (the faster rewrite failed: %s)", exc)
        return source
