"""The ``monitor`` command: crawl, schedule, demo, extract, casualties, alerts, history, sources.

A thin layer over the Python API. Errors are one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Sequence

os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "monitor.settings")

from monitor import __version__  # noqa: E402
from monitor.sources import SourcesError, load_sources, resolve_sources_path, select_sources  # noqa: E402
from storage import StoreError, resolve_db_path  # noqa: E402

EXIT_ERROR = 1
EXIT_USAGE = 2


class CLIError(Exception):
    """A failure to report as ``monitor: error: …`` and exit 1."""


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH", help="SQLite file (default: $MONITOR_DB or ./monitor.db)")


def _add_sources(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sources", metavar="PATH",
                   help="sources file (default: $MONITOR_SOURCES or the packaged default)")


def _add_set(p: argparse.ArgumentParser) -> None:
    p.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                   help="override a Scrapy or MONITOR_ setting, e.g. -s DOWNLOAD_TIMEOUT=10 (repeatable)")


def _overrides(args: argparse.Namespace) -> dict[str, str]:
    overrides = {"LOG_LEVEL": args.log_level}
    for entry in args.set:
        name, sep, value = entry.partition("=")
        if not sep or not name.strip():
            raise CLIError(f"--set expects NAME=VALUE, got {entry!r}")
        overrides[name.strip()] = value
    return overrides


def _check_settings(settings: Any) -> None:
    """Fail before crawling on settings the pipelines would reject mid-run."""
    from monitor.alerts import AlertPolicy
    from monitor.channels import build_channels, channel_options

    try:
        AlertPolicy.from_settings(settings)
        options = channel_options(settings)
        for name in ("MONITOR_ALERT_CHANNELS", "MONITOR_HEALTH_CHANNELS"):
            build_channels(settings.getlist(name), **options)
    except ValueError as exc:
        raise CLIError(f"settings: {exc}") from None
    from monitor.parsepool import workers_setting

    try:
        workers_setting(settings.get("MONITOR_PARSE_WORKERS"))
    except ValueError as exc:
        raise CLIError(f"settings: MONITOR_PARSE_WORKERS must be a number or 'auto' ({exc})") from None
    for name, kind in NUMERIC_SETTINGS.items():
        try:
            value = settings.getint(name) if kind is int else settings.getfloat(name)
        except (TypeError, ValueError):
            raise CLIError(f"settings: {name} must be a number, got {settings.get(name)!r}") from None
        if value < 0:
            raise CLIError(f"settings: {name} cannot be negative, got {value}")


#: Settings read as numbers by the components; checked before a crawl so a typo is one clear line.
NUMERIC_SETTINGS: dict[str, type] = {
    "MONITOR_DB_BUSY_TIMEOUT": float, "MONITOR_RELEVANCE_MIN": float, "MONITOR_REVISIT_RATIO": float,
    "MONITOR_REVISIT_MAX": int, "MONITOR_ALERT_MIN_CHANGE": int, "MONITOR_ALERT_MIN_RELATIVE": float,
    "MONITOR_ALERT_RETRY_DELAY": float, "MONITOR_ALERT_CLAIM_SECONDS": float,
    "MONITOR_NEAR_DUPLICATE_THRESHOLD": float, "MONITOR_STORY_THRESHOLD": float,
    "MONITOR_STORY_WINDOW_DAYS": float, "MONITOR_STORY_SHARED_FIGURE_MIN": int, "MONITOR_SIMILARITY_CAPACITY": int,
    "MONITOR_HEALTH_SILENT_RUNS": int, "MONITOR_HEALTH_MIN_COVERAGE": float,
    "DOWNLOAD_TIMEOUT": float, "DOWNLOAD_MAXSIZE": int, "CONCURRENT_REQUESTS": int,
    "CONCURRENT_REQUESTS_PER_DOMAIN": int, "RETRY_TIMES": int,
}


def _add_log(p: argparse.ArgumentParser) -> None:
    p.add_argument("--log-level", default=os.environ.get("MONITOR_LOG_LEVEL", "INFO"),
                   choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="Scrapy log level (default: INFO)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="monitor",
        description="Crawl Armenia–Azerbaijan news on a schedule, version every article in SQLite, "
                    "and alert when casualty figures change.")
    parser.add_argument("--version", action="version", version=f"monitor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("crawl", help="crawl sources once and exit",
                       description="Crawl the given sources (default: all enabled) once, side by side.")
    p.add_argument("names", nargs="*", metavar="SOURCE", help="source names (see `monitor sources`)")
    _add_db(p); _add_sources(p); _add_log(p); _add_set(p)
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("schedule", help="run sources on their schedules until stopped",
                       description="Long-running: crawl each source on its interval or cron schedule. "
                                   "Stop with Ctrl-C or SIGTERM.")
    p.add_argument("names", nargs="*", metavar="SOURCE", help="source names (default: all enabled)")
    _add_db(p); _add_sources(p); _add_log(p); _add_set(p)
    p.set_defaults(func=cmd_schedule)

    p = sub.add_parser("demo", help="run the whole pipeline against an embedded local news site",
                       description="Start a small news site on 127.0.0.1, crawl it for several rounds while "
                                   "its coverage moves on, then print what was stored and the alerts raised.")
    p.add_argument("--db", metavar="PATH", default=None, help="SQLite file (default: ./monitor-demo.db, recreated)")
    p.add_argument("--pause", type=float, default=1.0, metavar="SECONDS", help="pause between rounds (default 1)")
    p.add_argument("--rounds", type=int, default=None, metavar="N", help="how many rounds (default: all)")
    _add_log(p)
    p.set_defaults(func=cmd_demo, log_level="WARNING")

    p = sub.add_parser("extract", help="parse saved pages; one JSON object per line per file",
                       description="Parse saved HTML pages as the crawler would and print one JSON object per file.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--url", help="the page's URL (for relative links and canonical URLs)")
    p.add_argument("--encoding", help="the page's encoding, if known")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("casualties", help="casualty figures of text on stdin, as JSON",
                       description="Read text on stdin and print its casualty figures as JSON. With --jsonl, "
                                   'read {"id","text"} lines and write {"id","figures"} lines.')
    p.add_argument("--jsonl", action="store_true", help='read {"id","text"} lines, write {"id","figures"} lines')
    p.set_defaults(func=cmd_casualties)

    p = sub.add_parser("alerts", help="list alerts, or deliver the queued ones",
                       description="List alerts, newest last. With --deliver, send every queued alert that is "
                                   "due through its channels (as a crawl would) and report what happened.")
    _add_db(p)
    p.add_argument("--deliver", action="store_true",
                   help="deliver queued alerts now (MONITOR_ALERT_CHANNELS / MONITOR_HEALTH_CHANNELS, or --channel)")
    p.add_argument("--channel", action="append", default=[], metavar="SPEC",
                   help="with --deliver: a content channel (log, jsonl:PATH, webhook:URL, apprise:URL); repeatable")
    _add_set(p)
    p.add_argument("--force", action="store_true",
                   help="with --deliver: also send alerts still waiting for their retry time (backoff); "
                        "an alert another delivery is sending is never taken")
    p.add_argument("--undelivered", action="store_true", help="only alerts not yet delivered")
    p.add_argument("--json", action="store_true", help="JSON lines instead of text")
    p.add_argument("--limit", type=int, default=None)
    p.set_defaults(func=cmd_alerts)

    p = sub.add_parser("history", help="versions of an article with their diffs",
                       description="Show every stored version of the article at URL, with what changed.")
    p.add_argument("url", metavar="URL")
    _add_db(p)
    p.add_argument("--json", action="store_true", help="JSON instead of text")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("sources", help="check the sources file and list its sources",
                       description="Validate the sources file and list its sources.")
    _add_sources(p)
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("serve", help="browse the store with Datasette: canned queries, chart, search",
                       description="Serve the store read-only with Datasette 0.65, with the project's metadata "
                                   "(table and column descriptions, canned queries, the casualty chart). "
                                   "Arguments after -- go to `datasette serve`.")
    _add_db(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("-p", "--port", type=int, default=8001, help="port (default: 8001; 0 picks a free one)")
    p.add_argument("--no-prepare", action="store_true",
                   help="do not update the store's schema and views before serving (never write)")
    p.add_argument("datasette_args", nargs=argparse.REMAINDER, metavar="-- DATASETTE_ARGS",
                   help="more `datasette serve` options, after --")
    p.set_defaults(func=cmd_serve)
    return parser


# -- commands -------------------------------------------------------------------------
def _sources(args: argparse.Namespace) -> tuple[str | None, list]:
    path = resolve_sources_path(getattr(args, "sources", None))
    sources = load_sources(path)
    return path, select_sources(sources, getattr(args, "names", None))


def _check_db_writable(db: str) -> None:
    from storage import Store

    Store.open(db).close()  # creates the schema; raises StoreError with a clear message


def _prepare_run(args: argparse.Namespace) -> tuple[list, str, Any]:
    """Sources, database and settings for a crawl, each checked before any crawling starts."""
    from monitor.runner import build_settings

    path, sources = _sources(args)
    db = resolve_db_path(args.db)
    _check_db_writable(db)
    settings = build_settings(db=db, sources_path=path, overrides=_overrides(args))
    _check_settings(settings)
    return sources, db, settings


def cmd_crawl(args: argparse.Namespace) -> int:
    from monitor.runner import crawl_once

    sources, db, settings = _prepare_run(args)
    before = _last_run_id(db)
    crawl_once(settings, [s.name for s in sources])
    if not _print_runs(db, after=before):
        raise CLIError("the crawl recorded no run: see the log above")
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    from monitor.scheduling import MonitorScheduler

    sources, _, settings = _prepare_run(args)
    MonitorScheduler(settings, sources).run()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from monitor.demo.run import run_demo

    run_demo(db=args.db or "monitor-demo.db", pause=args.pause, rounds=args.rounds, log_level=args.log_level)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from pathlib import Path

    from monitor.parsing import NotArticle, parse_article_page

    failures = 0
    for name in args.files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"monitor: error: cannot read {name}: {exc.strerror}", file=sys.stderr)
            failures += 1
            continue
        url = args.url or path.resolve().as_uri()
        try:
            article = parse_article_page(data, url, encoding=args.encoding)
        except NotArticle as exc:
            print(json.dumps({"path": name, "error": f"not an article: {exc}"}, ensure_ascii=False))
            failures += 1
            continue
        out = {"path": name}
        for key in ("headline", "standfirst", "sections", "body_text", "casualty_figures", "related_links",
                    "published_at", "modified_at", "authors", "language", "canonical_url"):
            out[key] = article.get(key)
        print(json.dumps(out, ensure_ascii=False))
    return EXIT_ERROR if failures and failures == len(args.files) else 0


def cmd_casualties(args: argparse.Namespace) -> int:
    from monitor.casualties import extract_figures as extract
    from monitor.claims import with_claim

    def extract_figures(text: str) -> list[dict]:  # every field of the extractor's, claimed_by/background always
        return [with_claim(f) for f in extract(text)]

    if not args.jsonl:
        print(json.dumps(extract_figures(sys.stdin.read()), ensure_ascii=False, indent=2))
        return 0
    for lineno, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record["text"]
            if not isinstance(text, str):
                raise TypeError("text is not a string")
        except (ValueError, KeyError, TypeError) as exc:
            raise CLIError(f"stdin line {lineno}: expected a JSON object with \"id\" and \"text\" ({exc})") from None
        print(json.dumps({"id": record.get("id"), "figures": extract_figures(text)}, ensure_ascii=False), flush=True)
    return 0


def cmd_alerts(args: argparse.Namespace) -> int:
    from storage import Store

    if args.deliver:
        return _deliver_alerts(args)
    with Store.open(resolve_db_path(args.db), readonly=True) as store:
        rows = store.alerts(undelivered=args.undelivered, limit=args.limit)
    for row in rows:
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            state = f"delivered {row['delivered_at']}" if row["delivered_at"] else f"pending ({row['attempts']} attempts)"
            print(f"#{row['id']} {row['created_at']} [{row['kind']}] {state}\n    {row['message']}")
    if not rows and not args.json:
        print("no alerts")
    return 0


def _deliver_alerts(args: argparse.Namespace) -> int:
    from monitor.channels import build_channels, channel_options
    from monitor.delivery import deliver_pending
    from storage import Store

    from monitor.runner import build_settings

    # the same settings a crawl would use (project settings, $MONITOR_*_CHANNELS, -s overrides)
    args.log_level = "WARNING"
    settings = build_settings(db=resolve_db_path(args.db), sources_path=None, overrides=_overrides(args))
    try:
        options = channel_options(settings)
        channels = {"content": build_channels(args.channel or settings.getlist("MONITOR_ALERT_CHANNELS"), **options),
                    "health": build_channels(settings.getlist("MONITOR_HEALTH_CHANNELS"), **options)}
    except ValueError as exc:
        raise CLIError(str(exc)) from None
    if not channels["content"]:
        raise CLIError("no content alert channel configured (MONITOR_ALERT_CHANNELS or --channel)")
    db = resolve_db_path(args.db)
    if db != ":memory:" and not os.path.exists(db):
        raise CLIError(f"cannot open database {db}: no such file")
    with Store.open(db) as store:
        delivered, failed = deliver_pending(
            store, channels, ignore_schedule=args.force,
            base_delay=settings.getfloat("MONITOR_ALERT_RETRY_DELAY", 30.0),
            lease_seconds=settings.getfloat("MONITOR_ALERT_CLAIM_SECONDS", 300.0))
        waiting = len(store.alerts(undelivered=True))
    print(f"{delivered} delivered, {failed} failed; {waiting} still queued")
    return EXIT_ERROR if failed else 0


def cmd_history(args: argparse.Namespace) -> int:
    from monitor.history import article_history, render_history

    with _open_readonly(args.db) as store:
        history = article_history(store, args.url)
    if history is None:
        raise CLIError(f"no stored article for {args.url}")
    if args.json:
        print(json.dumps(history, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_history(history, color=sys.stdout.isatty() and not os.environ.get("NO_COLOR")))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from monitor.serve import ServeError, serve

    extra = list(args.datasette_args)
    if extra[:1] == ["--"]:
        extra = extra[1:]
    try:
        return serve(resolve_db_path(args.db), host=args.host, port=args.port, extra=extra,
                     prepare=not args.no_prepare)
    except ServeError as exc:
        raise CLIError(str(exc)) from None


def cmd_sources(args: argparse.Namespace) -> int:
    path = resolve_sources_path(args.sources)
    sources = load_sources(path)
    print(f"{path or 'packaged default sources.toml'}: {len(sources)} sources, all valid")
    for s in sources:
        flag = "" if s.enabled else "  (disabled)"
        print(f"  {s.name:<22} {s.kind:<8} {s.schedule_text:<16} {', '.join(s.start_urls)}{flag}")
    return 0


def _open_readonly(db: str | None) -> Any:
    from storage import Store

    return Store.open(resolve_db_path(db), readonly=True)


def _last_run_id(db: str) -> int:
    from storage import Store

    with Store.open(db, readonly=True) as store:
        return next(store.iter_rows("select coalesce(max(id), 0) as n from crawl_runs"))["n"]


def _print_runs(db: str, *, after: int) -> int:
    """Print the runs recorded after run id ``after``; returns how many there were."""
    from storage import Store

    with Store.open(db, readonly=True) as store:
        rows = list(store.iter_rows(
            "select source, finish_reason, pages, items, articles_new, articles_changed, duplicates, errors "
            "from crawl_runs where id > ? order by id", (after,)))
    for r in rows:
        print(f"{r['source']}: {r['finish_reason']}; {r['pages']} pages, {r['items']} articles stored or checked "
              f"({r['articles_new']} new, {r['articles_changed']} changed), {r['duplicates']} duplicates, "
              f"{r['errors']} errors")
    return len(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (SourcesError, StoreError, CLIError) as exc:
        print(f"monitor: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("monitor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
