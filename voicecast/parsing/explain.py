"""``voicecast parse --explain``: the evidence behind a parse, as text lines or JSON data."""

from __future__ import annotations

from .speakers import THRESHOLD
from .trace import Trace


def explain_data(trace: Trace) -> dict:
    """Every label candidate with its evidence and verdict, every heading with its rule, and every
    stretch dropped before speech, in source order."""
    candidates = trace.table.explain() if trace.table is not None else []
    return {
        "threshold": THRESHOLD,
        "speakers": [
            {"name": c.name, "uses": c.uses, "score": c.score, "speaker": c.speaker,
             "evidence": [{"points": p, "why": why} for p, why in c.evidence]}
            for c in sorted(candidates, key=lambda c: (not c.speaker, -c.score, c.name))
        ],
        "headings": [{"line": line, "title": title, "why": why} for line, title, why in trace.headings],
        "dropped": [{"line": line, "why": why, "text": text}
                    for line, why, text in sorted(trace.dropped, key=lambda d: d[0] or 0)],
    }


def explain_lines(trace: Trace) -> list[str]:
    data = explain_data(trace)
    out = [f"Label candidates (a speaker at {data['threshold']} points or more):"]
    for c in data["speakers"]:
        mark = "speaker" if c["speaker"] else "not a speaker"
        why = "; ".join(f"{e['why']} ({e['points']:+d})" for e in c["evidence"]) or "no evidence"
        out.append(f"  {c['name']}: {mark}, {c['uses']} use(s), {c['score']} points — {why}")
    if not data["speakers"]:
        out.append("  (none: every turn is narration)")
    out.append("Headings taken as chapters:")
    out += [f"  line {h['line']}: {h['title']!r} — {h['why']}" for h in data["headings"]] or ["  (none)"]
    out.append("Never spoken (dropped or repaired before speech):")
    out += [f"  line {d['line']}: {d['why']}: {d['text']!r}" for d in data["dropped"]] or ["  (nothing)"]
    return out
