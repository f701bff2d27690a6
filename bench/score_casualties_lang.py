"""Score the casualty extractor on the Russian, Armenian and Azerbaijani real passages.

Each file (``../shared/casualties/real-dev-{ru,hy,az}.jsonl``) is split by publication (the
host of a case's ``source``): a host with ``sha1(host) % 4 == 0`` is BLIND (about a quarter of
the publications; its errors are never looked at while writing rules), the rest is DEV. The
whole file, the dev part and the blind part are scored with the shared scorer.

Usage (from the repository root):
    .venv/bin/python bench/score_casualties_lang.py [--lang ru] [--part all|dev|blind|whole]
        [--errors] [--out-dir /tmp] [--no-language]

``--errors`` prints per-case mismatches, and only for the dev part. ``--no-language`` calls
``extract_figures(text)`` without the language, as the code did before languages were known.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.casualties import FIELDS, extract_figures  # noqa: E402

SHARED = ROOT.parent / "shared" / "casualties"
LANGS = ("ru", "hy", "az")


def host_of(url: str) -> str:
    """The publication of a case: the host of its source URL, without ``www.``."""
    host = (urlsplit(url or "").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def is_blind(case: dict) -> bool:
    """Whether the case's publication belongs to the blind quarter."""
    digest = hashlib.sha1(host_of(case.get("source", "")).encode("utf-8")).hexdigest()
    return int(digest, 16) % 4 == 0


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _figures(text: str, language: str | None) -> list[dict]:
    if language is not None and "language" in inspect.signature(extract_figures).parameters:
        figs = extract_figures(text, language=language)
    else:
        figs = extract_figures(text)
    return [{k: f[k] for k in FIELDS} for f in figs]


def write(cases: list[dict], path: Path, *, gold: bool, language: str | None) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for case in cases:
            if gold:
                row = {k: case[k] for k in ("id", "text", "expected")}
            else:
                row = {"id": case["id"], "figures": _figures(case["text"], language)}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def score(lang: str, part: str, cases: list[dict], out_dir: Path, errors: bool,
          language: str | None) -> int:
    gold, pred = out_dir / f"cas-{lang}-{part}-gold.jsonl", out_dir / f"cas-{lang}-{part}-pred.jsonl"
    write(cases, gold, gold=True, language=language)
    write(cases, pred, gold=False, language=language)
    hosts = len({host_of(c.get("source", "")) for c in cases})
    print(f"\n=== {lang} {part}: {len(cases)} cases from {hosts} publications ===", flush=True)
    cmd = [sys.executable, str(SHARED / "score.py"), str(pred), "--gold", str(gold)]
    if errors and part == "dev":
        cmd.append("--errors")
    return subprocess.call(cmd)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=LANGS, action="append")
    ap.add_argument("--part", choices=("all", "whole", "dev", "blind"), default="all")
    ap.add_argument("--errors", action="store_true", help="mismatches of the dev part")
    ap.add_argument("--out-dir", type=Path, default=Path("/tmp"))
    ap.add_argument("--no-language", action="store_true")
    args = ap.parse_args()
    rc = 0
    for lang in args.lang or LANGS:
        path = SHARED / f"real-dev-{lang}.jsonl"
        if not path.is_file():
            print(f"skip {lang}: {path} not found")
            continue
        cases = load(path)
        parts = {"whole": cases,
                 "dev": [c for c in cases if not is_blind(c)],
                 "blind": [c for c in cases if is_blind(c)]}
        wanted = ("whole", "dev", "blind") if args.part == "all" else (args.part,)
        for part in wanted:
            rc = score(lang, part, parts[part], args.out_dir, args.errors,
                       None if args.no_language else lang) or rc
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
