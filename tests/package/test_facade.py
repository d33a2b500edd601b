"""``voicecast/__init__.py`` is a lazy façade: importing the package loads nothing else, each public
name loads only its module, and the modules that lived at the top before the package had folders
are found under their old names (the same module objects), with a warning naming the new place."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import voicecast


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-W", "error::DeprecationWarning", "-c", code], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_importing_the_package_loads_nothing_more():
    loaded = json.loads(_python("import sys, json, voicecast; "
                                "print(json.dumps([m for m in sys.modules if m.startswith('voicecast.')]))"))
    assert loaded == []


def test_a_public_name_loads_its_own_module_only():
    loaded = json.loads(_python("import sys, json; from voicecast import split_text; "
                                "assert split_text('你好。', 'zh', 300)[0].text == '你好。'; "
                                "print(json.dumps(sorted(m for m in sys.modules if m.startswith('voicecast.'))))"))
    assert "voicecast.text.splitter" in loaded
    assert not [m for m in loaded if m.split(".")[1] in ("engines", "synthesis", "episode", "show", "cli")]


def test_every_public_name_resolves():
    for name in voicecast.__all__:
        assert getattr(voicecast, name) is not None
    assert set(voicecast.__all__) <= set(dir(voicecast))
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        voicecast.nothing_here  # noqa: B018


def test_old_module_names_are_the_new_modules_with_a_warning():
    """In a fresh interpreter: the suite's own imports must not have loaded them first."""
    out = _python("""
import importlib, warnings, voicecast
for old, new in voicecast.MOVED.items():
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        module = importlib.import_module(f"voicecast.{old}")
    assert [str(w.message) for w in seen] == [f"voicecast.{old} is now voicecast.{new}"], (old, seen)
    assert module is importlib.import_module(f"voicecast.{new}"), old
    assert module.__spec__.name == f"voicecast.{new}", old  # the module keeps its own spec
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from voicecast.cache import SegmentCache  # the form users wrote
from voicecast.synthesis.cache import SegmentCache as same
assert SegmentCache is same
print("ok", len(voicecast.MOVED))
""")
    assert out.split()[0] == "ok" and int(out.split()[1]) >= 30
