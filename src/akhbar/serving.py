"""Serving a flow as a deployment until stopped, with a stop that never hangs.

Prefect's runner stops on SIGTERM by cancelling its flow runs (their state becomes Cancelled) and
pausing its schedules, through the API. When the API is gone those calls retry for minutes, so a
watchdog armed by the first SIGTERM or SIGINT ends the flow-run processes and the process itself
once :attr:`StopConfig.grace_seconds` have passed: nothing is left running.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
from dataclasses import dataclass
from typing import Any

import psutil
from prefect.exceptions import TerminationSignal
from prefect.runner import Runner
from prefect.schedules import Cron


@dataclass(frozen=True, slots=True)
class StopConfig:
    grace_seconds: float = 8.0  # Prefect's own shutdown (cancel runs, pause schedules) gets this long
    kill_wait_seconds: float = 1.0  # then flow-run processes get SIGTERM, and SIGKILL after this


STOP = StopConfig()


class Watchdog:
    """Armed once by a stop signal: after the grace period, end every child process, then exit."""

    def __init__(self, config: StopConfig = STOP) -> None:
        self.config = config
        self._armed = threading.Event()

    def arm(self, signum: int) -> None:
        if self._armed.is_set():
            return
        self._armed.set()
        threading.Thread(target=self._expire, args=(signum,), name="akhbar-stop-watchdog", daemon=True).start()

    def _expire(self, signum: int) -> None:
        threading.Event().wait(self.config.grace_seconds)
        print(f"akhbar serve: not stopped {self.config.grace_seconds:g} s after signal {signum}; "
              "ending flow-run processes and exiting", file=sys.stderr, flush=True)
        end_children(self.config.kill_wait_seconds)
        os._exit(128 + signum)


def end_children(wait_seconds: float) -> None:
    """SIGTERM every descendant process, then SIGKILL those still alive after ``wait_seconds``."""
    children = psutil.Process().children(recursive=True)
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=wait_seconds)
    for child in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()


class _StoppableRunner(Runner):
    """Prefect's runner whose SIGTERM handler also arms the watchdog."""

    watchdog: Watchdog

    def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
        self.watchdog.arm(signal.SIGTERM)
        super().handle_sigterm(*args, **kwargs)


def serve_until_stopped(flow: Any, name: str, cron: str, timezone: str, description: str,
                        config: StopConfig = STOP) -> None:
    """Register ``flow`` as deployment ``<flow>/<name>`` with a cron schedule and run its flow runs
    until SIGTERM or SIGINT (each stops within ``config.grace_seconds`` plus the kill wait)."""
    watchdog = Watchdog(config)

    def on_sigint(signum: int, frame: Any) -> None:
        watchdog.arm(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_sigint)
    # before the runner installs its own handler (registration calls the API): stop at once
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    runner = _StoppableRunner(name=name, pause_on_shutdown=True)
    runner.watchdog = watchdog
    runner.add_flow(flow, name=name, schedules=[Cron(cron, timezone=timezone)], description=description)
    print(f"Serving deployment {flow.name}/{name} (cron {cron!r}, {timezone}); stop with Ctrl+C or SIGTERM.",
          flush=True)
    try:
        asyncio.run(runner.start())
    except (KeyboardInterrupt, TerminationSignal):
        print("akhbar serve: stopping", file=sys.stderr, flush=True)
