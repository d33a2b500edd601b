"""Text itself, before any engine: the script model (chapters, turns), character classes, language detection, what is speakable, the sentence splitter and subtitle lines."""
