"""Redis connections for the distributed mode: one URL, one clear error, reconnection on faults.

Workers and the writer keep running while Redis restarts: every Redis call goes through
:func:`retrying`, which waits (0.2 s doubling to 5 s) and tries again on a lost connection, and
re-creates the consumer groups when a Redis that lost its data answers ``NOGROUP``.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, TypeVar
from urllib.parse import urlsplit, urlunsplit

logger = logging.getLogger("monitor.distributed")
T = TypeVar("T")


class RedisUnavailable(RuntimeError):
    """Redis cannot be reached or the URL is wrong; the message says which and why."""


def resolve_redis_url(explicit: str | None, settings: Any = None) -> str:
    """``--redis URL``, else the ``MONITOR_REDIS_URL`` setting, else ``$MONITOR_REDIS_URL``."""
    url = explicit or (settings.get("MONITOR_REDIS_URL") if settings is not None else None) \
        or os.environ.get("MONITOR_REDIS_URL")
    if not url:
        raise RedisUnavailable("no Redis URL: pass --redis URL or set MONITOR_REDIS_URL")
    if urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        raise RedisUnavailable(f"Redis URL must start with redis://, rediss:// or unix://, got {url!r}")
    return url


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def check_reachable(url: str, timeout: float = 5.0) -> None:
    """Ping Redis once (synchronously, before any crawling starts); :class:`RedisUnavailable` if it fails."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        client.ping()
        client.close()
    except (redis.exceptions.RedisError, OSError, ValueError) as exc:
        raise RedisUnavailable(f"cannot reach Redis at {safe_url(url)}: {exc}") from None


def async_client(url: str) -> Any:
    import redis.asyncio

    return redis.asyncio.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30,
                                        health_check_interval=10, decode_responses=True)


@dataclass(frozen=True)
class Keys:
    """The Redis keys of one deployment (one store): all under ``MONITOR_REDIS_PREFIX``."""

    prefix: str = "monitor"

    @property
    def requests(self) -> str:  # stream of request messages, consumer group WORKERS
        return f"{self.prefix}:requests"

    @property
    def results(self) -> str:  # stream of result messages, consumer group WRITERS
        return f"{self.prefix}:results"

    @property
    def writer_lock(self) -> str:
        return f"{self.prefix}:writer"

    def polite(self, host: str) -> str:
        return f"{self.prefix}:polite:{host}"

    def inflight(self, url: str) -> str:
        return f"{self.prefix}:inflight:{url}"


WORKERS = "workers"
WRITERS = "writers"


async def retrying(op: Callable[[], Awaitable[T]], what: str, *,
                   on_nogroup: Callable[[], Awaitable[None]] | None = None,
                   give_up: Callable[[], bool] = lambda: False) -> T:
    """``await op()``, again and again while Redis is unreachable (or restarted without our groups)."""
    import redis

    delay, warned = 0.2, False
    while True:
        try:
            result = await op()
            if warned:
                logger.warning("Redis is back: %s goes on", what)
            return result
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, redis.exceptions.BusyLoadingError,
                ConnectionError, OSError) as exc:
            if give_up():
                raise
            if not warned:
                logger.warning("Redis unreachable during %s (%s); retrying", what, exc)
                warned = True
        except redis.exceptions.ResponseError as exc:
            if "NOGROUP" not in str(exc) or on_nogroup is None:
                raise
            logger.warning("Redis lost the consumer groups (restarted without its data?); creating them again")
            try:
                await on_nogroup()
            except redis.exceptions.RedisError:
                pass
            continue
        await asyncio.sleep(delay)
        delay = min(delay * 2, 5.0)
