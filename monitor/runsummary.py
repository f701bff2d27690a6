"""What ``monitor crawl`` prints when its runs are over, and its exit status: this process's runs only.

Each crawler of the process carries its ``crawl_runs`` id and the figures it wrote (or could not
write); the summary reads nothing else, so runs of other processes never appear, and a run whose
row a full disk refused is still reported from memory.
"""

from __future__ import annotations

import sys
from typing import Any, Sequence

from monitor.storeguard import store_fault
from storage.health import EXIT_WRITE_FAILED

FIELDS = ("pages", "items", "articles_new", "articles_changed", "duplicates", "errors")


def run_line(row: dict[str, Any]) -> str:
    n = {key: int(row.get(key) or 0) for key in FIELDS}
    return (f"{row.get('source')}: {row.get('finish_reason') or 'not finished'}; {n['pages']} pages, "
            f"{n['items']} articles stored or checked ({n['articles_new']} new, {n['articles_changed']} changed), "
            f"{n['duplicates']} duplicates, {n['errors']} errors")


def report_runs(crawlers: Sequence[Any], out: Any = None, err: Any = None) -> int:
    """Print one line per run of ``crawlers``; return the exit status (0, 1 or 3; see the README)."""
    out, err = out or sys.stdout, err or sys.stderr
    status = 0
    faults = []
    for crawler in crawlers:
        row = getattr(crawler, "monitor_run_row", None)
        name = getattr(getattr(crawler, "spidercls", None), "name", "?")
        if row is None:
            print(f"monitor: error: source {name}: the run did not start (see the log above)", file=err)
            status = status or 1
            continue
        print(run_line(row), file=out)
        fault = store_fault(crawler)
        if fault is not None:
            faults.append(fault)
        elif getattr(crawler, "monitor_run_id", None) is None:
            print(f"monitor: error: source {name}: the run could not be recorded in crawl_runs "
                  "(see the log above)", file=err)
            status = status or 1
    if faults:
        print(f"monitor: error: {faults[0]}", file=err)
        return EXIT_WRITE_FAILED
    return status
