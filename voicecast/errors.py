"""The one exception tree of voicecast.

Library code raises these; only ``cli.py`` turns them into exit codes.
"""

from __future__ import annotations

import re

# Library messages name options by meaning (``option("outdir")``); read as text they say the
# meaning, and the CLI shows its own flag in their place (``VoicecastError.for_cli``).
OPTION_MEANINGS = {
    "outdir": "output folder",
    "voices": "a voices file",
    "base_url": "base URL",
    "chapter": "chapter selection",
    "image": "another show image",
    "voice": "a voice by name",
}
_OPTION_RE = re.compile(r"\u27e6(\w+)\u27e7")


def option(name: str) -> str:
    """A marker for an option in an error message, e.g. ``f"choose another {option('outdir')}"``."""
    if name not in OPTION_MEANINGS:
        raise KeyError(f"no option {name!r} in errors.OPTION_MEANINGS")
    return f"\u27e6{name}\u27e7"


class VoicecastError(Exception):
    """Raised when voicecast cannot do what was asked; the base of every voicecast error."""

    def __str__(self) -> str:
        return _OPTION_RE.sub(lambda m: OPTION_MEANINGS[m.group(1)], super().__str__())

    def for_cli(self, flags: dict[str, str]) -> str:
        """The message with each option named as the command line spells it (``-o OUTDIR``)."""
        return _OPTION_RE.sub(lambda m: flags.get(m.group(1), OPTION_MEANINGS[m.group(1)]), super().__str__())


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
