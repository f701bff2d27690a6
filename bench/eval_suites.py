#!/usr/bin/env python3
"""Run monitor.extraction and plain trafilatura side by side on public extraction suites.

    .venv/bin/python bench/eval_suites.py SUITE_DIR [SUITE_DIR ...] [--what body|dates|meta]
                     [--limit N] [--pages-out DIR] [--no-cache] [--zyte-exclude GOLD.json]

SUITE_DIR is a suite folder as its project publishes it (layouts: see ``bench/suites.py``).
``--what body`` (default): per suite, precision / recall / F1 of the body for both extractors
with the suite's own metric (trafilatura's evaluation set: its snippet counts; every other
suite: the word 4-gram shingle metric of the article-extraction benchmark, means over pages),
ms per page for both, pages won / lost (page F1 differing by more than 0.1) and the pages our
page-type gate rejected. ``--what dates``: share of pages whose publication date (day) is the
suite's, ours against ``trafilatura.extract_metadata``. ``--what meta``: headline and author
accuracy, likewise.

trafilatura's outputs are cached per page under ``$EVAL_CACHE`` (default
``/tmp/eval-suites-cache``) with their timing; ``--no-cache`` runs it afresh (do so for the
speed figures). One-time warm-up (imports, dateparser's locale tables) runs first, outside
the timing of both.
"""

from __future__ import annotations

import argparse
import hashlib
import html as htmlmod
import json
import logging
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import suites  # noqa: E402
from monitor.extraction import NotArticle, extract_article  # noqa: E402

logging.disable(logging.CRITICAL)
CACHE = Path(os.environ.get("EVAL_CACHE", "/tmp/eval-suites-cache"))


def ours(page: suites.Page) -> tuple[dict | None, str | None]:
    try:
        return extract_article(page.data, page.url), None
    except NotArticle as exc:
        return None, exc.reason


def _cache_file(kind: str, page: suites.Page) -> Path:
    return CACHE / kind / (hashlib.sha1(page.data).hexdigest() + ".json")


def theirs(kind: str, page: suites.Page, use_cache: bool) -> tuple[dict, float]:
    """trafilatura's body (``extract``) or metadata (``extract_metadata``), and its seconds."""
    import trafilatura

    f = _cache_file(kind, page)
    if use_cache and f.exists():
        d = json.loads(f.read_text(encoding="utf8"))
        return d, d["seconds"]
    t0 = time.perf_counter()
    if kind == "body":
        out = {"body": trafilatura.extract(page.data, include_comments=False) or ""}
    else:
        meta = trafilatura.extract_metadata(page.data, default_url=page.url or None)
        out = {"title": getattr(meta, "title", None), "date": getattr(meta, "date", None),
               "author": getattr(meta, "author", None)}
    out["seconds"] = time.perf_counter() - t0
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(json.dumps(out), encoding="utf8")
    return out, out["seconds"]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _page_f1(pr: tuple[float | None, float | None]) -> float:
    p, r = pr
    return _f1(p or 0.0, r or 0.0)


class BodyScore:
    """Accumulates one extractor's figures on one suite."""

    def __init__(self, snippets: bool):
        self.snippets = snippets
        self.ps: list[float] = []
        self.rs: list[float] = []
        self.counts = [0, 0, 0, 0]
        self.seconds = 0.0

    def add(self, page: suites.Page, text: str) -> float:
        if self.snippets:
            c = suites.snippet_counts(text, page.with_, page.without)
            self.counts = [a + b for a, b in zip(self.counts, c)]
            tp, fp, fn, _ = c
            return _f1(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)
        pr = suites.shingle_pr(text, page.gold or "")
        if pr[0] is not None:
            self.ps.append(pr[0])
        if pr[1] is not None:
            self.rs.append(pr[1])
        return _page_f1(pr)

    def prf(self) -> tuple[float, float, float]:
        if self.snippets:
            tp, fp, fn, _ = self.counts
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
        else:
            p = sum(self.ps) / len(self.ps) if self.ps else 0.0
            r = sum(self.rs) / len(self.rs) if self.rs else 0.0
        return p, r, _f1(p, r)


def run_body(name: str, pages: list[suites.Page], snippets: bool, use_cache: bool,
             out_dir: Path | None) -> None:
    mine, base = BodyScore(snippets), BodyScore(snippets)
    rejected: list[str] = []
    won, lost, rows = 0, 0, []
    for page in pages:
        t0 = time.perf_counter()
        art, reason = ours(page)
        mine.seconds += time.perf_counter() - t0
        text = art["body_text"] if art else ""
        if reason:
            rejected.append(f"{page.id}: {reason}")
        t_out, secs = theirs("body", page, use_cache)
        base.seconds += secs
        fa, fb = mine.add(page, text), base.add(page, t_out["body"])
        won += fa > fb + 0.1
        lost += fa < fb - 0.1
        rows.append((page.id, fa, fb, reason or ""))
    n = len(pages)
    print(f"\n{name}: {n} pages ({'snippet counts' if snippets else 'shingle F1'})")
    print(f"  {'extractor':<20} {'P':>6} {'R':>6} {'F1':>6} {'ms/page':>8}")
    for label, s in (("monitor.extraction", mine), ("trafilatura", base)):
        p, r, f = s.prf()
        print(f"  {label:<20} {p:6.3f} {r:6.3f} {f:6.3f} {s.seconds / max(n, 1) * 1000:8.1f}")
    print(f"  pages won {won}, lost {lost} (page F1 ±0.1); rejected by the gate: {len(rejected)}")
    for line in rejected[:15]:
        print(f"    rejected {line}")
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        with open(out_dir / f"{name}.tsv", "w", encoding="utf8") as fh:
            for pid, fa, fb, reason in sorted(rows, key=lambda r: r[1] - r[2]):
                fh.write(f"{pid}\t{fa:.3f}\t{fb:.3f}\t{reason}\n")


