"""One writer per store: a lock on the SQLite file's side file AND a lease in Redis.

* ``PATH.writer-lock`` is held with ``flock`` for the writer's lifetime: a second writer on the same
  host is refused at once, and a killed writer's lock goes with its process.
* ``PREFIX:writer`` in Redis is a lease (``MONITOR_REDIS_WRITER_LEASE`` seconds, renewed every third
  of it): a second writer on another host sharing the Redis is refused while the lease runs. A
  writer that finds its lease taken by another stops.
"""

from __future__ import annotations

import fcntl
import os
import socket
import uuid
from typing import Any


# ours: extend; gone (Redis restarted without data): take it again; another writer's: refuse
_RENEW = """
local holder = redis.call('get', KEYS[1])
if holder == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
if not holder then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0
"""


class WriterLocked(RuntimeError):
    """Another writer holds the store."""


class WriterLock:
    def __init__(self, db: str, redis_url: str, key: str, lease_seconds: float):
        self.db = db
        self.redis_url = redis_url
        self.key = key
        self.lease_ms = max(1000, int(lease_seconds * 1000))
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
        self._file: Any = None

    def acquire(self) -> None:
        import redis

        path = f"{self.db}.writer-lock"
        handle = open(path, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise WriterLocked(f"another writer holds {self.db} ({path} is locked by {holder})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(self.token + "\n")
        handle.flush()
        self._file = handle
        client = redis.Redis.from_url(self.redis_url, decode_responses=True, socket_connect_timeout=5)
        try:
            if not client.set(self.key, self.token, nx=True, px=self.lease_ms):
                holder, left = client.get(self.key), client.pttl(self.key)
                self.release_file()
                raise WriterLocked(f"another writer holds this deployment's store (Redis key {self.key} held by "
                                   f"{holder}, lease ends in {max(left, 0) / 1000:.0f}s)")
        finally:
            client.close()

    async def renew(self, client: Any) -> bool:
        """Extend the lease (or take it again if Redis lost it); False when another writer has it."""
        from monitor.distributed.connection import retrying

        async def op() -> bool:
            return bool(await client.eval(_RENEW, 1, self.key, self.token, self.lease_ms))

        return await retrying(op, "renewing the writer lease")

    def release(self) -> None:
        import redis

        try:
            client = redis.Redis.from_url(self.redis_url, decode_responses=True, socket_connect_timeout=2)
            if client.get(self.key) == self.token:
                client.delete(self.key)
            client.close()
        except redis.exceptions.RedisError:
            pass  # the lease runs out by itself
        self.release_file()

    def release_file(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
