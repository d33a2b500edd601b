"""Synthesis on a real local Ray cluster (`ray start --head` on 127.0.0.1, 2 CPUs; no mocks of Ray):
the episode is bit-identical to a local render, and a worker killed mid-render loses nothing."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import REPO, load

if importlib.util.find_spec("ray") is None:  # not imported here: voicecast imports it, for a loopback cluster
    pytest.skip("Ray is not installed (pip install \"voicecast[ray]\")", allow_module_level=True)

from voicecast.engines.kokoro.engine import KokoroEngine  # noqa: E402
from voicecast.planning.voices import load_voices  # noqa: E402
from voicecast.render import Progress, RenderOptions, render  # noqa: E402
from voicecast.settings import current  # noqa: E402
from voicecast.synthesis.cache import SegmentCache  # noqa: E402

pytestmark = pytest.mark.slow

SCRIPT = """---
title: 集群测试
---
# 开场

主持人: 欢迎收听本期节目，今天我们聊聊分布式合成。

嘉宾: 谢谢邀请，很高兴来到这里。

主持人: 第一个问题，为什么要用集群？

嘉宾: 因为一个节目库有几百期访谈，一台机器要跑很多天。

# 细节

主持人: 那缓存放在哪里？

嘉宾: 缓存写在驱动节点上，工作节点只负责合成。

主持人: 如果一个工作进程死了呢？

嘉宾: 它手上的句子会交给别的进程重新合成，什么也不会丢。

主持人: 好的，今天就到这里，谢谢。
"""
FILES = ["episode.mp3", "episode.m4b", "episode.vtt", "chapters/01-开场.mp3", "chapters/02-细节.mp3"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(_models_dir):
    """A head node on the loopback only, with 2 CPUs; its workers find the test's models dir."""
    port = _free_port()
    temp = tempfile.mkdtemp(prefix="vcray-", dir="/tmp")  # Ray's socket paths must stay short
    # A loopback-only cluster without token authentication, whatever ~/.ray holds: Ray turns tokens
    # on for a new head when ~/.ray/auth_token exists, while its clients default to no token. The
    # driver (this process, and the CLI runs it starts) reads the same setting.
    saved = os.environ.get("RAY_AUTH_MODE")
    os.environ["RAY_AUTH_MODE"] = "disabled"
    env = dict(os.environ, RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER="0", VOICECAST_MODELS_DIR=str(_models_dir))
    ray_cli = str(Path(sys.executable).with_name("ray"))
    head = subprocess.Popen([ray_cli, "start", "--head", "--block", f"--port={port}", "--node-ip-address=127.0.0.1",
                             "--num-cpus=2", "--include-dashboard=false", "--disable-usage-stats", f"--temp-dir={temp}"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    address = f"127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while subprocess.run([ray_cli, "status", f"--address={address}"], env=env, capture_output=True).returncode != 0:
        assert head.poll() is None and time.monotonic() < deadline, "the Ray head did not start"
        time.sleep(1)
    yield address
    import ray

    ray.shutdown()
    os.killpg(head.pid, signal.SIGTERM)
    try:
        head.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(head.pid, signal.SIGKILL)
    shutil.rmtree(temp, ignore_errors=True)
    if saved is None:
        os.environ.pop("RAY_AUTH_MODE", None)
    else:
        os.environ["RAY_AUTH_MODE"] = saved


@pytest.fixture(scope="module")
def local_render(tmp_path_factory, _models_dir):
    """The same script rendered on this machine's threads: what the cluster must match."""
    root = tmp_path_factory.mktemp("local")
    script = root / "cluster.md"
    script.write_text(SCRIPT, encoding="utf-8")
    env = dict(os.environ, VOICECAST_MODELS_DIR=str(_models_dir), VOICECAST_CACHE_DIR=str(root / "cache"),
               VOICECAST_OUTPUT_DIR=str(root / "output"))
    subprocess.run([sys.executable, "-m", "voicecast", "-q", "render", str(script), "-o", str(root / "out"),
                    "--voices", str(REPO / "voices.yaml")], env=env, check=True, cwd=root)
    return script, root / "out"


def _same(a: Path, b: Path) -> None:
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_cli_render_on_the_cluster_is_bit_identical_to_a_local_render(cluster, local_render, tmp_path):
    script, local_out = local_render
    proc = subprocess.run([sys.executable, "-m", "voicecast", "render", str(script), "-o", str(tmp_path / "out"),
                           "--voices", str(REPO / "voices.yaml"), "--ray", cluster],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    expected = json.loads((local_out / "render.json").read_text(encoding="utf-8"))["synthesized"]
    assert f"{expected} synthesized, 0 cached" in proc.stderr  # a fresh cache: every sentence from the cluster
    _same(tmp_path / "out", local_out)


def test_a_worker_killed_mid_render_loses_nothing(cluster, local_render, tmp_path):
    from voicecast.synthesis.raypool import RayPool

    script, local_out = local_render
    voices = load_voices(REPO / "voices.yaml")
    engine = KokoroEngine()
    pool = RayPool("kokoro", engine.identity(), engine.sample_rate, cluster, settings=current())
    assert len(pool.actors) == 2
    killed: list[int] = []

    def advance(where: str) -> None:  # after the first sentence is back, kill an actor that holds others
        if not killed:
            killed.append(pool.pids[0])
            os.kill(pool.pids[0], signal.SIGKILL)

    try:
        report = render(load(script, voices), voices, RenderOptions(outdir=tmp_path / "out"), Progress(advance=advance),
                        engine=engine, cache=SegmentCache(tmp_path / "cache"), pool=pool)
    finally:
        pool.close()
    assert killed and pool.retries >= 1  # the dead actor's sentences were sent again
    expected = json.loads((local_out / "render.json").read_text(encoding="utf-8"))["synthesized"]
    assert report.synthesized == expected == sum(c.segments for c in report.chapters)
    _same(tmp_path / "out", local_out)


def test_actors_whose_engine_differs_from_the_drivers_are_refused_and_released(cluster):
    import ray

    from voicecast.errors import EngineError
    from voicecast.synthesis.raypool import RayPool

    with pytest.raises(EngineError, match="a Ray worker's engine is kokoro-v1.0-int8:.*the driver's is kokoro-old"):
        RayPool("kokoro", "kokoro-old", 24000, cluster, settings=current())
    deadline = time.monotonic() + 30
    while ray.available_resources().get("CPU", 0) < 2:  # the refused actors gave their CPUs back
        assert time.monotonic() < deadline
        time.sleep(0.5)


def test_no_cluster_at_the_address_is_one_clear_line(tmp_path):
    port = _free_port()
    (tmp_path / "s.md").write_text(SCRIPT, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "voicecast", "render", str(tmp_path / "s.md"), "--voices",
                           str(REPO / "voices.yaml"), "--ray", f"127.0.0.1:{port}"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1
    assert f"no Ray cluster answers at 127.0.0.1:{port}" in proc.stderr and "ray start --head" in proc.stderr
    assert not (tmp_path / "output").exists()
