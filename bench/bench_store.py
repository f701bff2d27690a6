"""The store at scale: fill a database through the real pipelines, then time what analysts run.

A generator writes realistic coverage through the pipelines that store crawled articles
(dedup → versioning → store, the very ``process_item`` methods a crawl calls; no network, no
parsing): outlets report events, each event is a story of several articles, each article is
updated a few times while its toll rises, some articles are syndicated to another outlet (near
duplicates), and every rise raises its alerts. Then, for each size:

* the insert rate (versions per second) and the bytes per version of the file;
* the latency, median of 5, of every canned query of the desk (``monitor/datasette/metadata.yml``),
  of a full read of every view, and of full-text searches;
* the time per new article of the duplicate and story look-ups (``DedupPipeline`` and
  ``VersionPipeline`` for one unseen article, its store write rolled back), at each size, so
  growth with the size of the store shows.

Usage (from the repository root):
    .venv/bin/python bench/bench_store.py [--sizes 1000,10000,100000] [--db PATH] [--seed N]

Sizes are numbers of versions; the database grows from one size to the next, so the largest size
is one run. Figures are printed, never asserted: this machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from scrapy.exceptions import DropItem  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

from monitor.hashing import content_hash, text_hash  # noqa: E402
from monitor.items import ArticleItem  # noqa: E402
from pipelines.dedup import DedupPipeline  # noqa: E402
from pipelines.storeaccess import store_for  # noqa: E402
from pipelines.store import StorePipeline  # noqa: E402
from pipelines.versioning import VersionPipeline  # noqa: E402

OUTLETS = ["wire", "daily", "herald", "observer", "courier", "tribune", "gazette", "monitor"]
PLACES = ["Tavush", "Syunik", "Gegharkunik", "Tartar", "Aghdam", "Fuzuli", "Lachin", "Kalbajar",
          "Jermuk", "Sotk", "Goris", "Kapan", "Ganja", "Barda", "Martuni", "Martakert"]
SIDES = [("Armenian", "armenia"), ("Azerbaijani", "azerbaijan")]
FILLER = ("officials diplomats ministry statement border village shelling ceasefire negotiations talks "
          "mediators envoy observers residents positions artillery drones overnight morning evening "
          "capital government parliament prime minister president spokesman region district road "
          "checkpoint corridor agreement proposal meeting summit foreign security council peace treaty "
          "delimitation commission troops units withdrawal monitoring mission humanitarian aid convoy "
          "hospital school bridge power line water supply farmers harvest winter refugees shelters").split()
LEADS = [
    "{k} {adj} soldiers were killed and {w} wounded near {place}, {a} said on {day} after {b} and {c}.",
    "{a} reported {k} {adj} servicemen dead and {w} injured as {b} spread towards {place} and {c}.",
    "Fighting around {place} left {k} {adj} troops killed, {w} hurt, according to {a}; {b} {c}.",
    "{b} and {c}: the toll of {adj} soldiers killed at {place} rose to {k}, with {w} wounded, {a} said.",
]
CANNED_PARAMS = {"story": "", "hours": "24", "article": "1", "q": "ceasefire"}


SYLLABLES = "ka ro mi tan vel ar za gor bek sha lin dov nur tep ash kel mar sev ol un dzor vak ri".split()


def _lexicon(rng: random.Random, n: int) -> list[str]:
    """Made-up names and terms: each event's own vocabulary, as real reports of different events differ."""
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(n)]


def _words(rng: random.Random, vocab: list[str], n: int) -> str:
    return " ".join(rng.choice(FILLER) if rng.random() < 0.2 else rng.choice(vocab) for _ in range(n))


