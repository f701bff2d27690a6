"""The monitor's own log handler: quiet by default, one handler for the whole process.

Scrapy installs a root handler when a crawler process starts and *replaces* it for every new
crawler (``Crawler._update_root_log_handler``), which would drop anything attached to the old one
— such as the status line's stream. The monitor therefore turns Scrapy's handler off
(``LOG_INSTALL_ROOT_HANDLER = False``) and installs its own, once, with :func:`install_handler`.
Honoured settings: ``LOG_LEVEL``, ``LOG_FORMAT``, ``LOG_DATEFORMAT``, ``LOG_FILE``, ``LOG_ENABLED``.

At ``INFO`` (the default) only the monitor's own loggers (``monitor.*``) speak below WARNING: one line
per run start and one per run end, alerts, the scheduler's plan. Scrapy's own INFO lines (the stats
dump, "Spider opened", middleware lists, per-request lines) appear at ``DEBUG`` only; warnings and
errors from anyone always do.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

#: Loggers whose INFO lines are shown at the default level.
OWN_LOGGERS = ("monitor",)


class QuietFilter(logging.Filter):
    """Below WARNING, pass only records of :data:`OWN_LOGGERS` — unless the level is DEBUG."""

    def __init__(self, level: int):
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING or self.level <= logging.DEBUG:
            return True
        name = record.name
        return any(name == own or name.startswith(own + ".") for own in OWN_LOGGERS)


_installed: logging.Handler | None = None


def install_handler(settings: Any, stream: TextIO | Any | None = None) -> logging.Handler:
    """Install (or replace) the monitor's root handler; Scrapy must not install its own
    (:func:`prepare_settings`). ``stream`` defaults to stderr; the status line passes its proxy."""
    global _installed  # noqa: PLW0603
    level = logging.getLevelName(str(settings.get("LOG_LEVEL", "INFO")).upper())
    if not isinstance(level, int):
        level = logging.INFO
    handler: logging.Handler
    if settings.get("LOG_FILE"):
        handler = logging.FileHandler(settings.get("LOG_FILE"), mode="a" if settings.getbool("LOG_FILE_APPEND", True)
                                      else "w", encoding=settings.get("LOG_ENCODING") or "utf-8")
    elif settings.getbool("LOG_ENABLED", True):
        handler = logging.StreamHandler(stream or sys.stderr)
    else:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter(settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT")))
    handler.setLevel(level)
    handler.addFilter(QuietFilter(level))
    uninstall_handler()
    logging.root.setLevel(logging.NOTSET)
    logging.root.addHandler(handler)
    _installed = handler
    return handler


def uninstall_handler() -> None:
    global _installed  # noqa: PLW0603
    if _installed is not None:
        logging.root.removeHandler(_installed)
        _installed.close()
        _installed = None


def prepare_settings(settings: Any) -> Any:
    """Tell Scrapy not to install (and re-install per crawler) a root handler of its own."""
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    return settings
