"""The log file: the details (exception, server, traceback) behind the one-line reasons a
rep sees when an online service (geocoder, road server) fails.

Modules log to loggers under ``fieldrep`` (``logging.getLogger(__name__)``); nothing is
written anywhere until :func:`start_log_file` is called, once, by the command line's and
the desktop app's start-up.  The file is ``fieldrep.log`` in the user's log folder
(``~/.local/state/FieldRep/log`` on Linux), kept to about 1 MB plus three older copies.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_path

from fieldrep.common.paths import APP_NAME

LOGGER = "fieldrep"
MAX_BYTES = 1_000_000
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _LogFile(RotatingFileHandler):
    """The handler :func:`start_log_file` installs (told apart from any other)."""


def log_file() -> Path:
    """Where the log file is (neither the file nor its folder is created here)."""
    return user_log_path(APP_NAME, appauthor=False) / "fieldrep.log"


def start_log_file() -> Path | None:
    """Send what FieldRep logs (INFO and above) to :func:`log_file`; returns its path, or
    None when the folder cannot be written (the app then runs without a log file).

    Calling it again keeps the file, or moves to the new place if the log folder changed.
    """
    path = log_file()
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if isinstance(h, _LogFile)]:
        if Path(handler.baseFilename) == path:
            return path
        logger.removeHandler(handler)
        handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _LogFile(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def stop_log_file() -> None:
    """Close the log file :func:`start_log_file` opened (nothing when none is open)."""
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if isinstance(h, _LogFile)]:
        logger.removeHandler(handler)
        handler.close()
