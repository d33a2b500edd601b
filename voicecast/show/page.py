"""The web pages beside the audio: ``index.html`` in each episode folder (a player, the chapter
list to tap, and the transcript that follows the playback) and a show index listing the episodes.
Self-contained: inline CSS and script, system fonts, no network. Pure functions of their data."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from ..episode.report import RenderReport
from ..text.subtitles import SubCue, cue_text
from .feed import show_description, show_language, show_title

_CSS = """
:root { color-scheme: light dark; --accent: #1d4e89; --hl: #fff1c9; --muted: #667; }
@media (prefers-color-scheme: dark) { :root { --accent: #8cb8f0; --hl: #4a3f1c; --muted: #99a; } }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.6 system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei",
       sans-serif; }
header { position: sticky; top: 0; z-index: 1; padding: .75rem 1rem; background: Canvas;
         border-bottom: 1px solid color-mix(in srgb, CanvasText 15%, transparent); }
h1 { font-size: 1.15rem; margin: 0 0 .4rem; line-height: 1.3; }
audio { width: 100%; }
main { max-width: 46rem; margin: 0 auto; padding: 0 1rem 4rem; }
h2 { font-size: 1rem; color: var(--muted); margin: 1.4rem 0 .4rem; text-transform: uppercase; letter-spacing: .05em; }
ol.chapters { list-style: none; padding: 0; margin: 0; }
ol.chapters button { width: 100%; display: flex; justify-content: space-between; gap: 1rem; padding: .65rem .5rem;
    font: inherit; text-align: left; background: none; color: inherit; border: 0; border-radius: .4rem;
    border-bottom: 1px solid color-mix(in srgb, CanvasText 10%, transparent); cursor: pointer; min-height: 44px; }
ol.chapters button.current { color: var(--accent); font-weight: 600; }
time { color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
.transcript p { margin: 0; padding: .35rem .5rem; border-radius: .4rem; cursor: pointer; }
.transcript p.current { background: var(--hl); }
.transcript h3 { font-size: 1rem; margin: 1.2rem 0 .3rem; color: var(--accent); }
.transcript .who { font-size: .85rem; font-weight: 600; color: var(--muted); margin: .7rem .5rem 0; }
ul.episodes { list-style: none; padding: 0; }
ul.episodes li { padding: .8rem 0; border-bottom: 1px solid color-mix(in srgb, CanvasText 10%, transparent); }
ul.episodes a { color: var(--accent); font-weight: 600; text-decoration: none; font-size: 1.05rem; }
code { word-break: break-all; }
"""

_SCRIPT = """
(() => {
  const audio = document.getElementById("player");
  const cues = Array.from(document.querySelectorAll(".transcript p[data-start]"));
  const chapters = Array.from(document.querySelectorAll("ol.chapters button[data-start]"));
  const starts = cues.map(c => parseFloat(c.dataset.start));
  let current = null, currentChapter = null;
  function find(t) {            // last cue starting at or before t
    let lo = 0, hi = starts.length - 1, at = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (starts[mid] <= t + 0.001) { at = mid; lo = mid + 1; } else hi = mid - 1; }
    return at;
  }
  function follow() {
    const t = audio.currentTime;
    const i = find(t);
    const cue = i >= 0 && t < parseFloat(cues[i].dataset.end) + 1.5 ? cues[i] : null;
    if (cue !== current) {
      if (current) { current.classList.remove("current"); current.removeAttribute("aria-current"); }
      current = cue;
      if (cue) {
        cue.classList.add("current"); cue.setAttribute("aria-current", "true");
        const r = cue.getBoundingClientRect();
        if (r.top < 120 || r.bottom > window.innerHeight) cue.scrollIntoView({block: "center", behavior: "smooth"});
      }
    }
    let ch = null;
    for (const b of chapters) if (parseFloat(b.dataset.start) <= t + 0.001) ch = b;
    if (ch !== currentChapter) {
      if (currentChapter) currentChapter.classList.remove("current");
      currentChapter = ch;
      if (ch) ch.classList.add("current");
    }
  }
  function jump(seconds) {
    audio.currentTime = seconds;
    follow();
    const p = audio.play();
    if (p) p.catch(() => {});
  }
  chapters.forEach(b => b.addEventListener("click", () => jump(parseFloat(b.dataset.start))));
  cues.forEach(c => c.addEventListener("click", () => jump(parseFloat(c.dataset.start))));
  ["timeupdate", "seeked", "seeking", "play"].forEach(e => audio.addEventListener(e, follow));
  const m = /[#&]t=([0-9.]+)/.exec(location.hash);
  if (m) audio.currentTime = parseFloat(m[1]);
})();
"""


_LABELS = {
    "en": {"chapters": "Chapters", "transcript": "Transcript", "files": "Files", "all": "all episodes",
           "subscribe": "Subscribe", "how": "In a podcast app, add this feed by URL:", "episodes": "Episodes",
           "none": "No episodes yet.", "rendering": "Still rendering: chapters done so far"},
    "zh": {"chapters": "章节", "transcript": "文字稿", "files": "文件", "all": "全部节目", "subscribe": "订阅",
           "how": "在播客应用里用网址添加这个订阅源：", "episodes": "节目", "none": "还没有节目。",
           "rendering": "仍在制作，已完成的章节"},
}


def _labels(lang: str) -> dict[str, str]:
    return _LABELS["zh" if (lang or "").lower().startswith("zh") else "en"]


def _clock(ms: int) -> str:
    s = max(0, int(ms // 1000))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def _doc(title: str, lang: str, body: str, script: str = "") -> str:
    html_lang = "zh-CN" if lang.startswith("zh") else (lang or "en")
    return (f'<!doctype html>\n<html lang="{escape(html_lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n"
            + (f"<script>{script}</script>\n" if script else "") + "</body>\n</html>\n")


def episode_page(report: RenderReport, cues: list[SubCue], audio: str = "episode.mp3") -> str:
    """The episode's page from its render report and subtitle cues (saved as data by the render)."""
    title = report.title or "Episode"
    t = _labels(report.language or "en")
    chapters = report.chapters
    items = "\n".join(
        f'<li><button type="button" data-start="{c.start_ms / 1000:.3f}">'
        f'<span>{escape(c.title or title)}</span><time>{_clock(c.start_ms)}</time></button></li>'
        for c in chapters)
    bounds = [(c.start_ms, c.title or title) for c in chapters]
    lines, k, speaker = [], 0, None
    for cue in cues:
        while k < len(bounds) and bounds[k][0] <= cue.start_ms + 1:
            if len(bounds) > 1:
                lines.append(f"<h3>{escape(bounds[k][1])}</h3>")
            k += 1
            speaker = None  # name the first speaker of every chapter
        if cue.speaker and cue.speaker != speaker:
            lines.append(f'<div class="who">{escape(cue.speaker)}</div>')
        speaker = cue.speaker
        lines.append(f'<p data-start="{cue.start_ms / 1000:.3f}" data-end="{cue.end_ms / 1000:.3f}">'
                     f"{escape(cue_text(cue.lines))}</p>")
    downloads = " · ".join(f'<a href="{quote(n)}">{escape(n)}</a>' for n in report.files if n.startswith("episode."))
    rendering = f'<p class="rendering">{t["rendering"]}: {escape(report.rendering)}</p>\n' if report.rendering else ""
    body = (f'<header><h1>{escape(title)}</h1>\n{rendering}<audio id="player" controls preload="metadata" '
            f'src="{quote(audio)}"></audio></header>\n<main>\n'
            f'<h2>{t["chapters"]}</h2>\n<ol class="chapters">\n{items}\n</ol>\n'
            f'<h2>{t["transcript"]}</h2>\n<div class="transcript">\n' + "\n".join(lines) + "\n</div>\n"
            f'<h2>{t["files"]}</h2>\n<p>{downloads} · <a href="../">{t["all"]}</a></p>\n</main>')
    return _doc(title, report.language or "en", body, _SCRIPT)


def show_page(show, episodes: list, feed_url: str) -> str:
    """The show index: the feed to subscribe to and every episode (newest first)."""
    title, language = show_title(show), show_language(show, episodes)
    t = _labels(language)
    rows = "\n".join(
        f'<li><a href="{quote(e.slug)}/">{escape(e.title)}</a><br><time>{escape(e.published)} · '
        f"{_clock(e.duration_ms)}</time></li>" for e in episodes) or f"<li>{t['none']}</li>"
    body = (f"<header><h1>{escape(title)}</h1></header>\n<main>\n<p>{escape(show_description(show))}</p>\n"
            f"<h2>{t['subscribe']}</h2>\n<p>{t['how']} "
            f'<a href="{escape(feed_url)}"><code>{escape(feed_url)}</code></a></p>\n'
            f'<h2>{t["episodes"]}</h2>\n<ul class="episodes">\n{rows}\n</ul>\n</main>')
    return _doc(title, language, body)
