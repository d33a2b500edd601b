from __future__ import annotations

import pytest

from voicecast.errors import VoiceConfigError
from voicecast.planning.voices import load_voices, parse_voices

MINIMAL = """
speakers:
  主持人:
    kokoro: zm_yunxi
    edge: zh-CN-YunxiNeural
  嘉宾:
    kokoro: zf_xiaoxiao
    edge: zh-CN-XiaoxiaoNeural
"""


def test_minimal_form_is_accepted_with_documented_defaults():
    cfg = parse_voices(MINIMAL)
    assert cfg.engine == "kokoro"
    assert cfg.voice_name("主持人", "kokoro", "zh") == "zm_yunxi"
    assert cfg.voice_name("嘉宾", "edge", "en") == "zh-CN-XiaoxiaoNeural"
    assert cfg.voice_name(None, "kokoro", "en") == "af_heart"
    assert (cfg.pauses.sentence, cfg.pauses.turn, cfg.pauses.chapter) == (350, 900, 2000)


def test_repo_voices_yaml_loads_and_fits_samples(voices_yaml):
    cfg = load_voices(voices_yaml)
    assert cfg.known_speakers()["奥特曼"] == "Sam Altman"
    assert cfg.voice_name("Lex Fridman", "kokoro", "en") == "am_michael"
    assert cfg.lexicon_for("zh")["Llya"] == "Ilya"


def test_per_language_voices_narrator_and_lexicon_forms():
    cfg = parse_voices("""
narrator: {kokoro: zf_xiaobei}
speakers:
  Lex: {kokoro: {zh: zm_yunjian, en: am_michael}, speed: 1.1, rate: "+10%", pitch: "-5Hz", aliases: [Lex Fridman]}
pauses: {sentence: 200}
lexicon:
  行长: hang2 zhang3
  en: {GPT: G P T}
spoken_chapter_titles: true
""")
    assert cfg.voice_name(None, "kokoro", "en") == "zf_xiaobei"
    assert cfg.voice_name(None, "edge", "zh") == "zh-CN-XiaoxiaoNeural"
    assert cfg.voice_name("Lex", "kokoro", "en") == "am_michael"
    assert cfg.speakers["Lex"].options["speed"] == 1.1
    assert {"行长": "hang2 zhang3", "GPT": "G P T"}.items() <= cfg.lexicon_for("en").items()
    assert cfg.pauses.sentence == 200 and cfg.spoken_chapter_titles


@pytest.mark.parametrize("text, field, words", [
    ("speaker: {}", "speaker", "unknown key"),
    ("speakers:\n  A: {kokoro: zm_nobody}", "speakers.A.kokoro", "unknown kokoro voice"),
    ("speakers:\n  A: {edge: Xiaoxiao}", "speakers.A.edge", "unknown edge voice"),
    ("speakers:\n  A: {kokoro: {fr: ff_siwis}}", "speakers.A.kokoro.fr", "unknown language"),
    ("speakers:\n  A: {kokoro: zm_yunxi, sped: 1}", "speakers.A.sped", "unknown key"),
    ("speakers:\n  A: {kokoro: zm_yunxi, speed: 5}", "speakers.A.speed", "0.5 to 2.0"),
    ("speakers:\n  A: {kokoro: zm_yunxi, english_mix: 1.5}", "speakers.A.english_mix", "from 0 (off) to 1"),
    ("speakers:\n  A: {kokoro: zm_yunxi, english_voice: zf_xiaoyi}", "speakers.A.english_voice", "not an English"),
    ("speakers:\n  A: {edge: zh-CN-YunxiNeural, rate: fast}", "speakers.A.rate", "not valid"),
    ("speakers:\n  A: zm_yunxi", "speakers.A", "per engine"),
    ("pauses: {turn: -1}", "pauses.turn", "milliseconds"),
    ("pauses: {breath: 10}", "pauses.breath", "unknown key"),
    ("engine: google", "engine", "unknown engine"),
    ("speakers:\n  A: {kokoro: zm_yunxi, aliases: [B]}\n  B: {kokoro: zm_yunxi}", "speakers.B.aliases", "already used"),
    ("speakers: [a, b", "line", "not valid YAML"),
    ("lexicon:\n  zh: {行长: hang2}", "lexicon.zh.行长", "1 pinyin syllables for 2 characters"),
    ("lexicon:\n  Sora: /sˈɔɹə", "lexicon.Sora", "between two slashes"),
])
def test_validation_names_file_and_field(text, field, words):
    with pytest.raises(VoiceConfigError) as err:
        parse_voices(text, "my/voices.yaml")
    assert str(err.value).startswith(f"my/voices.yaml: {field}")
    assert words in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(VoiceConfigError, match="no such file"):
        load_voices(tmp_path / "nope.yaml")


