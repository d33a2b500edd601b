"""The episode page in a real headless browser (Debian's chromium driven by Playwright; tests/run
installs it), loaded from a running `voicecast serve`: tap a chapter, the player's time moves there
and the transcript highlight follows; on a phone-sized screen, with no request leaving the server."""

from __future__ import annotations

import pytest
from conftest import tool
from show_fixtures import make_show, running_server
from test_pipeline_fake import PNG

pytestmark = pytest.mark.slow



@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("page") / "root"
    report = make_show(root, PNG)
    with running_server(root) as (url, _):
        yield url, report


@pytest.fixture(scope="module")
def browser():
    chromium = tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, headless=True,
                               args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                     "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                                     "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True,
                              has_touch=True)
    page = ctx.new_page()
    yield page
    ctx.close()


def _state(page):
    return page.evaluate("""() => {
        const a = document.getElementById('player');
        const cue = document.querySelector('.transcript p.current');
        const ch = document.querySelector('ol.chapters button.current');
        return {time: a.currentTime, duration: a.duration, ready: a.readyState,
                cue: cue && {start: parseFloat(cue.dataset.start), end: parseFloat(cue.dataset.end), text: cue.textContent},
                chapter: ch && ch.textContent};
    }""")


def test_tapping_a_chapter_moves_the_player_and_the_highlight(served, phone):
    url, report = served
    outside = []
    phone.on("request", lambda r: outside.append(r.url) if not r.url.startswith(url) else None)
    phone.goto(f"{url}/ep1/", wait_until="load")
    phone.wait_for_function("document.getElementById('player').readyState >= 1", timeout=15000)
    state = _state(phone)
    assert abs(state["duration"] * 1000 - report["duration_ms"]) < 200

    chapters = report["chapters"]
    assert [b.inner_text().split("\n")[0] for b in phone.locator("ol.chapters button").all()] == ["开场", "模型", "结尾"]
    for index in (1, 2, 0):  # 模型, 结尾, back to 开场
        start = chapters[index]["start_ms"] / 1000
        phone.locator("ol.chapters button").nth(index).tap()
        phone.wait_for_function(
            f"Math.abs(document.getElementById('player').currentTime - {start}) < 1.0 && "
            "document.querySelector('.transcript p.current') !== null", timeout=10000)
        state = _state(phone)
        assert start - 0.05 <= state["time"] < start + 1.0
        assert chapters[index]["title"] in state["chapter"]
        cue = state["cue"]
        # The highlighted sentence is the one being heard, inside the tapped chapter.
        assert cue["start"] <= state["time"] + 0.01 and chapters[index]["start_ms"] / 1000 - 0.01 <= cue["start"]
        assert cue["start"] < chapters[index]["end_ms"] / 1000
    assert outside == []


def test_transcript_follows_playback_and_tapping_a_sentence_seeks(served, phone):
    url, report = served
    phone.goto(f"{url}/ep1/", wait_until="load")
    phone.wait_for_function("document.getElementById('player').readyState >= 1", timeout=15000)
    sentence = phone.locator(".transcript p", has_text="我觉得这是一个很大的进步。")
    sentence.tap()
    start = float(sentence.get_attribute("data-start"))
    phone.wait_for_function(f"document.getElementById('player').currentTime >= {start}", timeout=10000)
    assert phone.locator(".transcript p.current").inner_text() == sentence.inner_text()
    # Let it play on into the next sentence: the highlight moves without any tap.
    end = float(sentence.get_attribute("data-end"))
    phone.evaluate(f"document.getElementById('player').currentTime = {end + 0.4}")
    phone.wait_for_function(
        "document.querySelector('.transcript p.current') && "
        f"parseFloat(document.querySelector('.transcript p.current').dataset.start) > {start}", timeout=10000)
    assert "但是还有很多问题。" in phone.locator(".transcript p.current").inner_text()


def test_page_fits_a_phone_screen_and_the_show_index_links_episodes(served, phone):
    url, _ = served
    phone.goto(f"{url}/ep1/", wait_until="load")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = phone.locator("ol.chapters button").first.bounding_box()
    assert box["height"] >= 44  # a comfortable tap target
    phone.goto(f"{url}/", wait_until="load")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.locator("ul.episodes a", has_text="Episode two").tap()
    phone.wait_for_url(f"{url}/ep2/")
    assert phone.locator("h1").inner_text() == "Episode two"
