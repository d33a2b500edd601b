"""The CLI's exact forms, through click's CliRunner: exit codes, output shapes, and clear errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import DATA, REPO, sample

from voicecast.cli.main import cli


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result


def test_parse_json_shape():
    result = run("parse", DATA / "own_format.md", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data["title"], str)
    for ch in data["chapters"]:
        assert isinstance(ch["title"], str)
        for t in ch["turns"]:
            assert t["speaker"] is None or isinstance(t["speaker"], str)
            assert t["lang"] in ("zh", "en")
            assert isinstance(t["text"], str) and t["text"]
    assert data["chapters"][1]["turns"][0]["speaker"] == "主持人"


def test_parse_text_output_and_sentences():
    result = run("parse", DATA / "own_format.md", "--sentences")
    assert result.exit_code == 0, result.output
    assert "第二章 技术" in result.output
    assert "⟨GPT-4.5⟩" in result.output


@pytest.mark.parametrize("source", [
    "own_format.md", "split_labels.txt", "inline_blob.txt", "plain_headings.txt", "web_junk.md", "bilingual.txt",
    "traditional_big5.txt",
])
def test_import_round_trips(tmp_path, source):
    out = tmp_path / "script.md"
    result = run("import", DATA / source, "-o", out)
    assert result.exit_code == 0, result.output
    original = json.loads(run("parse", DATA / source, "--json").output)
    again = json.loads(run("parse", out, "--json").output)
    strip = lambda d: [(c["title"], [(t["speaker"], t["lang"], t["text"]) for t in c["turns"]]) for c in d["chapters"]]  # noqa: E731
    assert strip(again) == strip(original)
    assert again["title"] == original["title"]


def test_import_round_trips_real_samples(tmp_path, samples):
    for name in ("001", "002", "004"):
        out = tmp_path / f"{name}.md"
        assert run("import", sample(name), "-o", out, "--voices", REPO / "voices.yaml").exit_code == 0
        a = json.loads(run("parse", sample(name), "--json", "--voices", REPO / "voices.yaml").output)
        b = json.loads(run("parse", out, "--json", "--voices", REPO / "voices.yaml").output)
        assert [(c["title"], c["turns"]) for c in a["chapters"]] == [(c["title"], c["turns"]) for c in b["chapters"]]


def test_check_passes_clean_script_and_fails_missing_voice(tmp_path, voices_yaml):
    ok = run("check", DATA / "own_format.md", "--voices", voices_yaml)
    assert ok.exit_code == 0, ok.output
    script = tmp_path / "s.md"
    script.write_text("---\ntitle: t\n---\n# 一\n\n陌生人: 你好。\n\n# 二\n\n# 三\n\n主持人: 再见。\n", encoding="utf-8")
    bad = run("check", script, "--voices", voices_yaml)
    assert bad.exit_code == 1
    assert f"{script}:6: error: speaker '陌生人' has no voice" in bad.output
    assert "chapter '二' is empty" in bad.output


def test_an_entity_no_html_defines_is_neither_spoken_nor_left(tmp_path, voices_yaml):
    script = tmp_path / "s.md"
    # Known entities are decoded on import (test_entities.py); one that no HTML defines (issue 30:
    # an XML entity bomb's &lol9;) names nothing to say and is dropped, so check has nothing to report.
    script.write_text("---\ntitle: t\n---\n主持人: 请看 &nbsp;&copy;&madeup; 这里。\n", encoding="utf-8")
    result = run("check", script, "--voices", voices_yaml)
    assert result.exit_code == 0 and "leftover" not in result.output
    parsed = json.loads(run("parse", script, "--json", "--voices", voices_yaml).output)
    assert "madeup" not in json.dumps(parsed, ensure_ascii=False)


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"   \n\n  ", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "is a PNG picture, which voicecast does not read"),
    (b"\x00\x01\x02\x03" * 100, "not a text file"),
    (b"![](https://example.com/a.png)\n\nhttps://example.com\n", "nothing to speak"),
    ("---\ntitle: [unclosed\n---\n你好\n".encode(), "front matter is not valid YAML"),
    ("---\nlanguage: fr\n---\n你好\n".encode(), "language 'fr' is not supported"),
    ("---\ntitle: t\n---\n主持人: 你好\n\n[pause forever]\n".encode(), "bad pause directive"),
])
def test_bad_input_gives_clear_error_not_traceback(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("parse", path)
    assert result.exit_code != 0
    assert message in result.output
    assert str(path) in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, (AttributeError, TypeError, ValueError, KeyError, IndexError))


def test_missing_file_and_bad_voices(tmp_path):
    result = run("parse", tmp_path / "nope.txt")
    assert result.exit_code != 0 and "no such file" in result.output.lower()
    voices = tmp_path / "v.yaml"
    voices.write_text("speakers:\n  主持人:\n    kokoro: zm_nobody\n", encoding="utf-8")
    result = run("parse", DATA / "own_format.md", "--voices", voices)
    assert result.exit_code != 0
    assert f"{voices}: speakers.主持人.kokoro: unknown kokoro voice 'zm_nobody'" in result.output


def test_label_with_no_text_and_huge_file(tmp_path):
    path = tmp_path / "label.txt"
    path.write_text("主持人:\n嘉宾: 你好。\n主持人:\n", encoding="utf-8")
    data = json.loads(run("parse", path, "--json").output)
    assert [(t["speaker"], t["text"]) for t in data["chapters"][0]["turns"]] == [("嘉宾", "你好。")]
    big = tmp_path / "big.txt"
    block = "主持人: 今天我们讨论人工智能的未来，以及 GPT-4 对世界的影响。\n嘉宾: 我认为 AGI 还很远。\n"
    big.write_text(block * (5 * 1024 * 1024 // len(block.encode())), encoding="utf-8")
    result = run("parse", big, "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["chapters"][0]["turns"][1]["speaker"] == "嘉宾"


def test_version():
    assert run("--version").exit_code == 0


def test_library_errors_name_options_by_meaning_and_the_cli_by_its_flags(tmp_path):
    from voicecast.errors import VoicecastError, option
    from voicecast.show.feed import check_base_url

    with pytest.raises(VoicecastError) as err:
        check_base_url("not a url")
    assert "the base URL 'not a url' must be an absolute" in str(err.value) and "--" not in str(err.value)
    assert err.value.for_cli({"base_url": "--base-url"}).startswith("the --base-url 'not a url'")
    assert str(VoicecastError(f"choose another {option('outdir')}")) == "choose another output folder"
    result = run("feed", tmp_path, "--base-url", "not a url")
    assert result.exit_code != 0 and "the --base-url 'not a url' must be an absolute" in result.output
