"""The offline engine: Kokoro-82M through ONNX Runtime. ``engine`` (the engine, registered on
import), ``model`` (the model and voice packs: where they come from, checksums), ``graph`` (the
int8 graph rewritten for speed), ``float_graph`` (the fp32 graph for GPUs), ``voices`` (the 54
voices and their languages)."""

from .engine import KokoroEngine

__all__ = ["KokoroEngine"]
