"""Structured logging: one JSON object per line, or human-readable on a terminal.

Every message gets exactly one `message` event with its decision; connections get
`connect`/`disconnect`/`auth` events. Values come from headers written by strangers,
so the JSON renderer (which escapes CR, LF and control characters) is the default,
and the console renderer is only used for a terminal.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

import structlog

from gateway.config import Config

LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING,
          "error": logging.ERROR}


def configure_logging(config: Config, stream: TextIO | None = None) -> None:
    """Send structlog events to the configured file, or to stderr."""
    log = config.log
    if stream is None:
        stream = (config.path(log.file).open("a", encoding="utf-8", buffering=1)
                  if log.file else sys.stderr)
    console = log.format == "console" or (not log.file and stream.isatty())
    renderer: structlog.typing.Processor = (
        structlog.dev.ConsoleRenderer(colors=stream.isatty()) if console
        else structlog.processors.JSONRenderer(ensure_ascii=True, sort_keys=False))
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(LEVELS[log.level]),
        logger_factory=structlog.WriteLoggerFactory(file=stream),
        cache_logger_on_first_use=False,
    )
    # aiosmtpd logs every connection on its own logger; our events replace it.
    logging.getLogger("mail.log").setLevel(logging.WARNING)


def get_logger() -> structlog.typing.FilteringBoundLogger:
    return structlog.get_logger("vigile")
