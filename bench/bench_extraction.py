#!/usr/bin/env python3
"""Benchmark monitor.extraction against trafilatura on the shared extraction pages.

Run from the repository root:

    .venv/bin/python bench/bench_extraction.py [--pages DIR] [--per-page] [--keep DIR]

DIR (default ``<repo>/../shared/extraction``) holds ``pages/*.html``, ``ground-truth.json`` and
``score.py``. Both extractors run side by side on each page (alternating order, same bytes);
predictions are scored with the shared scorer (subprocess), and precision / recall / F1 plus
milliseconds per page are printed for each.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from monitor.extraction import NotArticle, extract_article  # noqa: E402

logging.disable(logging.CRITICAL)


REJECTED: list[str] = []


def run_ours(data: bytes, url: str) -> str:
    try:
        return extract_article(data, url)["body_text"]
    except NotArticle as exc:
        REJECTED.append(f"{url or '?'}: {exc.reason}")
        return ""


def run_trafilatura(data: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(data, include_comments=False) or ""


def score(scorer: Path, gold: Path, preds: list[dict], keep: Path | None, name: str
          ) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf8") as fh:
        for row in preds:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        path = Path(fh.name)
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / f"{name}.jsonl").write_text(path.read_text(encoding="utf8"), encoding="utf8")
    out = subprocess.run([sys.executable, str(scorer), str(path), "--gold", str(gold)],
                         capture_output=True, text=True, check=True).stdout
    path.unlink()
    vals = dict(re.findall(r"(\w+)=([\d.]+)", out))
    return {k: float(vals[k]) for k in ("precision", "recall", "f1", "accuracy") if k in vals}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, default=REPO.parent / "shared" / "extraction",
                    help="benchmark folder with pages/, ground-truth.json and score.py")
    ap.add_argument("--keep", type=Path, help="also write the prediction files here")
    args = ap.parse_args()
    root = args.pages
    pages_dir = root / "pages" if (root / "pages").is_dir() else root
    gold_path = root / "ground-truth.json"
    scorer = root / "score.py"
    if not pages_dir.is_dir() or not gold_path.exists() or not scorer.exists():
        print(f"benchmark not found under {root}", file=sys.stderr)
        return 2
    gold = json.loads(gold_path.read_text(encoding="utf8"))
    pages = sorted(pages_dir.glob("*.html"))
    extractors = {"monitor.extraction": run_ours, "trafilatura": run_trafilatura}
    preds: dict[str, list[dict]] = {name: [] for name in extractors}
    seconds = {name: 0.0 for name in extractors}
    # warm up imports and caches on one page, outside the timing; dateparser (which htmldate
    # calls for free-text dates) compiles every language's tables on its first call: seconds,
    # once per process
    import dateparser

    dateparser.parse("Posted on 3 Mars 2021 um 12")
    for fn in extractors.values():
        fn(pages[0].read_bytes(), "")
    REJECTED.clear()
    for i, page in enumerate(pages):
        data = page.read_bytes()
        url = gold.get(page.stem, {}).get("url") or ""
        order = list(extractors.items())
        if i % 2:
            order.reverse()
        for name, fn in order:
            t0 = time.perf_counter()
            text = fn(data, url)
            seconds[name] += time.perf_counter() - t0
            preds[name].append({"path": f"pages/{page.name}", "body_text": text})
    print(f"{len(pages)} pages from {pages_dir}")
    for line in REJECTED:
        print(f"  rejected as not an article: {line}")
    print(f"{'extractor':<20} {'precision':>9} {'recall':>7} {'F1':>7} {'ms/page':>8}")
    for name in extractors:
        s = score(scorer, gold_path, preds[name], args.keep, name.replace(".", "_"))
        ms = seconds[name] / len(pages) * 1000
        print(f"{name:<20} {s['precision']:>9.4f} {s['recall']:>7.4f} {s['f1']:>7.4f} {ms:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
