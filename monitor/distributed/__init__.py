"""Distributed mode: crawler workers over Redis, one writer, one store (see ``monitor worker`` / ``monitor writer``).

``messages`` (the JSON on the wire), ``connection`` (Redis URL → client, one clear error),
``queues`` (the request and result streams), ``politeness`` (per-domain leases shared by all
workers), ``frontier`` (what the writer enqueues, and when), ``worker`` and ``writer``.
"""
