"""The package's shape, read from its own imports (every import, module level or inside a
function): folders are the stages of the data flow, no import cycle, no import against the flow,
few modules at the top, no module over 400 lines and no function over 60."""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "voicecast"

# The flow, bottom to top: a module imports only from its own folder or from folders below it.
RANK = {
    "errors": 0, "settings": 0, "atomic": 0, "store": 1, "data": 0,
    "text": 2, "audio": 2,
    "parsing": 3, "pronounce": 3,
    "engines": 4,
    "planning": 5,
    "synthesis": 6,
    "episode": 7,
    "show": 8,
    "render": 9, "say": 9, "catalogue": 10,
    "cli": 11, "__main__": 12,
}


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@lru_cache(maxsize=1)
def modules() -> dict[str, Path]:
    return {_name(p): p for p in PACKAGE.rglob("*.py")}


def _targets(module: str, path: Path, node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        parts = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        parts = parts[: len(parts) - node.level + 1]
        base = ".".join(parts + ([node.module] if node.module else []))
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in modules() else base for a in node.names]


@lru_cache(maxsize=1)
def imports() -> dict[str, set[str]]:
    """Each module's imports of other voicecast modules."""
    known = modules()
    out: dict[str, set[str]] = {}
    for module, path in known.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _targets(module, path, node):
                while target not in known and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in known and target != module and target.startswith("voicecast"):
                    found.add(target)
        out[module] = found
    return out


def _folder(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_folder_and_top_module_has_a_place_in_the_flow():
    top = {_folder(m) for m in modules()} - {""}
    assert top <= set(RANK), f"not placed in the flow: {sorted(top - set(RANK))}"


def test_no_import_cycle():
    graph, index, low, stack, on, cycles = imports(), {}, {}, [], set(), []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                cycles.append(sorted(part))

    for v in graph:
        if v not in index:
            visit(v)
    assert not cycles, cycles


def test_no_import_against_the_flow():
    against = []
    for module, targets in imports().items():
        if module == "voicecast":  # the façade: names resolved lazily, for users
            continue
        here = _folder(module)
        for target in targets:
            there = _folder(target)
            if there and there != here and RANK[there] >= RANK[here]:
                against.append(f"{module} → {target}")
    assert not against, "\n".join(sorted(against))


def test_few_modules_at_the_top():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 12, top


def test_no_module_over_400_lines_and_no_function_over_60():
    long = []
    for module, path in modules().items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 400:
            long.append(f"{module}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                long.append(f"{module}.{node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert not long, long


# Reading the environment's settings: the command line, once per command (cli/options.py).
# Everything else is handed values (engines through from_settings, renders through RenderOptions,
# parsing the pages dir, the front end its models dir); a library caller that passes none gets
# settings.defaults(), which reads no environment.
READS_SETTINGS = {"voicecast.cli.options"}


def test_settings_are_read_at_the_edges_only():
    readers = set()
    for module, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            call = node.func if isinstance(node, ast.Call) else None
            name = call.attr if isinstance(call, ast.Attribute) else call.id if isinstance(call, ast.Name) else ""
            if name == "current" and module != "voicecast.settings":
                readers.add(module)
    assert readers <= READS_SETTINGS, sorted(readers - READS_SETTINGS)


# The one module that touches the environment besides settings.py: Ray reads whether a cluster may
# stay on the loopback from RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER when it is imported (ray_constants),
# and has no argument for it; raypool sets it (setdefault) only for a cluster on 127.0.0.1.
TOUCHES_ENVIRONMENT = {"voicecast.settings", "voicecast.synthesis.raypool"}


def test_the_environment_is_read_by_settings_only():
    touching = set()
    for module, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv", "unsetenv"):
                touching.add(module)
            if isinstance(node, ast.ImportFrom) and node.module == "os" and any(
                    a.name in ("environ", "getenv", "putenv") for a in node.names):
                touching.add(module)
    assert touching <= TOUCHES_ENVIRONMENT, sorted(touching - TOUCHES_ENVIRONMENT)