def _norm_title(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", htmlmod.unescape(text or ""))
    return " ".join(re.findall(r"\w+", text.lower()))


_SEP = re.compile(r"\s+[|–—\-:»·/_]+\s+|\s*\|\s*|\s+::\s+|\s_")


def _title_ok(found: str | None, gold: str) -> bool:
    """The gold title, or the gold title less a separated part at either end (the site's
    name: suites differ on keeping it); the same rule for both extractors."""
    have = _norm_title(found)
    if not have:
        return False
    accepted = {_norm_title(gold)}
    parts = _SEP.split(gold)
    for i in range(1, len(parts)):
        accepted.add(_norm_title(" ".join(parts[:i])))
        accepted.add(_norm_title(" ".join(parts[i:])))
    return have in accepted


def _author_ok(found: list[str] | str | None, gold: list[str]) -> bool:
    if isinstance(found, str):
        found = re.split(r";|,| and ", found)
    have = {_norm_title(a) for a in found or [] if _norm_title(a)}
    want = {_norm_title(a) for a in gold if _norm_title(a)}
    if not want:
        return not have
    text = " ".join(have)
    return all(w in text for w in want) or bool(have & want)


def run_meta(name: str, pages: list[suites.Page], what: str, use_cache: bool) -> None:
    hits = {"ours": 0, "trafilatura": 0}
    ahits = {"ours": 0, "trafilatura": 0}
    n = na = 0
    entities = 0
    misses: list[str] = []
    for page in pages:
        art, _ = ours(page)
        t_out, _ = theirs("meta", page, use_cache)
        if what == "dates":
            if not page.date:
                continue
            n += 1
            want = "" if page.date == "nan" else page.date  # "nan": the page has no date
            mine = ((art or {}).get("published_at") or "")[:10]
            hits["ours"] += mine == want
            hits["trafilatura"] += (t_out["date"] or "")[:10] == want
            if mine != want:
                misses.append(f"{page.id}: want {want or '-'}, got {mine or '-'} "
                              f"(trafilatura {t_out['date']})")
            continue
        if page.headline:
            n += 1
            head = (art or {}).get("headline")
            entities += bool(head and re.search(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", head, re.I))
            ok = _title_ok(head, page.headline)
            hits["ours"] += ok
            hits["trafilatura"] += _title_ok(t_out["title"], page.headline)
            if not ok:
                misses.append(f"{page.id}: want {page.headline!r}, got {head!r}")
        if page.authors is not None:
            na += 1
            ahits["ours"] += _author_ok((art or {}).get("authors"), page.authors)
            ahits["trafilatura"] += _author_ok(t_out["author"], page.authors)
    label = "date accuracy" if what == "dates" else "headline accuracy (site part optional)"
    print(f"\n{name}: {n} pages, {label}: ours {hits['ours'] / max(n, 1):.3f}, "
          f"trafilatura {hits['trafilatura'] / max(n, 1):.3f}")
    if what == "meta":
        print(f"  author accuracy ({na} pages): ours {ahits['ours'] / max(na, 1):.3f}, "
              f"trafilatura {ahits['trafilatura'] / max(na, 1):.3f}; "
              f"headlines with a literal entity: {entities}")
    for line in misses[:int(os.environ.get("EVAL_SHOW", "10"))]:
        print(f"    miss {line}")


def warm_up() -> None:
    """One-time costs, outside the timing for both: imports, and dateparser's locale tables
    (htmldate calls it for free-text dates; its first call compiles every language's
    patterns, seconds once per process, nothing after that)."""
    import dateparser
    import trafilatura

    page = b"<html><body><h1>Warm up</h1><p>" + b"Some words here. " * 30 + b"</p></body></html>"
    dateparser.parse("Posted on 3 Mars 2021 um 12")
    trafilatura.extract(page)
    trafilatura.extract_metadata(page)
    try:
        extract_article(page, "https://example.org/news/warm-up")
    except NotArticle:
        pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("suites", nargs="+", type=Path)
    ap.add_argument("--what", choices=("body", "dates", "meta"), default="body")
    ap.add_argument("--limit", type=int, help="first N pages of each suite only")
    ap.add_argument("--pages-out", type=Path, help="write per-page F1 (ours, trafilatura) here")
    ap.add_argument("--no-cache", action="store_true", help="run trafilatura afresh")
    ap.add_argument("--zyte-exclude", type=Path,
                    help="a ground-truth.json whose pages are left out of a zyte suite")
    args = ap.parse_args()
    warm_up()
    for path in args.suites:
        kind = suites.detect(path)
        if kind == "zyte" and args.zyte_exclude:
            exclude = set(json.loads(args.zyte_exclude.read_text(encoding="utf8")))
            pages = list(suites.read_zyte(path, exclude))
        else:
            pages = list(suites.READERS[kind](path))
        pages = pages[:args.limit] if args.limit else pages
        name = path.name if path.name not in ("tests", "data", "test-pages") else \
            f"{path.parent.name}-{path.name}"
        if args.what == "body":
            if kind in ("htmldate", "np4k"):
                continue
            run_body(name, pages, kind == "trafeval", not args.no_cache, args.pages_out)
        else:
            run_meta(name, pages, args.what, not args.no_cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
