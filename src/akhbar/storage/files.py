"""File helpers shared by the lake and the warehouse: durable renames and cleanup after dead writers."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path


def pid_alive(pid: int) -> bool:
    """True when a process with this id exists (ours included)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_files_of_dead_writers(paths: Iterable[Path], pid_in_name: re.Pattern[str]) -> list[Path]:
    """Delete the files among ``paths`` whose name matches ``pid_in_name`` (group 1: the id of the
    process writing them) when that process no longer runs; return what was removed."""
    removed = []
    for path in paths:
        match = pid_in_name.search(path.name)
        if match and path.is_file() and not pid_alive(int(match.group(1))):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