def test_english_mix_goes_into_the_plan_only_for_sentences_with_english():
    from voicecast.parsing import parse_text
    from voicecast.planning.plan import plan_script

    cfg = parse_voices("""
speakers:
  Sam: {kokoro: {zh: zm_yunxi, en: am_adam}, english_voice: am_santa}
  Host: {kokoro: zf_xiaoxiao, english_mix: 0}
  Guest: {kokoro: zf_xiaoyi, english_mix: 0.6}
""")
    script = parse_text("Sam: 我觉得GPT-4很强。今天天气很好。\n\nHost: 我们聊聊Sora。\n\nGuest: OpenAI发布了新模型。\n",
                        known_speakers=cfg.known_speakers())
    segments = [s for ch in plan_script(script, cfg, "kokoro", "k", 120) for s in ch.segments]
    opts = {s.sentence.text: dict(s.options) for s in segments}
    assert opts["我觉得GPT-4很强。"]["english_mix"] == 0.5  # the default
    assert opts["我觉得GPT-4很强。"]["english_voice"] == "am_santa"
    assert "english_mix" not in opts["今天天气很好。"]  # no English: its cache key does not change
    assert opts["我们聊聊Sora。"]["english_mix"] == 0.0
    assert opts["OpenAI发布了新模型。"]["english_mix"] == 0.6
    assert opts["OpenAI发布了新模型。"]["english_voice"] == ""  # no English voice given: the engine picks


def test_question_and_answer_sides_get_two_voices_unless_voices_yaml_names_them(tmp_path):
    from conftest import DATA, load

    from voicecast.engines.fake import FakeEngine
    from voicecast.parsing import parse_file
    from voicecast.planning.plan import check_voices
    from voicecast.render import RenderOptions, render

    defaults = parse_voices("{}")
    for ask, answer, lang in (("问", "答", "zh"), ("Q", "A", "en"), ("记者", "答", "zh"), ("Interviewer", "Interviewee", "en")):
        for engine in ("kokoro", "edge"):
            voices = {defaults.voice_name(who, engine, lang) for who in (ask, answer, None)}
            assert None not in voices and len(voices) == 3, (ask, answer, engine)  # and not the narrator's
    script = parse_file(DATA / "corpus" / "qa_zh.txt")
    check_voices(script, defaults, "kokoro")  # no error: both sides have voices
    engine = FakeEngine()
    render(load(DATA / "corpus" / "qa_en.txt", defaults), defaults, RenderOptions(outdir=tmp_path / "out"), engine=engine)
    assert {v for _, v in engine.calls} == {"am_michael", "af_bella"}
    # voices.yaml maps the roles to its own speakers through aliases, and names win over defaults.
    mine = parse_voices("speakers:\n  主持人: {kokoro: zm_yunjian, aliases: [问]}\n  答: {kokoro: zf_xiaobei}\n")
    script = parse_file(DATA / "corpus" / "qa_zh.txt", known_speakers=mine.known_speakers())
    assert script.speakers == ["主持人", "答"]
    assert mine.voice_name("答", "kokoro", "zh") == "zf_xiaobei"
    # Other unknown speakers still need voices.yaml: no guessing for names.
    assert defaults.voice("陌生人") is None


def test_built_in_lexicon_knows_tech_names_and_voices_yaml_wins_over_it():
    plain = parse_voices("")
    assert plain.lexicon_for("zh")["Sutskever"].startswith("/") and plain.lexicon_for("en")["Anthropic"].startswith("/")
    assert plain.lexicon_for("zh")["Baidu"] == "百度" and "Baidu" not in plain.lexicon_for("en")
    mine = parse_voices("lexicon:\n  Sora: /sˈOɹɑ/\n  en: {Baidu: By-doo}\n  zh: {Altman: Altman}\n")
    assert mine.lexicon_for("zh")["Sora"] == "/sˈOɹɑ/"
    assert mine.lexicon_for("en")["Baidu"] == "By-doo" and mine.lexicon_for("zh")["Baidu"] == "百度"
    assert mine.lexicon_for("zh")["Altman"] == "Altman" and mine.lexicon_for("en")["Altman"].startswith("/")


def test_editing_one_lexicon_entry_changes_only_the_cache_keys_of_sentences_that_use_it():
    from voicecast.parsing import parse_text
    from voicecast.planning.plan import plan_script

    script = parse_text("我们聊聊Sora。今天天气很好。我们聊聊Llya。\n")

    def keys(extra: str) -> dict[str, str]:
        cfg = parse_voices(f"lexicon:\n  Llya: Ilya\n{extra}")
        return {s.sentence.text: s.key for ch in plan_script(script, cfg, "kokoro", "k", 120) for s in ch.segments
                if hasattr(s, "sentence")}

    before, after = keys(""), keys("  Sora: /sˈOɹɑ/\n  Ilya: /ˈɪliə/\n")
    assert before["今天天气很好。"] == after["今天天气很好。"]
    assert before["我们聊聊Sora。"] != after["我们聊聊Sora。"]
    assert before["我们聊聊Llya。"] != after["我们聊聊Llya。"]  # Llya becomes Ilya, whose entry changed
