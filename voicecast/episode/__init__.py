"""From segments to an episode: the assembler (pauses, loudness), the episode folder (files, chapters, subtitles) and the render report."""
