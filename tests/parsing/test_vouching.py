"""A label used once is a speaker only with evidence (parsing/vouching.py): here, that the page
names the person elsewhere, as an oral history's cover names its interviewers."""

from __future__ import annotations

from voicecast.parsing import parse_text

COVER = ("AN INTERVIEW WITH MARY JONES FOR THE ORAL HISTORY ARCHIVES\n\n"
         "INTERVIEW CONDUCTED BY TOM BAKER and ANN LEE, MAY 2, 2010\n\n")
TALK = ("2 Ann Lee: This begins an interview with Mary Jones on May 2, 2010, with Ann Lee and Tom Baker. "
        "Tom Baker: Thank you for coming in today. Mary Jones: I am glad to. TB: Where were you born? "
        "MJ: In Ohio, on a farm. TB: And your parents? MJ: Farmers, both of them. TB: When did you leave? "
        "MJ: In 1950, for college.\n")


def _turns(text: str) -> list[tuple[str | None, str]]:
    return [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]


def test_a_label_used_once_by_a_person_the_page_names_is_a_speaker():
    turns = _turns(COVER + TALK)
    assert turns[0] == ("Ann Lee", "This begins an interview with Mary Jones on May 2, 2010, with Ann Lee and Tom Baker.")
    assert [s for s, _ in turns] == ["Ann Lee", "Tom Baker", "Mary Jones"] + ["Tom Baker", "Mary Jones"] * 3


def test_a_phrase_before_a_colon_is_not_a_speaker_for_being_on_the_page_again():
    # "Ann Lee" named on the page does not make every phrase before a colon a speaker.
    text = COVER + TALK.replace("2 Ann Lee: This begins", "The plan: This begins")
    assert all(s != "The plan" for s, _ in _turns(text))
    text = COVER + "Ann Lee: a life in letters\n\n" + TALK.replace("2 Ann Lee: ", "")
    assert all(s != "Ann Lee" for s, _ in _turns(text))


INTERVIEW = ("TR: Thank you for talking with me.\n\nSK: Happy to.\n\nTR: Where did you grow up?\n\n"
             "SK: In Busan, by the sea. My father was a fisherman.\n\nTR: Did you ever go out with him?\n\n"
             "SK: Every summer.\n")


def test_initials_are_the_people_the_intro_names():
    text = "Interview with Dr. Sarah Kim, conducted by Tom Reyes, March 3, 2021.\n\n" + INTERVIEW
    script = parse_text(text)
    assert [t.speaker for ch in script.chapters for t in ch.turns][:3] == [None, "Tom Reyes", "Sarah Kim"]
    # voices.yaml's entry for the name is the voice of the initials' turns.
    known = parse_text(text, known_speakers={"Sarah Kim": "Sarah Kim", "Kim": "Sarah Kim"})
    assert "Sarah Kim" in [t.speaker for ch in known.chapters for t in ch.turns]


def test_initials_two_names_share_or_no_intro_names_stay_as_written():
    shared = "Interview with Sam King and Sue Kent, conducted by Tom Reyes.\n\n" + INTERVIEW
    assert {t.speaker for ch in parse_text(shared).chapters for t in ch.turns} == {None, "Tom Reyes", "SK"}
    mentioned_later = INTERVIEW + "\nTR: Thanks, Sarah Kim.\n"
    assert {t.speaker for ch in parse_text(mentioned_later).chapters for t in ch.turns} == {"TR", "SK"}


def test_numbered_unidentified_speakers_are_labels_each_their_own():
    """NPR and CNN transcripts label people they cannot name ``UNIDENTIFIED PERSON #1:``; ``#1`` and
    ``#2`` are two people, and a once-used ``UNIDENTIFIED MALE:`` among capitals is a label too."""
    text = ("ARI SHAPIRO, HOST:\n\nGood evening.\n\n(SOUNDBITE OF ARCHIVED BROADCAST)\n\n"
            "UNIDENTIFIED PERSON #1: We interrupt this program.\n\nSHAPIRO: That was 1938.\n\n"
            "UNIDENTIFIED PERSON #2: It's coming this way!\n\nUNIDENTIFIED MALE: Run!\n\n"
            "SHAPIRO: And people believed it.\n\nUNIDENTIFIED PERSON #1: Some did.\n")
    turns = _turns(text)
    assert [s for s, _ in turns] == ["ARI SHAPIRO", "UNIDENTIFIED PERSON #1", "ARI SHAPIRO", "UNIDENTIFIED PERSON #2",
                                     "UNIDENTIFIED MALE", "ARI SHAPIRO", "UNIDENTIFIED PERSON #1"]
    assert all("UNIDENTIFIED" not in t for _, t in turns)
