"""Why a fetch failed, as a short reason: the key of ``monitor/errors/<reason>`` in a run's stats.

The table is checked in order; the first row whose exception class name (anywhere in the failure's
class hierarchy) or message fragment matches gives the reason.
"""

from __future__ import annotations

from typing import Any

#: (reason, exception class names, message fragments)
REASONS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("redirect_loop", (), ("max redirections reached",)),
    ("too_large", ("DownloadCancelledError",), ("larger than download max size", "download max size")),
    ("cut_off", ("ResponseDataLossError", "_DataLoss", "PotentialDataLoss"), ("data loss",)),
    ("robots_forbidden", (), ("Forbidden by robots.txt",)),
    ("timeout", ("TimeoutError", "TCPTimedOutError", "DownloadTimeoutError", "UserTimeoutError"), ("took longer than",)),
    ("dns", ("DNSLookupError", "CannotResolveHostError"), ()),
    ("connection", ("ConnectionRefusedError", "ConnectionLost", "ConnectionDone", "ConnectError",
                    "ResponseFailed", "ResponseNeverReceived", "DownloadConnectionRefusedError",
                    "DownloadFailedError"), ()),
    ("offsite", (), ("offsite",)),
]


def failure_reason(failure: Any) -> str:
    """``http_404``, ``redirect_loop``, ``too_large``, ``cut_off``, ``timeout``, ``dns``, ``connection``, … or ``other``."""
    value = getattr(failure, "value", failure)
    response = getattr(value, "response", None)
    if response is not None and getattr(response, "status", None) and type(value).__name__ == "HttpError":
        return f"http_{response.status}"
    names = {cls.__name__ for cls in type(value).__mro__}
    inner = getattr(value, "reasons", None) or []  # twisted ResponseFailed wraps the real failures
    for reason in inner:
        names |= {cls.__name__ for cls in type(getattr(reason, "value", reason)).__mro__}
    message = str(value).lower()
    for reason, classes, fragments in REASONS:
        if names & set(classes) or any(f.lower() in message for f in fragments):
            return reason
    return "other"
