"""Audio files: reading and writing WAV, encoding MP3/M4B with ffmpeg, chapter marks."""
