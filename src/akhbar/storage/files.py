"""File helpers shared by the lake and the warehouse: durable renames, cleanup after dead writers and the
checks that keep a run off paths that are not its own."""

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


class PathRefused(ValueError):
    """A path the run must not write: not Akhbar's, or outside the allowed roots. Raised before any write."""


def within_roots(path: Path, roots: Iterable[Path]) -> bool:
    """True when ``path`` (resolved: ``..`` and symlinks followed) lies under one of ``roots``."""
    resolved = Path(path).resolve()
    return any(resolved.is_relative_to(Path(root).resolve()) for root in roots)


def check_allowed(paths: dict[str, Iterable[Path]], roots: Iterable[Path]) -> None:
    """Raise :class:`PathRefused` naming every path (by role: ``sources``, ``warehouse``, ...) that lies
    outside ``roots``; no roots means no confinement."""
    roots = list(roots)
    if not roots:
        return
    outside = [f"{role} {path}" for role, items in paths.items() for path in items if not within_roots(path, roots)]
    if outside:
        raise PathRefused(f"outside the allowed roots ({', '.join(map(str, roots))}): {'; '.join(outside)}")
