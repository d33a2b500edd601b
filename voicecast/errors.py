"""The one exception tree of voicecast.

Library code raises these; only ``cli.py`` turns them into exit codes.
"""

from __future__ import annotations


class VoicecastError(Exception):
    """Raised when voicecast cannot do what was asked; the base of every voicecast error."""


class ScriptError(VoicecastError):
    """Raised when a script or transcript cannot be read or parsed.

    Carries the file and line where known, so the message points at the fix.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.detail = message
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        elif line is not None:
            where = f"line {line}: "
        super().__init__(where + message)


class VoiceConfigError(VoicecastError):
    """Raised when voices.yaml is missing, malformed, or names a field, value or voice that is not valid."""

    def __init__(self, message: str, path: str | None = None, field: str | None = None):
        self.path = path
        self.field = field
        parts = [p for p in (path, field) if p]
        prefix = ": ".join(parts)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class EngineError(VoicecastError):
    """Raised when a speech engine fails to synthesize a chunk."""


class AssetError(VoicecastError):
    """Raised when a model or voice file is missing, corrupt, or cannot be provisioned."""