class Coverage:
    """Events → articles → versions, in time order: a deterministic stream of items."""

    def __init__(self, seed: int, start: datetime):
        self.rng = random.Random(seed)
        self.clock = start
        self.next_article = 0
        self.next_event = 0

    def _article(self, event: dict[str, Any], outlet: str) -> dict[str, Any]:
        self.next_article += 1
        n = self.next_article
        return {"url": f"https://{outlet}.example/news/{event['id']}-{n}", "source": outlet, "event": event,
                "updates": self.rng.choice([1, 2, 2, 3, 3, 4, 5]), "version": 0, "n": n,
                "body": [_words(self.rng, event["vocab"], self.rng.randint(40, 90))
                         for _ in range(self.rng.randint(4, 9))]}

    def _item(self, art: dict[str, Any], *, url: str | None = None, source: str | None = None,
              edit: bool = False) -> ArticleItem:
        ev, rng = art["event"], self.rng
        adj, side = ev["side"]
        killed = ev["killed"] + art["version"] * ev["step"]
        v = ev["vocab"]
        lead = ev["template"].format(k=killed, w=ev["wounded"], adj=adj, place=ev["place"], day=ev["day"],
                                     a=" ".join(v[:3]), b=" ".join(v[3:6]), c=" ".join(v[6:9]))
        body = [lead] + art["body"][: 3 + art["version"]]
        if edit:  # a syndicated copy: lightly edited
            body = [p.replace(" the ", " a ", 2) for p in body]
        sentence = lead
        figures = [
            {"count": killed, "count_high": None, "qualifier": "exact", "category": "killed", "side": side,
             "victims": "soldiers", "evidence": [{"sentence": sentence, "part": "body", "start": 0, "end": 20}]},
            {"count": ev["wounded"], "count_high": None, "qualifier": "exact", "category": "wounded",
             "side": side, "victims": "soldiers",
             "evidence": [{"sentence": sentence, "part": "body", "start": 30, "end": 40}]},
        ]
        if rng.random() < 0.3:
            figures.append({"count": 6700, "count_high": None, "qualifier": "more_than", "category": "killed",
                            "side": "both", "victims": "people", "background": True,
                            "evidence": [{"sentence": "the 2020 war killed more than 6,700", "part": "body",
                                          "start": 0, "end": 9}]})
        headline = f"{v[9].title()} {v[10]}: {killed} {adj} soldiers killed near {ev['place']}"
        sections = [{"heading": None, "text": "\n\n".join(body[:3])}, {"heading": "Reactions", "text": "\n\n".join(body[3:])}]
        fields = {"headline": headline, "standfirst": f"Clashes near {ev['place']}", "sections": sections,
                  "casualty_figures": figures, "published_at": ev["published_at"],
                  "modified_at": self.clock.isoformat(timespec="seconds")}
        url = url or art["url"]
        return ArticleItem(
            url=url, canonical_url=url, source=source or art["source"], authors=["A. Reporter"], language="en",
            body_text="\n\n".join(body), related_links=[], relevance=5.0, relevance_terms=["armenia"],
            fetched_at=self.clock.isoformat(timespec="seconds"), content_hash=content_hash(fields),
            text_hash=text_hash(headline, body), extractor_version="bench", extraction_method="bench", **fields)

    def items(self) -> Iterator[ArticleItem]:
        """Forever: open an event now and then; each step, one live article gets its next version."""
        live: list[dict[str, Any]] = []
        while True:
            self.clock += timedelta(seconds=self.rng.randint(20, 90))
            if not live or self.rng.random() < 0.12:
                self.next_event += 1
                ev = {"id": self.next_event, "place": self.rng.choice(PLACES), "side": self.rng.choice(SIDES),
                      "killed": self.rng.randint(5, 900), "wounded": self.rng.randint(1, 900),
                      "step": self.rng.randint(1, 12), "day": self.clock.strftime("%A"),
                      "published_at": self.clock.isoformat(timespec="seconds"), "vocab": _lexicon(self.rng, 40),
                      "template": self.rng.choice(LEADS)}
                for outlet in self.rng.sample(OUTLETS, self.rng.randint(1, 4)):
                    live.append(self._article(ev, outlet))
            art = self.rng.choice(live)
            yield self._item(art)
            if art["version"] == 0 and self.rng.random() < 0.08:  # syndicated to another outlet
                other = self.rng.choice([o for o in OUTLETS if o != art["source"]])
                yield self._item(art, url=f"https://{other}.example/copy/{art['n']}", source=other, edit=True)
            art["version"] += 1
            if art["version"] >= art["updates"]:
                live.remove(art)
            if len(live) > 60:
                live.pop(0)


class Writer:
    """The storing pipelines of a crawl, built the Scrapy way from a crawler with the monitor's settings."""

    def __init__(self, db: str):
        settings = {"MONITOR_DB": db, "MONITOR_ALERTS_ENABLED": False, "MONITOR_STORY_WINDOW_DAYS": 7}
        self.crawler = get_crawler(settings_dict=settings)
        self.pipes = [cls.from_crawler(self.crawler) for cls in (DedupPipeline, VersionPipeline, StorePipeline)]
        self.store = store_for(self.crawler)

    def write(self, item: ArticleItem) -> bool:
        try:
            for pipe in self.pipes:
                item = pipe.process_item(item)
        except DropItem:
            return False
        return True

    def lookup_seconds(self, item: ArticleItem) -> float:
        """Dedup + story look-up for one unseen article (no write: versioning decides, nothing is stored)."""
        t = time.perf_counter()
        try:
            item = self.pipes[0].process_item(item)
            self.pipes[1].process_item(item)
        except DropItem:
            pass
        return time.perf_counter() - t


