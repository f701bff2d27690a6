"""The two Redis streams and their consumer groups.

* ``PREFIX:requests`` (group ``workers``): every worker reads new entries with XREADGROUP and, every
  few seconds, takes over entries another worker has held longer than ``MONITOR_REDIS_CLAIM_SECONDS``
  (XAUTOCLAIM): a worker killed mid-page loses nothing. A worker publishes its result, acknowledges
  and deletes the request in one MULTI/EXEC transaction.
* ``PREFIX:results`` (group ``writers``): the one writer reads under the fixed consumer name
  ``writer``; after a restart it first re-reads its own pending entries (id ``0``), then new ones.
  It acknowledges an entry only after the entry's SQLite transaction has committed.

An entry delivered twice (a slow worker whose page was claimed, a writer killed between commit and
acknowledgement) is harmless: the writer finds the same content hash and writes no new version.
"""

from __future__ import annotations

from typing import Any, Callable

from monitor.distributed.connection import WORKERS, WRITERS, Keys, retrying
from monitor.distributed.messages import decode, encode

Entry = tuple[str, dict[str, Any]]  # (stream entry id, decoded message)


async def ensure_groups(client: Any, keys: Keys) -> None:
    import redis

    for stream, group in ((keys.requests, WORKERS), (keys.results, WRITERS)):
        try:
            await client.xgroup_create(stream, group, id="0", mkstream=True)
        except redis.exceptions.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise


def _decoded(raw: list) -> list[Entry]:
    entries: list[Entry] = []
    for entry_id, fields in raw:
        if fields is None:  # deleted while pending
            continue
        try:
            entries.append((entry_id, decode(fields)))
        except ValueError:
            entries.append((entry_id, {"type": "invalid"}))
    return entries


class Streams:
    """Stream operations of one process (a worker or the writer), each retried through Redis faults."""

    def __init__(self, client: Any, keys: Keys, consumer: str, claim_ms: int,
                 give_up: Callable[[], bool] = lambda: False):
        self.client = client
        self.keys = keys
        self.consumer = consumer
        self.claim_ms = claim_ms
        # while the process shuts down, stop retrying: what is not acknowledged is delivered again
        self.give_up = give_up

    async def _groups(self) -> None:
        await ensure_groups(self.client, self.keys)

    async def _read(self, stream: str, group: str, start: str, count: int, block_ms: int | None) -> list[Entry]:
        async def op() -> list:
            return await self.client.xreadgroup(group, self.consumer, {stream: start}, count=count, block=block_ms)

        raw = await retrying(op, f"reading {stream}", on_nogroup=self._groups, give_up=self.give_up)
        return _decoded(raw[0][1]) if raw else []

    async def _claim(self, stream: str, group: str, count: int) -> list[Entry]:
        async def op() -> list:
            return await self.client.xautoclaim(stream, group, self.consumer, self.claim_ms, "0-0", count=count)

        reply = await retrying(op, f"claiming stale entries of {stream}", on_nogroup=self._groups, give_up=self.give_up)
        return _decoded(reply[1])

    # -- workers -------------------------------------------------------------------
    async def take_requests(self, count: int, block_ms: int) -> list[Entry]:
        return await self._read(self.keys.requests, WORKERS, ">", count, block_ms)

    async def claim_requests(self, count: int) -> list[Entry]:
        return await self._claim(self.keys.requests, WORKERS, count)

    async def complete_request(self, entry_id: str, result: dict[str, Any]) -> None:
        """Publish a result and retire its request, atomically."""
        async def op() -> None:
            async with self.client.pipeline(transaction=True) as pipe:
                pipe.xadd(self.keys.results, encode(result))
                pipe.xack(self.keys.requests, WORKERS, entry_id)
                pipe.xdel(self.keys.requests, entry_id)
                await pipe.execute()

        await retrying(op, "publishing a result", on_nogroup=self._groups, give_up=self.give_up)

    # -- the writer ------------------------------------------------------------------
    async def take_results(self, count: int, block_ms: int, *, pending: bool = False) -> list[Entry]:
        return await self._read(self.keys.results, WRITERS, "0" if pending else ">", count,
                                None if pending else block_ms)

    async def ack_result(self, entry_id: str) -> None:
        async def op() -> None:
            async with self.client.pipeline(transaction=True) as pipe:
                pipe.xack(self.keys.results, WRITERS, entry_id)
                pipe.xdel(self.keys.results, entry_id)
                await pipe.execute()

        await retrying(op, "acknowledging a result", on_nogroup=self._groups, give_up=self.give_up)

    async def enqueue(self, messages: list[dict[str, Any]], inflight_seconds: int) -> list[dict[str, Any]]:
        """Add request messages, skipping URLs already queued or being fetched; returns those added.

        A URL is "in flight" from enqueue until the writer has handled its result (or
        ``inflight_seconds`` have passed): never a permanent seen-set, so indexes and revisits
        can always be fetched again.
        """
        if not messages:
            return []

        async def op() -> list[dict[str, Any]]:
            async with self.client.pipeline(transaction=False) as pipe:
                for message in messages:
                    pipe.set(self.keys.inflight(message["url"]), message["id"], nx=True, ex=inflight_seconds)
                fresh = await pipe.execute()
            added = [m for m, ok in zip(messages, fresh) if ok]
            if added:
                async with self.client.pipeline(transaction=False) as pipe:
                    for message in added:
                        pipe.xadd(self.keys.requests, encode(message))
                    await pipe.execute()
            return added

        return await retrying(op, "enqueueing requests", on_nogroup=self._groups, give_up=self.give_up)

    async def release(self, url: str) -> None:
        await retrying(lambda: self.client.delete(self.keys.inflight(url)), "releasing a URL",
                       give_up=self.give_up)
