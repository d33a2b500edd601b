"""Real renders in their own processes: killed with SIGKILL in the middle of synthesis and run
again, and two renders of one script at once sharing one cache."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import REPO

from voicecast.synthesis.cache import read_entry

pytestmark = pytest.mark.slow

SCRIPT = """---
title: 崩溃测试
---
# 第一章

主持人: 欢迎收听本期节目，今天我们聊一聊大模型。第一个问题，你是怎么开始做研究的？

嘉宾: 我很早就对语言感兴趣。后来读了研究生，开始做机器翻译。那时候的模型还很小。

主持人: 后来发生了什么变化？

# 第二章

嘉宾: 模型越来越大，数据也越来越多。我们发现规模本身就带来了新的能力。这一点当时很多人没有想到。

主持人: 非常感谢你的分享，我们下期再见。
"""


def _cmd(script, outdir):
    return [sys.executable, "-c", "from voicecast.cli.main import cli; cli()", "render", str(script), "--voices",
            str(REPO / "voices.yaml"), "-o", str(outdir), "--format", "mp3", "--quiet"]


def _env(cache):
    return dict(os.environ, VOICECAST_CACHE_DIR=str(cache))


def _chapters(outdir) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((outdir / "chapters").glob("*.mp3"))}


def _entries(cache):
    return sorted(cache.glob("??/*.wav"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    root = tmp_path_factory.mktemp("reference")
    script = root / "crash.md"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run(_cmd(script, root / "out"), env=_env(root / "cache"), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return script, _chapters(root / "out"), len(_entries(root / "cache"))


def test_kill_9_mid_synthesis_then_the_same_command_completes_identically(reference, tmp_path):
    script, want, total = reference
    cache, outdir = tmp_path / "cache", tmp_path / "out"
    proc = subprocess.Popen(_cmd(script, outdir), env=_env(cache), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(_entries(cache)) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    still_running = proc.poll() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert still_running, "the render ended before it could be killed; the test proves nothing"
    done_before = len(_entries(cache))
    assert 3 <= done_before < total
    for entry in _entries(cache):  # every entry present is whole: temp names only for what was cut off
        read_entry(entry.read_bytes())
    assert not (outdir / "episode.mp3").exists() and not (outdir / "render.json").exists()

    again = subprocess.run(_cmd(script, outdir), env=_env(cache), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert _chapters(outdir) == want
    assert len(_entries(cache)) == total


def test_two_renders_of_one_script_at_once_share_a_cache(reference, tmp_path):
    script, want, total = reference
    cache = tmp_path / "cache"
    procs = [subprocess.Popen(_cmd(script, tmp_path / f"out{i}"), env=_env(cache), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for i in (1, 2)]
    results = [(p.wait(300), p.stderr.read()) for p in procs]
    assert [rc for rc, _ in results] == [0, 0], results
    assert _chapters(tmp_path / "out1") == _chapters(tmp_path / "out2") == want
    assert len(_entries(cache)) == total
    for entry in _entries(cache):
        read_entry(entry.read_bytes())
    assert not list(cache.glob("??/.*.tmp"))
