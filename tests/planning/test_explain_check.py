"""`voicecast parse --explain` says why, and `voicecast check` warns where the structure is doubtful."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import DATA

from voicecast.cli.main import cli
from voicecast.parsing import parse_text
from voicecast.planning.check import structure_findings

CORPUS = DATA / "corpus"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_explain_gives_each_candidate_its_evidence_and_verdict():
    result = run("parse", "--explain", CORPUS / "reporter_answer.txt")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "记者: speaker" in out and "alternates with 答" in out
    assert "以下是访谈实录: not a speaker" in out and "no speech of its own" in out
    assert "line 1: junk line: '本报记者 张磊'" in out


def test_explain_json_lists_headings_with_their_rule_and_every_dropped_stretch():
    result = run("parse", "--explain", "--json", CORPUS / "oneline_headings.txt")
    data = json.loads(result.output)["explain"]
    assert [h["title"] for h in data["headings"]] == ["安全与对齐", "国际合作", "开源的未来"]
    assert all("set off by spaces" in h["why"] for h in data["headings"])
    speakers = {c["name"]: c for c in data["speakers"]}
    assert speakers["王明"]["speaker"] and speakers["Alex Chen"]["speaker"]
    dropped = json.loads(run("parse", "--explain", "--json", CORPUS / "timestamps_bracket.txt").output)["explain"]["dropped"]
    assert [d["line"] for d in dropped if d["why"] == "timestamp"] == [1, 2, 3, 4, 5, 6]
    toc = json.loads(run("parse", "--explain", "--json", CORPUS / "toc_headings.txt").output)["explain"]["dropped"]
    assert [d["text"] for d in toc] == ["本期目录", "一、为什么是现在", "二、数据从哪里来", "三、给开发者的建议"]


def test_check_warns_when_one_voice_has_nearly_all_the_text():
    long = "我认为这个问题需要从很多方面来看，首先是数据，然后是算力，最后是人才。" * 30
    script = parse_text(f"主持人：请讲。\n\n嘉宾：{long}\n\n主持人：谢谢。\n\n嘉宾：不客气。\n")
    messages = [f.message for f in structure_findings(script)]
    assert any("嘉宾 has 9" in m and "labels missing" in m for m in messages)
    assert not structure_findings(parse_text("主持人：请讲。\n\n嘉宾：好的。\n\n主持人：谢谢。\n\n嘉宾：不客气。\n"))


def test_check_warns_on_a_very_long_turn_and_a_spoken_heading_like_line():
    long = "这句话很长，但是没有人打断。" * 250
    script = parse_text(f"主持人：请讲。\n\n嘉宾：{long}\n\n主持人：谢谢。\n\n嘉宾：不客气。\n\n主持人：下一个话题\n")
    findings = structure_findings(script)
    assert any(f.line == 3 and "a turn of 3500 characters by 嘉宾" in f.message for f in findings)
    assert any("'下一个话题' looks like a heading but is spoken" in f.message for f in findings)
    # Replies are not headings.
    assert not any("谢谢" in f.message or "不客气" in f.message for f in findings)
    result = run("check", DATA / "inline_blob.txt")  # its title, glued before the first label, is not said
    assert "looks like a heading but is spoken" not in result.output


def test_check_lists_latin_words_the_engine_would_guess(tmp_path):
    script = tmp_path / "talk.md"
    script.write_text("主持人：我们聊聊Sutskever和Karpathy，还有Kevin Weil的看法。\n\n"
                      "嘉宾：AGI、ChatGPT、GPT-5、iPhone、tokens和fine-tuned模型都没问题，Weil也来过。\n", encoding="utf-8")
    voices = tmp_path / "voices.yaml"
    voices.write_text("speakers:\n  主持人: {kokoro: zm_yunxi}\n  嘉宾: {kokoro: zf_xiaoyi}\nlexicon:\n  Kevin: /kˈɛvɪn/\n",
                      encoding="utf-8")
    result = run("check", script, "--voices", voices)
    unsure = [line for line in result.output.splitlines() if "no confident reading" in line]
    # Weil is in no dictionary (listed once, with its count, at its first line); the built-in
    # lexicon has Sutskever and Karpathy, the user's Kevin; acronyms are spelled; the rest are words.
    assert len(unsure) == 1 and f"{script}:1: warning: no confident reading for 'Weil' (2×)" in unsure[0]
    assert "voices.yaml" in unsure[0] and "Weil: /…/" in unsure[0]
    assert run("check", script, "--voices", voices, "--engine", "edge").output.count("no confident reading") == 0


def test_confident_readings_split_product_names_at_case_boundaries():
    from voicecast.pronounce.known_words import confident, unsure_words

    assert confident("DeepMind", set()) and confident("YouTube", set()) and confident("APIs", set())
    assert not confident("Sutskever", set()) and confident("Sutskever", {"Sutskever"})
    # Regular endings and common prefixes of dictionary words are known words too.
    for word in ("companies", "sourcing", "running", "today's",
                 "superintelligence", "multi-year", "capabilities"):
        assert confident(word, set()), word
    assert not confident("hewersicks", set())
    assert unsure_words("Sam Altman和Brockman", {"Sam Altman": "/sˈæm ˈɔltmən/"}) == ["Brockman"]


def test_the_example_episode_has_no_word_the_engine_would_guess():
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "interview.md"
    assert "no confident reading" not in run("check", example).output
