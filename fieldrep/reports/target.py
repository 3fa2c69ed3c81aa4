"""Where a report file goes: check the target first, write beside it, then swap it in.

A report is written to ``NAME.part`` in the target folder and renamed over the target only
when complete, so a failed write never leaves half a file where the last good one was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from fieldrep.reports.model import ReportError


def check_target(path: Path, suffix: str) -> Path:
    """``path`` if a ``suffix`` file can be written there; :class:`ReportError` says why not."""
    path = Path(path)
    if path.suffix.lower() != suffix:
        raise ReportError(f"{path.name}: this writer makes {suffix} files")
    if path.is_dir():
        raise ReportError(f"{path}: is a folder, not a file name")
    if not path.parent.exists():
        raise ReportError(f"{path.parent}: no such folder")
    if not path.parent.is_dir():
        raise ReportError(f"{path.parent}: is a file, not a folder")
    return path


@contextmanager
def atomic_target(path: Path, suffix: str) -> Iterator[Path]:
    """A temporary path to write to; it replaces ``path`` when the block ends without error."""
    path = check_target(path, suffix)
    partial = path.with_name(path.name + ".part")
    try:
        yield partial
        partial.replace(path)
    except OSError as exc:
        raise ReportError(f"{path}: cannot write the report ({exc.strerror or exc})") from exc
    finally:
        with suppress(OSError):
            if partial.is_file():
                partial.unlink()