def _median_ms(conn: sqlite3.Connection, sql: str, params: Any = (), runs: int = 5) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        rows = len(conn.execute(sql, params).fetchall())
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, rows


def _reader(db: str) -> sqlite3.Connection:
    """A read-only connection like the desk's, with the desk's SQL functions."""
    from monitor.datasette.plugins.desk import desk_fts_query

    conn = sqlite3.connect(Path(db).resolve().as_uri() + "?mode=ro", uri=True)
    conn.create_function("desk_fts_query", 1, desk_fts_query)
    return conn


def query_latencies(db: str) -> list[tuple[str, float, int]]:
    meta = yaml.safe_load((ROOT / "monitor" / "datasette" / "metadata.yml").read_text(encoding="utf-8"))
    queries = meta["databases"]["monitor"]["queries"]
    conn = _reader(db)
    out = []
    for name, q in queries.items():
        params = {p: CANNED_PARAMS.get(p, "") for p in q.get("params", [])}
        ms, rows = _median_ms(conn, q["sql"], params)
        out.append((f"canned {name}", ms, rows))
    views = [r[0] for r in conn.execute("select name from sqlite_master where type = 'view' order by name")]
    for view in views:
        ms, rows = _median_ms(conn, f"select * from [{view}] limit 101")
        out.append((f"view {view} (first page)", ms, rows))
    for q in ("ceasefire", '"defence ministry"', "Tartar", "drone*"):
        ms, rows = _median_ms(conn, "select rowid from articles_fts where articles_fts match ? "
                                    "order by rank limit 100", (q,))
        out.append((f"fts {q}", ms, rows))
    conn.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="versions at which to measure, ascending")
    ap.add_argument("--db", help="database file (default: a temporary one, removed afterwards)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    tmp = tempfile.TemporaryDirectory() if not args.db else None
    db = args.db or os.path.join(tmp.name, "scale.db")
    # the stream ends about now (an item every 55 s on average), so "recent" windows mean what they say
    start = datetime.now(timezone.utc) - timedelta(seconds=55 * sizes[-1] * 1.1)
    writer = Writer(db)
    coverage, probe = Coverage(args.seed, start), Coverage(args.seed + 1, start)
    stream, versions = coverage.items(), 0
    print(f"store at scale: {db}")
    for size in sizes:
        t = time.perf_counter()
        before = versions
        while versions < size:
            item = next(stream)
            if writer.write(item):
                versions += 1
        elapsed = time.perf_counter() - t
        writer.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = {t: writer.store.db.execute(f"select count(*) from [{t}]").fetchone()[0]
                  for t in ("articles", "versions", "casualty_figures", "stories", "duplicates", "alerts")}
        size_bytes = os.path.getsize(db)
        print(f"\n== {counts['versions']:,} versions ({', '.join(f'{k} {v:,}' for k, v in counts.items())})")
        print(f"insert rate: {(counts['versions'] - before) / elapsed:,.0f} versions/s over this step; "
              f"file {size_bytes / 1e6:,.1f} MB = {size_bytes / counts['versions']:,.0f} bytes/version")
        lookups = [writer.lookup_seconds(probe._item(probe._article(
            {"id": 10**6 + i, "place": "Nowhere", "side": SIDES[i % 2], "killed": 3, "wounded": 1, "step": 1,
             "day": "Monday", "published_at": start.isoformat(), "vocab": _lexicon(probe.rng, 40),
             "template": LEADS[i % len(LEADS)]}, "wire")))
            for i in range(25)]
        print(f"dedup + story look-up per new article: median {statistics.median(lookups) * 1000:.2f} ms "
              f"({counts['articles']:,} stored articles)")
        print(f"{'query':58} {'ms (median of 5)':>16} {'rows':>6}")
        for name, ms, rows in query_latencies(db):
            flag = "  > 100 ms" if ms > 100 else ""
            print(f"{name:58} {ms:16.1f} {rows:6}{flag}")
    writer.store.close()
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
