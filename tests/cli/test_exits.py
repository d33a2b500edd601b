"""Every error exit of the command line is clean: run in its own process as a user runs it, each
command's error path ends with exit 1 or 2 and one `Error:`/`Usage:` message, never a native abort
(`terminate called…`, exit 134 or 139), a traceback, or a thread still running."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicecast.cli.main import cli

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "interview.md"
VOICES = REPO / "voices.yaml"

# (what is wrong, arguments, the exit code, words the message must hold)
ERROR_PATHS = [
    ("unknown voice", ["say", "--voice", "nobody", "hi", "-o", "x.wav"], 1, "unknown Kokoro voice"),
    ("no text", ["say", "-o", "x.wav"], 2, "give TEXT"),
    ("nothing sayable", ["say", "😀😀", "-o", "x.wav"], 1, "nothing to say"),
    ("unknown engine", ["say", "hi", "--engine", "nosuch", "-o", "x.wav"], 1, "nosuch"),
    ("missing script", ["render", "missing.md"], 1, "missing.md"),
    ("missing chapter", ["render", str(EXAMPLE), "--chapter", "99", "--voices", str(VOICES)], 1, "99"),
    ("no GPU", ["render", str(EXAMPLE), "--device", "cuda", "--voices", str(VOICES), "-q"], 1, "cuda"),
    ("unknown engine", ["render", str(EXAMPLE), "--engine", "nosuch", "--voices", str(VOICES)], 1, "nosuch"),
    ("bad base URL", ["render", str(EXAMPLE), "--base-url", "ftp://x", "--voices", str(VOICES)], 1, "base-url"),
    ("missing source", ["parse", "missing.txt"], 1, "missing.txt"),
    ("missing source", ["import", "missing.txt", "-o", "out.md"], 1, "missing.txt"),
    ("missing voice", ["check", "script.md", "--voices", str(VOICES)], 1, "has no voice"),
    ("missing voice", ["render", "script.md", "--voices", str(VOICES)], 1, "陌生人"),
    ("no text", ["pinyin"], 2, "give TEXT"),
    ("unknown engine", ["voices", "--engine", "nosuch"], 1, "nosuch"),
    ("nothing to prune", ["cache", "prune"], 2, "--older-than"),
    ("bad base URL", ["feed", "--base-url", "ftp://x"], 1, "base-url"),
    ("missing root", ["serve", "no-such-folder", "--no-qr"], 1, "no-such-folder"),
    ("unknown command", ["models", "nosuch"], 2, "nosuch"),
    ("truncated PDF", ["parse", "cut.pdf"], 1, "not a readable PDF"),
    # The file system refuses (a file where a folder should be; /proc takes no new files, even
    # from root): the path it refused is named.
    ("unwritable output", ["say", "hi", "-o", "script.md/x.wav"], 1, "script.md"),
    ("unwritable root", ["feed", "script.md/show"], 1, "script.md"),
    ("unwritable root", ["serve", "/proc", "--no-qr", "--port", "0"], 1, "/proc"),
    ("unwritable outdir", ["render", str(EXAMPLE), "-o", "script.md/out", "--voices", str(VOICES)], 1, "script.md"),
]


@pytest.mark.parametrize(("why", "args", "code", "words"), ERROR_PATHS,
                         ids=[f"{a[0]}-{why.replace(' ', '_')}" for why, a, _, _ in ERROR_PATHS])
def test_error_exit_is_clean(tmp_path, why, args, code, words):
    (tmp_path / "cut.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type")
    (tmp_path / "script.md").write_text("---\ntitle: t\n---\n# 一\n\n陌生人: 你好。\n\n主持人: 再见。\n",
                                        encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "voicecast", *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)
    said = proc.stdout + proc.stderr
    assert "terminate called" not in said and "Traceback" not in said, said
    assert proc.returncode == code, (proc.returncode, said)
    assert ("error:" in said.lower() or "Usage:" in said) and words in said, said
    assert "WARNING" not in said, said  # a library's warnings are for --verbose, not before the one clear line


def test_an_error_leaves_no_engine_thread_behind(tmp_path):
    """The model starts loading in a thread before the voice is checked; the error path waits for
    that load and frees it before the command returns."""
    from voicecast.engines.kokoro.engine import KokoroEngine

    made: list[KokoroEngine] = []
    real_init = KokoroEngine.__init__

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        made.append(self)

    before = set(threading.enumerate())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(KokoroEngine, "__init__", init)
        result = CliRunner().invoke(cli, ["say", "--voice", "nobody", "hi", "-o", str(tmp_path / "x.wav")])
    assert result.exit_code == 1 and "unknown Kokoro voice" in result.output
    # tqdm's monitor is its own pure-Python daemon, told to stop when the last bar closes.
    left = [t.name for t in threading.enumerate() if t not in before and t.is_alive() and t.name != "tqdm_monitor"]
    assert left == []
    assert len(made) == 1 and not made[0]._sessions.loaded()  # the engine's model was freed
