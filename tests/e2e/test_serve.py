"""`akhbar serve` registers daily-pipeline/daily with an active cron schedule; a run started through the
API (what the UI's Run button calls) completes, loads the seed and publishes artifacts."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import duckdb
import pytest

from tests.conftest import REPO, SEED
from tests.e2e.test_pipeline import prefect_api  # noqa: F401  (module-scoped harness fixture)


async def _wait_for_deployment(client, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return await client.read_deployment_by_name("daily-pipeline/daily")
        except Exception:  # not registered yet
            await asyncio.sleep(1)
    raise TimeoutError("deployment daily-pipeline/daily was not registered")


@pytest.mark.slow
def test_serve_registers_daily_deployment_and_runs(prefect_api, tmp_path):  # noqa: F811
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    env = {**os.environ, "PREFECT_API_URL": prefect_api}
    server = subprocess.Popen([sys.executable, "-m", "akhbar.cli", "serve", "--cron", "30 5 * * *",
                               "--timezone", "Asia/Baghdad"], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        async def check():
            async with get_client() as client:
                deployment = await _wait_for_deployment(client)
                schedules = deployment.schedules
                assert len(schedules) == 1 and schedules[0].active
                assert schedules[0].schedule.cron == "30 5 * * *"
                assert schedules[0].schedule.timezone == "Asia/Baghdad"
                return deployment
        asyncio.run(check())

        warehouse = tmp_path / "wh.duckdb"
        flow_run = run_deployment("daily-pipeline/daily", timeout=600, parameters={
            "sources": [str(SEED)], "warehouse": str(warehouse), "lake": str(tmp_path / "lake")})
        assert flow_run.state.is_completed(), flow_run.state

        async def artifacts():
            from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
            async with get_client() as client:
                found = await client.read_artifacts(artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run.id])))
                return {a.key for a in found}
        keys = asyncio.run(artifacts())
        assert {"run-summary", "quality-extracted", "quality-marts"} <= keys, keys
        con = duckdb.connect(str(warehouse), read_only=True)
        assert con.execute("select external_id from marts.articles").fetchall() == [(SEED.name,)]
        con.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _serve(args: list[str], api_url: str) -> subprocess.Popen:
    env = {**os.environ, "PREFECT_API_URL": api_url}
    return subprocess.Popen([sys.executable, "-m", "akhbar.cli", "serve", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _stop(server: subprocess.Popen) -> str:
    server.terminate()
    try:
        return server.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        server.kill()
        return server.communicate()[0]


@pytest.mark.slow
def test_served_runs_stay_under_the_allowed_roots(prefect_api, tmp_path):  # noqa: F811
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "in").mkdir(parents=True)
    outside.mkdir()
    (root / "in" / SEED.name).write_bytes(SEED.read_bytes())
    server = _serve(["--allowed-root", str(root)], prefect_api)
    try:
        async def registered():
            async with get_client() as client:
                await _wait_for_deployment(client)
        asyncio.run(registered())

        refused = run_deployment("daily-pipeline/daily", timeout=600, parameters={
            "sources": [str(root / "in")], "warehouse": str(outside / "wh.duckdb"), "lake": str(root / "lake")})
        assert refused.state.is_failed(), refused.state
        assert "outside the allowed roots" in (refused.state.message or ""), refused.state.message
        assert list(outside.iterdir()) == [] and not (root / "lake").exists()

        # `..` does not lead out of the root either
        escaped = run_deployment("daily-pipeline/daily", timeout=600, parameters={
            "sources": [str(root / "in")], "warehouse": str(root / "wh.duckdb"),
            "lake": str(root / ".." / "outside" / "lake")})
        assert escaped.state.is_failed(), escaped.state
        assert list(outside.iterdir()) == [] and not (root / "wh.duckdb").exists()

        done = run_deployment("daily-pipeline/daily", timeout=600, parameters={
            "sources": [str(root / "in")], "warehouse": str(root / "wh.duckdb"), "lake": str(root / "lake")})
        assert done.state.is_completed(), done.state
        with duckdb.connect(str(root / "wh.duckdb"), read_only=True) as con:
            assert con.execute("select external_id from marts.articles").fetchall() == [(SEED.name,)]
    finally:
        _stop(server)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_serve_exits_soon_after_sigterm_once_its_api_is_gone(tmp_path):
    from prefect.client.orchestration import get_client

    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_UI_ENABLED": "false",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_API_URL": api_url}
    api = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                            "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    server = None
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{api_url}/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "the throwaway Prefect API did not start"
                assert api.poll() is None, "the throwaway Prefect API exited"
                time.sleep(1)
        server = _serve([], api_url)

        async def registered():
            from prefect.settings import PREFECT_API_URL, temporary_settings
            with temporary_settings(updates={PREFECT_API_URL: api_url}):
                async with get_client() as client:
                    await _wait_for_deployment(client)
        asyncio.run(registered())
        os.killpg(api.pid, signal.SIGKILL)  # the API goes away
        api.wait()
        # long enough for the runner to notice (its websocket fails): Prefect's own shutdown then retries
        # the API for minutes, which is what hung before the watchdog
        time.sleep(20)
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        try:
            out, _ = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            pytest.fail("akhbar serve still runs 20 s after SIGTERM with its API gone")
        assert time.monotonic() - started < 20, out
    finally:
        if server is not None and server.poll() is None:
            server.kill()
        if api.poll() is None:
            os.killpg(api.pid, signal.SIGKILL)
