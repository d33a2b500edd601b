"""tqdm progress bars that stay quiet with --quiet or when stderr is not a terminal."""

from __future__ import annotations

import sys

from tqdm import tqdm


def want_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


def bar(total: int | None, desc: str, quiet: bool, unit: str = "it", **kwargs) -> tqdm:
    return tqdm(total=total, desc=desc, unit=unit, disable=not want_progress(quiet), leave=False, dynamic_ncols=True,
                **kwargs)


def byte_progress(desc: str, quiet: bool):
    """A ``(done, total)`` callback for asset downloads, drawing a bytes bar."""
    state: dict = {}

    def update(done: int, total: int | None) -> None:
        b = state.get("bar")
        if b is None:
            b = state["bar"] = bar(total, desc, quiet, unit="B", unit_scale=True, unit_divisor=1024)
        if total and b.total != total:
            b.total = total
        b.update(done - b.n)

    def close() -> None:
        if "bar" in state:
            state.pop("bar").close()

    update.close = close  # type: ignore[attr-defined]
    return update
