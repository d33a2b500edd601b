"""voicecast: turn written interviews and transcripts into podcast-style audio."""

__version__ = "0.1.0"
