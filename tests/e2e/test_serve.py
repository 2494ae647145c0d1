"""`akhbar serve` registers daily-pipeline/daily with an active cron schedule; a run started through the
API (what the UI's Run button calls) completes, loads the seed and publishes artifacts."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

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
