"""A whole catalogue in one run: one shared pool, failures isolated, unchanged episodes skipped,
one feed. The fake engine covers the bookkeeping; the CLI test renders real speech."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from conftest import REPO, load
from mutagen.mp3 import MP3

from voicecast.catalogue import CatalogueProgress, expand_sources, render_catalogue
from voicecast.cli.main import cli
from voicecast.engines.fake import FakeEngine
from voicecast.errors import EngineError, VoicecastError
from voicecast.planning.voices import parse_voices
from voicecast.render import RenderOptions
from voicecast.show.publish import write_episode_page
from voicecast.synthesis.cache import SegmentCache
from voicecast.synthesis.pool import LocalPool

VOICES = parse_voices("speakers:\n  甲: {kokoro: zm_yunxi}\n  乙: {kokoro: zf_xiaoyi}\n")


class _Stumbling(FakeEngine):
    """The fake engine, except that it cannot say sentences containing 卡住 (a real engine's failure
    to synthesize: it raises EngineError), and it notes when each sentence finished."""

    def __init__(self, seconds: float = 0.01):
        super().__init__(ms_per_char=20)
        self.seconds = seconds
        self.finished: dict[str, float] = {}
        self.lock = threading.Lock()

    def synthesize(self, sentence, voice, options=None):
        if "卡住" in sentence.text:
            raise EngineError("the engine could not say this")
        time.sleep(self.seconds)
        audio = super().synthesize(sentence, voice, options) if options else super().synthesize(sentence, voice)
        with self.lock:
            self.finished[sentence.text] = time.time()
        return audio


def _write(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {title}\n---\n{body}", encoding="utf-8")
    return path


def _catalogue(tmp_path: Path) -> list[str]:
    src = tmp_path / "scripts"
    src.mkdir()
    turns = "".join(f"甲: 第{n}个问题是什么？\n\n乙: 这是第{n}个回答。\n\n" for n in range(1, 9))
    _write(src, "a.md", "同一个标题", "# 开头\n\n甲: 大家好，欢迎收听。\n\n" + turns)
    _write(src, "b.md", "同一个标题", "# 开头\n\n甲: 大家好，欢迎收听。\n\n乙: 这是另一期。\n")
    _write(src, "c.md", "会失败的一期", "# 一\n\n甲: 这里会卡住，后面的句子都不必再合成了。\n\n"
           + "".join(f"乙: 短句{n}。\n\n" for n in range(6)))
    (src / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not a script: left out
    (src / ".hidden.md").write_text("甲: 不读。\n", encoding="utf-8")
    return expand_sources([str(src)])


def _run(names, tmp_path, engine, force=False, notes=None):
    progress = CatalogueProgress(note=(notes.append if notes is not None else lambda o: None))
    opts = RenderOptions(outdir=tmp_path / "show", jobs=2)
    return render_catalogue(names, lambda s: load(s, VOICES), VOICES, opts, engine, LocalPool(engine, 2),
                            SegmentCache(tmp_path / "cache"), progress, force, write_episode_page)


def test_folder_expands_to_its_scripts_in_order(tmp_path):
    names = _catalogue(tmp_path)
    assert [Path(n).name for n in names] == ["a.md", "b.md", "c.md"]
    assert expand_sources([names[0], names[0], str(tmp_path / "scripts")]) == names  # each once
    (tmp_path / "empty").mkdir()
    with pytest.raises(VoicecastError, match="no scripts in this folder"):
        expand_sources([str(tmp_path / "empty")])
    out = tmp_path / "scripts" / "output"
    out.mkdir()
    (out / "x.md").write_text("甲: 输出里的文件。\n", encoding="utf-8")
    assert expand_sources([str(tmp_path / "scripts")], skip=out) == names


def test_one_pool_isolated_failure_shared_sentences_and_skip_when_unchanged(tmp_path):
    names = _catalogue(tmp_path)
    engine = _Stumbling()
    notes: list = []
    outcomes = _run(names, tmp_path, engine, notes=notes)
    assert [o.status for o in outcomes] == ["rendered", "rendered", "failed"]
    # Same title: two folders, not one overwritten.
    assert [o.outdir.name for o in outcomes[:2]] == ["同一个标题", "同一个标题-2"]
    # The failure names the script, the chapter, the line and the sentence; nothing after it ran.
    error = outcomes[2].error
    assert "c.md" in error and "chapter 1" in error and "line" in error and "卡住" in error
    # (It is the longest, so it ran first; at most the one sentence beside it ran too.)
    assert sum(1 for t in engine.finished if t.startswith("短句")) <= 1
    # A sentence two episodes say was synthesized once.
    assert [t for t, _ in engine.calls].count("大家好，欢迎收听。") == 1
    for o in outcomes[:2]:
        assert MP3(o.outdir / "episode.mp3").info.length > 1
        assert (o.outdir / "index.html").is_file()
    assert {n.source for n in notes} == set(names)  # a line per episode as it finished

    again = _Stumbling()
    outcomes = _run(names, tmp_path, again)
    assert [o.status for o in outcomes] == ["unchanged", "unchanged", "failed"]
    assert all(t.startswith("短句") for t, _ in again.calls) and len(again.calls) <= 1
    b = Path(names[1])
    b.write_text(b.read_text(encoding="utf-8") + "\n甲: 新加的一句。\n", encoding="utf-8")
    third = _Stumbling()
    outcomes = _run(names, tmp_path, third)
    assert [o.status for o in outcomes] == ["unchanged", "rendered", "failed"]
    assert [t for t, _ in third.calls] == ["新加的一句。"]
    forced = _run(names[:1], tmp_path, _Stumbling(), force=True)
    assert forced[0].status == "rendered" and forced[0].report.synthesized == 0


def test_episodes_are_assembled_while_the_next_is_synthesized(tmp_path):
    src = tmp_path / "s"
    src.mkdir()
    for k in range(3):
        body = "".join(f"甲: 第{k}期的第{n}句话，说得长一点好让它多花些时间。\n\n" for n in range(12))
        _write(src, f"{k}.md", f"第{k}期", body)
    engine = _Stumbling(seconds=0.25)
    outcomes = _run(expand_sources([str(src)]), tmp_path, engine)
    assert [o.status for o in outcomes] == ["rendered"] * 3
    first_written = (outcomes[0].outdir / "render.json").stat().st_mtime
    last_sentence = max(t for text, t in engine.finished.items() if text.startswith("第2期"))
    # The first episode's folder was complete before the last episode's sentences were: the
    # pool did not wait for assembly.
    assert first_written < last_sentence


def test_a_script_that_cannot_be_read_fails_alone(tmp_path):
    names = _catalogue(tmp_path)
    (tmp_path / "scripts" / "empty.md").write_text("", encoding="utf-8")
    _write(tmp_path / "scripts", "nocover.md", "没有封面\ncover: gone.png", "甲: 封面文件不见了。\n")
    names = expand_sources([str(tmp_path / "scripts")])
    outcomes = _run(names, tmp_path, _Stumbling())
    by_name = {Path(o.source).name: o for o in outcomes}
    assert by_name["empty.md"].status == "failed" and "empty" in by_name["empty.md"].error
    assert by_name["nocover.md"].status == "failed" and "gone.png" in by_name["nocover.md"].error
    assert by_name["a.md"].status == by_name["b.md"].status == "rendered"


@pytest.mark.slow
def test_cli_renders_a_folder_into_one_show_with_real_speech(tmp_path):
    src = tmp_path / "shows"
    src.mkdir()
    _write(src, "one.md", "第一期", "主持人: 欢迎收听第一期。\n\n嘉宾: 谢谢邀请。\n")
    _write(src, "two.md", "Episode two", "Host: Welcome to episode two.\n\nGuest: Thanks for having me.\n")
    (src / "broken.md").write_text("", encoding="utf-8")
    voices = str(REPO / "voices.yaml")
    result = CliRunner().invoke(cli, ["render", str(src), "-o", str(tmp_path / "show"), "--voices", voices])
    assert result.exit_code == 1, result.output
    assert "broken.md" in result.output and "1 failed" in result.output and "2 rendered" in result.output
    feed = feedparser.parse(str(tmp_path / "show" / "feed.xml"))
    assert sorted(e.title for e in feed.entries) == ["Episode two", "第一期"]
    report = json.loads((tmp_path / "show" / "第一期" / "render.json").read_text(encoding="utf-8"))
    assert report["synthesized"] == 2 and report["duration_ms"] > 1500
    again = CliRunner().invoke(cli, ["render", str(src), "-o", str(tmp_path / "show"), "--voices", voices])
    assert again.exit_code == 1 and "2 unchanged" in again.output
    (src / "broken.md").unlink()
    fixed = CliRunner().invoke(cli, ["render", str(src / "one.md"), str(src / "two.md"), "-o", str(tmp_path / "show"),
                                     "--voices", voices])
    assert fixed.exit_code == 0, fixed.output
    assert "--chapter" in CliRunner().invoke(cli, ["render", str(src), "--chapter", "1", "--voices", voices]).output
