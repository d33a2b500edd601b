"""A show root with two rendered episodes (fake engine: the feed, server and page do not depend
on the voice), and a running `voicecast serve` on it, for test_show.py and test_page.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from conftest import load

from voicecast.engines.fake import FakeEngine
from voicecast.planning.voices import parse_voices
from voicecast.render import RenderOptions, render
from voicecast.show.publish import publish_episode
from voicecast.synthesis.cache import SegmentCache

VOICES = """
speakers:
  主持人: {kokoro: zm_yunxi}
  嘉宾: {kokoro: zf_xiaoyi}
  Host: {kokoro: am_michael}
"""

EPISODE_ZH = """---
title: 第一期：大模型
author: 测试作者
description: 一期关于大模型的访谈。
cover: art.png
---
# 开场

主持人: 欢迎收听本期节目。今天我们聊聊大模型。

嘉宾: 谢谢邀请，很高兴来到这里。

# 模型

主持人: 你怎么看 GPT-4？这个问题很多人关心。

嘉宾: 我觉得这是一个很大的进步。但是还有很多问题。

# 结尾

主持人: 感谢收听，我们下期再见。
"""

EPISODE_EN = """---
title: Episode two
author: Test Author
language: en
---
# Hello

Host: Welcome to the second episode. It is short.
"""


def make_show(root: Path, art: bytes) -> dict:
    """Render both episodes into ``root`` (the show root) and return the Chinese one's report."""
    root.mkdir(parents=True, exist_ok=True)
    src = root.parent / "src"
    src.mkdir(exist_ok=True)
    (src / "art.png").write_bytes(art)
    (src / "ep1.md").write_text(EPISODE_ZH, encoding="utf-8")
    (src / "ep2.md").write_text(EPISODE_EN, encoding="utf-8")
    voices = parse_voices(VOICES)
    cache = SegmentCache(root.parent / "cache")
    engine = FakeEngine(ms_per_char=90)
    render(load(src / "ep1.md", voices), voices, RenderOptions(outdir=root / "ep1"), engine=engine, cache=cache)
    publish_episode(root / "ep1", base_url="http://example.org/show")
    render(load(src / "ep2.md", voices), voices, RenderOptions(outdir=root / "ep2"), engine=engine, cache=cache)
    publish_episode(root / "ep2")
    return json.loads((root / "ep1" / "render.json").read_text(encoding="utf-8"))


@contextmanager
def running_server(root: Path):
    """`voicecast serve ROOT` in its own process on a free port; yields its base URL."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "voicecast", "serve", str(root), "--host", "127.0.0.1", "--port",
                             "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        deadline = time.monotonic() + 30
        lines = []
        base = None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            m = re.match(r"feed: (http://\S+)/feed\.xml", line.strip())
            if m:
                base = m.group(1)
            if line.startswith("Ctrl-C"):
                break
        if base is None:
            raise RuntimeError("voicecast serve did not start:\n" + "".join(lines))
        yield base, lines
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
