"""Listen while it renders: `voicecast render` into a show root that `voicecast serve` serves, each
in its own process, with the offline engine. The feed, read over HTTP by feedparser while the
render runs, lists the episode with its first chapter before the render ends, and its enclosure is
audio that ffprobe reads; at the end the same item (same guid) links the whole episode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request

import feedparser
import pytest
from conftest import REPO, tool
from show_fixtures import running_server

pytestmark = pytest.mark.slow

LONG = "".join(f"第{n}段，我们慢慢地聊一聊这个问题，看看它到底从哪里来，又要往哪里去。" for n in range(1, 15))
SCRIPT = f"""---
title: 边听边做
---
# 开场

主持人: 欢迎收听。

嘉宾: 谢谢邀请。

# 第二章

主持人: 我们开始吧。

# 长谈

嘉宾: {LONG}
"""


def _feed(base: str):
    with urllib.request.urlopen(f"{base}/feed.xml", timeout=5) as r:
        return feedparser.parse(r.read())


def _seconds(path) -> float:
    out = subprocess.run([tool("ffprobe"), "-v", "error", "-show_entries", "format=duration", "-of", "json",
                          str(path)], capture_output=True, text=True, check=True).stdout
    return float(json.loads(out)["format"]["duration"])


def test_the_served_feed_lists_the_first_chapter_before_the_render_ends(tmp_path):
    root = tmp_path / "show"
    root.mkdir()
    script = tmp_path / "talk.md"
    script.write_text(SCRIPT, encoding="utf-8")
    env = dict(os.environ, VOICECAST_OUTPUT_DIR=str(root))
    with running_server(root) as (base, _):
        render = subprocess.Popen([sys.executable, "-m", "voicecast", "render", str(script), "--voices",
                                   str(REPO / "voices.yaml"), "--quiet"], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        early = None
        deadline = time.monotonic() + 300
        while render.poll() is None and time.monotonic() < deadline:
            feed = _feed(base)
            if feed.entries:
                early = (feed.entries[0], render.poll() is None)
                break
            time.sleep(0.1)
        assert early is not None, f"the feed listed nothing before the render ended: {render.communicate()}"
        entry, still_running = early
        assert still_running
        done_so_far = int(entry.title.rsplit("(", 1)[1].split("/")[0])
        assert entry.title.endswith(f"({done_so_far}/3)") and done_so_far in (1, 2), entry.title
        assert len(entry["psc_chapters"]["chapters"]) == done_so_far
        assert entry.enclosures[0].href.endswith("/episode-so-far.mp3")
        audio = tmp_path / "early.mp3"
        audio.write_bytes(urllib.request.urlopen(entry.enclosures[0].href, timeout=10).read())
        early_s = _seconds(audio)
        _, err = render.communicate(timeout=600)
        assert render.returncode == 0, err[-2000:]
        final = _feed(base).entries
        assert len(final) == 1 and final[0].id == entry.id
        assert final[0].enclosures[0].href.endswith("/episode.mp3")
        assert final[0].title == "边听边做"
        (folder,) = [p.parent for p in root.glob("*/render.json")]
        report = json.loads((folder / "render.json").read_text(encoding="utf-8"))
        assert [c["title"] for c in report["chapters"]] == ["开场", "第二章", "长谈"]
        # The early audio is the chapters done when it was fetched (those listed, or one more by then),
        # with the pause after each (25 ms of slack a part: a chapter or a pause).
        starts = [c["start_ms"] for c in report["chapters"]]
        assert any(abs(early_s * 1000 - starts[k]) < 25 * 2 * k + 30 for k in (done_so_far, done_so_far + 1)
                   if k < 3), (early_s, starts)
        assert _seconds(folder / "episode.mp3") > early_s + 10
        # The episode's own files replaced the audio so far.
        assert sorted(p.name for p in folder.glob("episode*")) == ["episode.m4b", "episode.mp3", "episode.srt",
                                                                   "episode.vtt"]
        assert "rendering" not in report or not report["rendering"]
