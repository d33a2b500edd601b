"""Ablation of the parser's layers on a gold corpus (../shared/corpus): the whole parser, then the
parser with one layer left out at a time, each scored on the tuning and the frozen half (cut by
tests/gold.py's seed). A layer pays where leaving it out costs on the frozen half. Prints JSON.

    python bench/parse_ablation.py [--gold ../shared/corpus]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from gold import SHARED_CORPUS, frozen_half, gold, score_file, summary  # noqa: E402

import voicecast.parsing as parsing
from voicecast.parsing import (
    asides,
    blocks,
    captions,
    chrome,
    clean,
    delimiters,
    headings,
    identities,
    labels,
    layout,
    preamble,
    speakers,
    transcript,
)

NEVER = re.compile(r"(?!x)x")
# Each layer, and how to leave it out (the patch that makes it do nothing).
LAYERS = {
    "identities (short forms are the person named in full)": [(speakers, "same_person", lambda forms, seq, han=None: {})],
    "homophones and slipped letters": [(identities, "_slips", lambda forms, seq, answering: {})],
    "translated names": [(identities, "translated", lambda forms, seq, han: {})],
    "caption >> turns": [(delimiters, "chevron_turns", lambda lines: [])],
    "bracketed labels ([Name] text)": [(delimiters, "bracket_labels", lambda lines: set())],
    "screenplays": [(layout, "screenplay_lines", lambda lines: lines)],
    "unlabelled answers under labelled questions (Q: Why…? / I was…)": [(layout, "unanswered_questions", lambda lines: lines)],
    "an interview's questions in bold, no labels (**你为什么回国？** / the answer)": [(layout, "bold_questions", lambda lines: lines)],
    "speakers cutting in inside brackets": [(transcript, "interjections", lambda text, label_of: [(None, text)])],
    "a play's header keys": [(speakers, "SCRIPT_HEADER_KEYS", set()), (preamble, "SCRIPT_HEADER_KEYS", set())],
    "a list of the speakers above the talk": [(preamble.Preamble, "cast_list", lambda self, text: False)],
    "bracketed asides not said": [(transcript, "drop_asides", lambda text: (text, []))],
    "dash and period label delimiters": [(transcript, "normalize_label_delimiters", lambda text: (text, []))],
    "preamble (title, furniture, key: value lines)": [(transcript._Builder, "_preamble_line",
                                                       lambda self, i, b, after: False)],
    "legends": [(preamble.Preamble, "_legends", lambda self, blocks: set())],
    "cast lists of role:actor pairs": [(preamble, "_cast_pairs", lambda text: False)],
    "page chrome (counters, notices, appeals)": [(clean, "is_chrome_line", lambda line: False)],
    "site names above the talk": [(preamble, "is_site_name", lambda line: False)],
    "preamble read line by line": [(preamble.Preamble, "short_lines", lambda self, b: [b.text])],
    "notes to the reader": [(transcript, "is_note", lambda text: False)],
    "stage directions and header lines: no headings, passed over to the turn after them":
        [(transcript, "is_direction", lambda text: False)],
    "a Latin word in a Han heading counts two characters": [(headings, "_LATIN_WORD_RE", NEVER)],
    "scene lines (time, place)": [(transcript, "is_scene_line", lambda text: False)],
    "the stage note after a quoted line": [(transcript, "after_the_quote", lambda text: (text, ""))],
    "a whole turn in quotes": [(labels, "_QUOTE_PAIRS", {})],
    "numbered dialogue (1.A:)": [(labels, "_LIST_NUMBER_RE", NEVER)],
    "a slipped delimiter (乙?…) after an established label": [(delimiters, "slipped_delimiters", lambda lines: [])],
    "a Han label set off by a space (主持人 大家好。)": [(delimiters, "_SPACE_RE", NEVER)],
    "a title before a surname in capitals, then a period (Mr. SMITH. / The CHAIRMAN.)":
        [(delimiters, "_PERIOD_RE", re.compile(r"^(?P<name>[A-Z][A-Z0-9'’.&-]*(?: [A-Z][A-Z0-9'’.&-]*){0,2}?)\.(?P<delim>)\s+(?P<rest>\S.*)$"))],
    "a bracketed action in a label's colon's place (老拱(试图…)你…)": [(delimiters, "_ACTION_SLIP_RE", NEVER)],
    "a label glued to its speech": [(delimiters, "glued_label", lambda lines: None)],
    "a once-used label the recurring speakers vouch for (name in full, capitals)":
        [(speakers.SpeakerTable, "_like_the_speakers", lambda self, key: [])],
    "a once-used name in full that the page names again (an oral history's interviewers)":
        [(speakers.SpeakerTable, "_named_elsewhere", lambda self, key: [])],
    "a line above the first turn that ends no sentence": [(preamble, "no_sentence_end", lambda text: False)],
    "a block in capitals above a talk in sentence case": [(preamble, "_in_capitals", lambda text: False)],
    "the page above a talk flattened into paragraphs": [(transcript._Builder, "_flat_talk", lambda self, texts: None)],
    "the page's controls (Download PDF, 打印)": [(chrome, "_WHOLE_LINE_RE", chrome.combine(v for k, v in chrome.WHOLE_LINE.items() if k != "control"))],
    "a comment's byline (Name said...)": [(chrome, "_WHOLE_LINE_RE", chrome.combine(v for k, v in chrome.WHOLE_LINE.items() if k != "comment byline"))],
    "the site's disclaimer (声明：…, Disclaimer:)": [(chrome, "_WHOLE_LINE_RE", chrome.combine(v for k, v in chrome.WHOLE_LINE.items() if k != "notice key"))],
    "a cast list one role:actor a paragraph": [(preamble, "_cast_runs", lambda blocks: set())],
    "a site's front matter makes a web copy, not voicecast's format": [(parsing, "own_front_matter", lambda text: True)],
    "captions, scripts, buttons in HTML are not said": [(clean, "_UNSPOKEN_ELEMENT_RE", NEVER)],
    "a legend's names with who they are, several to a role (嘉宾：王强（CTO）、赵敏)":
        [(identities, "_DESCRIBED_RE", NEVER), (identities, "_LIST_RE", NEVER)],
    "a legend read line by line among key: value lines": [(preamble.Preamble, "_legend_by_line", staticmethod(lambda b: None))],
    "sharing and listening platforms, rights notices, editing notes":
        [(chrome, "_WHOLE_LINE_RE", chrome.combine(v for k, v in chrome.WHOLE_LINE.items() if k != "platforms")),
         (chrome, "_RIGHTS_RE", NEVER), (chrome, "_EDITED_RE", NEVER)],
    "a page's staff credits (责编 李强 | 校对 张丽)":
        [(chrome, "_WHOLE_LINE_RE", chrome.combine(v for k, v in chrome.WHOLE_LINE.items() if k != "staff credits"))],
    "initials that are the people the intro names (TR: … Tom Reyes)":
        [(preamble.Preamble, "_initials_of_the_intro", lambda self, blocks: None)],
    "the headlines under a related-reading key (相关阅读 / 陳文茜：氣候變遷…)": [(blocks._Links, "AFTER_KEY", 0)],
    "a document viewer's controls (Size: px, Start display at page:)":
        [(chrome, "_WHOLE_LINE_RE", chrome.combine(v for k, v in chrome.WHOLE_LINE.items() if k != "viewer"))],
    "a timestamp after a label (Name:  0:00)": [(layout, "_LABEL_THEN_TS_RE", re.compile(r"(?P<label>(?!x)x)"))],
    "a video transcript with a time on every other line reads as running text":
        [(layout, "caption_copy", lambda lines: False)],
    "a timestamp in brackets right after a label's colon (Name: (00:00) text)":
        [(layout, "_TS_AFTER_LABEL_RE", re.compile(r"(?P<label>(?!x)x)"))],
    "a name in quotes before its colon (「主持」：)": [(labels, "_quoted_name", lambda paragraph: None)],
    "a bullet before a label (◆主持人：)": [(labels, "_BULLETS", frozenset())],
    "sound cue lines (音效：敲门声, SFX: door slams)": [(clean, "is_cue_line", lambda line: False)],
    "a radio script's cues without a colon, the end of a tape (SOUND OF WIND, 音乐起, [END OF TAPE 1])":
        [(asides, "_CUE_CAPS_RE", NEVER), (asides, "_CUE_ZH_RE", NEVER), (asides, "_RECORDING_END_RE", NEVER)],
    "names in brackets opening caption cues ([JOHN] …, （张三）…)": [(captions, "bracketed_names", lambda blocks: set())],
    "a label the cast list lacks, one character from a cast member's (世安 for 玉安)":
        [(preamble.Preamble, "_cast_typos", lambda self, cast: None)],
    "a court transcript's examination header (BY MR. LANE:)": [(asides, "_EXAMINATION_RE", NEVER)],
    "a number after '#' ends a name (UNIDENTIFIED PERSON #1:)":
        [(labels, "_LATIN_NAME_RE", re.compile(labels._LATIN_NAME_RE.pattern.replace("(?: ?#\\d{1,2})?", "")))],
    "an effect after the speech, set off by a space (辛达夷 拍桌子的音效)": [(asides, "_TRAILING_CUE_RE", NEVER)],
    "a section's number before a colon is a heading (第一幕:)": [(headings, "_SECTION_COLON_RE", NEVER)],
    "a label after a cue in brackets (【授课声】林老师:…)": [(transcript, "_CUE_OPENERS", ())],
}


def run(corpus: Path) -> dict:
    specs = gold(corpus)
    frozen = frozen_half(list(specs))
    scores = [score_file(corpus, name, spec) for name, spec in sorted(specs.items())]
    return {"tuning": summary([s for s in scores if s.name not in frozen]),
            "frozen": summary([s for s in scores if s.name in frozen])}


def brief(result: dict) -> dict:
    keep = ("right", "labels", "clean", "headings_spoken", "furniture_spoken", "split", "stranger_turns")
    return {half: {k: v for k, v in s.items() if k in keep} for half, s in result.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, default=SHARED_CORPUS)
    ap.add_argument("--only", default="", help="only the layers whose name holds this text")
    args = ap.parse_args()
    rows = {"all layers": brief(run(args.gold))}
    for layer, patches in LAYERS.items():
        if args.only not in layer:
            continue
        with ExitStack() as stack:
            for owner, name, value in patches:
                stack.enter_context(mock.patch.object(owner, name, value))
            rows[f"without {layer}"] = brief(run(args.gold))
    print(json.dumps({"corpus": str(args.gold), "ablation": rows}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
