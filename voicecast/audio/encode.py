"""Encoding with the ffmpeg binary that imageio-ffmpeg ships (so `pip install` is enough): MP3 for
chapters and the episode, AAC in an M4B with chapters. Every output is written to a temp name and
renamed."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ..atomic import temp_beside
from ..errors import VoicecastError

MP3_BITRATE = "64k"  # mono speech: transparent at 64 kb/s, about 29 MB per hour
AAC_BITRATE = "64k"
_PRIMING = 1152  # samples: whole MP3 frames (1152, or 2 × 576 below 32 kHz) covering LAME's 1105 of delay


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _run(cmd: list[str], stdin_chunks: Iterable[bytes] | None = None) -> None:
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin_chunks is not None else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        if stdin_chunks is not None:
            assert proc.stdin is not None
            try:
                for chunk in stdin_chunks:
                    proc.stdin.write(chunk)
            except BrokenPipeError:
                pass
            finally:
                proc.stdin.close()
        err = proc.stderr.read() if proc.stderr else b""
        code = proc.wait()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    if code != 0:
        raise VoicecastError(f"ffmpeg failed ({code}): {err.decode(errors='replace').strip()[-500:]}")


def _pcm_input(sample_rate: int) -> list[str]:
    return ["-f", "s16le", "-ar", str(sample_rate), "-ac", "1", "-i", "pipe:0"]


def pcm_chunks(pcm: np.ndarray, block: int = 1 << 18) -> Iterable[bytes]:
    """16-bit samples as byte chunks for an encoder's stdin, without copying the whole buffer."""
    for start in range(0, len(pcm), block):
        yield pcm[start : start + block].tobytes()


def encode_mp3(chunks: Iterable[bytes], sample_rate: int, dest: Path, bitrate: str = MP3_BITRATE) -> Path:
    """Encode 16-bit mono PCM chunks to MP3 at ``dest`` (atomically)."""
    tmp = temp_beside(dest)
    try:
        _run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *_pcm_input(sample_rate), "-c:a", "libmp3lame",
              "-b:a", bitrate, "-write_xing", "1", "-id3v2_version", "0", "-f", "mp3", str(tmp)], chunks)
        return tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def encode_m4b(wav: Path, chapters: list[tuple[int, int, str]], title: str, artist: str, dest: Path,
               cover: Path | None = None, bitrate: str = AAC_BITRATE) -> Path:
    """Encode a WAV to AAC in an MP4 audiobook container with chapter marks (start_ms, end_ms, title)."""
    meta = temp_beside(dest.with_suffix(".ffmeta"))
    lines = [";FFMETADATA1", f"title={_esc(title)}", f"artist={_esc(artist)}", f"album={_esc(title)}", "genre=Podcast"]
    for start, end, name in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={start}", f"END={end}", f"title={_esc(name)}"]
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp = temp_beside(dest)
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-i", str(wav), "-f", "ffmetadata", "-i", str(meta)]
    if cover is not None:
        cmd += ["-i", str(cover), "-map", "0:a", "-map", "2:v", "-c:v", "copy", "-disposition:v", "attached_pic"]
    else:
        cmd += ["-map", "0:a"]
    cmd += ["-map_metadata", "1", "-map_chapters", "1", "-c:a", "aac", "-aac_coder", "fast", "-b:a", bitrate, "-movflags", "+faststart",
            "-f", "mp4", str(tmp)]
    try:
        _run(cmd)
        return tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        meta.unlink(missing_ok=True)


def _esc(value: str) -> str:
    out = value
    for ch in "\\=;#\n":
        out = out.replace(ch, "\\" + ch)
    return out


def decode_audio(data: bytes, sample_rate: int, fmt: str = "mp3") -> np.ndarray:
    """Decode compressed audio held in memory (an engine's MP3) to mono float32 at ``sample_rate``.
    Raises VoicecastError when ffmpeg cannot decode it or it holds no audio."""
    return _decoded(["-f", fmt, "-i", "pipe:0"], data, sample_rate, f"undecodable {fmt} audio",
                    f"the {fmt} data held no audio")


def decode_file(path: Path, sample_rate: int) -> np.ndarray:
    """Any audio file ffmpeg reads, as mono float32 at ``sample_rate``. Raises VoicecastError
    naming the file when ffmpeg cannot read it or it holds no audio."""
    return _decoded(["-i", str(path)], None, sample_rate, f"{path}: not audio ffmpeg can read", f"{path}: holds no audio")


def _decoded(source: list[str], data: bytes | None, sample_rate: int, unreadable: str, empty: str) -> np.ndarray:
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", *source,
                           "-f", "f32le", "-ac", "1", "-ar", str(sample_rate), "pipe:1"], input=data, capture_output=True)
    if proc.returncode != 0:
        raise VoicecastError(f"{unreadable}: {proc.stderr.decode(errors='replace').strip()[-300:]}")
    audio = np.frombuffer(proc.stdout, dtype="<f4").copy()
    if audio.size == 0:
        raise VoicecastError(empty)
    return audio


def join_mp3(parts: list[Path], dest: Path, sample_rate: int) -> Path:
    """The MP3 files ``parts`` (encoded here, at ``sample_rate``) one after another in one MP3 (a
    temp file beside ``dest``; the caller publishes it), their frames copied, not encoded again: as
    fast as the bytes copy. Every part after the first starts 1152 samples in, which drops the
    encoder's priming (LAME's 1105 samples of delay) so the joins add almost no time."""
    tmp = temp_beside(dest)
    listing = temp_beside(dest, ".txt")
    skip = f"inpoint {_PRIMING / sample_rate:.6f}"
    try:
        # The concat demuxer's list: one quoted path per part ('\\'' closes, escapes and reopens a quote).
        lines = ["ffconcat version 1.0"]
        for n, part in enumerate(parts):
            lines.append("file '" + str(part.resolve()).replace("'", "'\\''") + "'")
            lines += [skip] if n else []
        listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
        _run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
              "-map", "0:a", "-c", "copy", "-map_metadata", "-1", "-write_xing", "1", "-id3v2_version", "0",
              "-f", "mp3", str(tmp)])
        return tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        listing.unlink(missing_ok=True)


def encode_flac(wav: Path, dest: Path) -> Path:
    """``wav`` as FLAC (lossless) in a temp file beside ``dest``; the caller publishes it."""
    tmp = temp_beside(dest)
    try:
        _run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-i", str(wav), "-c:a", "flac", "-f", "flac", str(tmp)])
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def encode_mp3_bytes(audio: np.ndarray, sample_rate: int, bitrate: str = MP3_BITRATE) -> bytes:
    """Encode float32 mono samples to constant-bitrate MP3 bytes in memory."""
    pcm = np.clip(np.asarray(audio, dtype=np.float32), -1, 1)
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-f", "f32le", "-ar",
                           str(sample_rate), "-ac", "1", "-i", "pipe:0", "-c:a", "libmp3lame", "-b:a", bitrate,
                           "-write_xing", "0", "-id3v2_version", "0", "-f", "mp3", "pipe:1"],
                          input=pcm.astype("<f4").tobytes(), capture_output=True)
    if proc.returncode != 0:
        raise VoicecastError(f"ffmpeg failed: {proc.stderr.decode(errors='replace').strip()[-300:]}")
    return proc.stdout
