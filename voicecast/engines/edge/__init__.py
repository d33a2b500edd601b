"""Microsoft's online voices through edge-tts: ``engine`` (registered on import) and ``voices``
(the voice list, shipped and refreshed)."""

from .engine import EdgeEngine

__all__ = ["EdgeEngine"]
