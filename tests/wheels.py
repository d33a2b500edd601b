"""A plugin package as a real wheel, made by hand (no build backend, no network), and installed
into a folder of its own that a voicecast process is pointed at with PYTHONPATH. Shared by the
engine plugin and plugin command tests."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path


def plugin_site(tmp: Path, module: str, source: str, entry_points: str) -> Path:
    """Install the one-module package ``module`` (``source``, with ``entry_points.txt`` text) and
    return the folder it is installed in."""
    dist = module.replace("_", "-")
    wheel = tmp / f"{module}-0.1-py3-none-any.whl"
    info = f"{module}-0.1.dist-info"
    files = {
        f"{module}.py": source,
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        f"{info}/entry_points.txt": entry_points,
    }
    with zipfile.ZipFile(wheel, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
        z.writestr(f"{info}/RECORD", "".join(f"{n},,\n" for n in [*files, f"{info}/RECORD"]))
    site = tmp / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(site),
                    str(wheel)], check=True, timeout=120)
    return site
