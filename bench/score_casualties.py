"""Write predictions for the casualty gold sets and score them with the shared scorer.

Without ``--gold`` all sets are scored, one after the other: the shared dev set
(/work/shared/casualties/dev.jsonl, output unchanged), then the blind set written
without looking at the code (bench/casualty_blind.jsonl), the second blind set
(bench/casualty_blind2.jsonl), the third (bench/casualty_blind3.jsonl), the fourth
(bench/casualty_blind4.jsonl), the fifth (bench/casualty_blind5.jsonl), the sixth
(bench/casualty_blind6.jsonl), the seventh (bench/casualty_blind7.jsonl), the eighth
(bench/casualty_blind8.jsonl) and the ninth (bench/casualty_blind9.jsonl).  ``--gold PATH`` scores only that file.

Real published text (/work/shared/casualties/real-dev.jsonl) is split by publication, the
host of each case's ``source`` URL: a host whose sha1 is 1 modulo 4 is in the BLIND part
(58 passages from 27 publications), every other host in the dev part (136 passages).  The
split rule lives here; no copy of the texts is kept.  ``--real`` scores the dev part (the
one whose errors may be looked at), ``--real-blind`` the blind part (scored once before and
once after a round of work), ``--real-all`` the whole file.

Usage (from the repository root):
    .venv/bin/python bench/score_casualties.py [--gold PATH | --real | --real-blind | --real-all]
        [--out PRED.jsonl] [--errors]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.casualties import FIELDS, extract_figures  # noqa: E402

SHARED = ROOT.parent / "shared" / "casualties"
DEV = SHARED / "dev.jsonl"
BLIND = ROOT / "bench" / "casualty_blind.jsonl"
BLIND2 = ROOT / "bench" / "casualty_blind2.jsonl"
BLIND3 = ROOT / "bench" / "casualty_blind3.jsonl"
BLIND4 = ROOT / "bench" / "casualty_blind4.jsonl"
BLIND5 = ROOT / "bench" / "casualty_blind5.jsonl"
BLIND6 = ROOT / "bench" / "casualty_blind6.jsonl"
BLIND7 = ROOT / "bench" / "casualty_blind7.jsonl"
BLIND8 = ROOT / "bench" / "casualty_blind8.jsonl"
BLIND9 = ROOT / "bench" / "casualty_blind9.jsonl"
REAL = SHARED / "real-dev.jsonl"


def publication(case: dict) -> str:
    """The publication of a real case: the host of its ``source`` URL, without ``www.``."""
    host = urlparse(case.get("source") or "").hostname or ""
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def in_real_blind(case: dict) -> bool:
    """The deterministic split rule: sha1 of the publication's host, 1 modulo 4, is blind."""
    return int(hashlib.sha1(publication(case).encode()).hexdigest(), 16) % 4 == 1


def real_part(part: str, dst: Path) -> Path:
    """Write the ``part`` ("dev", "blind" or "all") of the real set to ``dst``; ``dst``."""
    with REAL.open(encoding="utf-8") as fh, dst.open("w", encoding="utf-8") as out:
        for line in fh:
            if not line.strip():
                continue
            case = json.loads(line)
            if part == "all" or (part == "blind") == in_real_blind(case):
                out.write(line if line.endswith("\n") else line + "\n")
    return dst


def predict(gold: Path, out: Path) -> None:
    """Run the extractor on every case of ``gold`` and write prediction lines to ``out``."""
    with gold.open(encoding="utf-8") as fh, out.open("w", encoding="utf-8") as dst:
        for line in fh:
            if not line.strip():
                continue
            case = json.loads(line)
            figs = [{k: f[k] for k in FIELDS} for f in extract_figures(case["text"])]
            dst.write(json.dumps({"id": case["id"], "figures": figs}) + "\n")


def score(gold: Path, out: Path, errors: bool) -> int:
    """Predict for ``gold`` into ``out`` and run the shared scorer; its exit code."""
    predict(gold, out)
    cmd = [sys.executable, str(SHARED / "score.py"), str(out), "--gold", str(gold)]
    if errors:
        cmd.append("--errors")
    sys.stdout.flush()
    return subprocess.call(cmd)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=None,
                    help="gold file to score (default: the dev set, then the blind sets)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/casualties-pred.jsonl"),
                    help="prediction file (the blind sets' go next to it, '-blind'…'-blind9' added)")
    ap.add_argument("--errors", action="store_true")
    real = ap.add_mutually_exclusive_group()
    real.add_argument("--real", dest="real", action="store_const", const="dev",
                      help="score the dev part of the real published set")
    real.add_argument("--real-blind", dest="real", action="store_const", const="blind",
                      help="score the blind part of the real set (rarely: see bench/README.md)")
    real.add_argument("--real-all", dest="real", action="store_const", const="all",
                      help="score the whole real set")
    args = ap.parse_args()
    if args.real is not None:
        if not REAL.is_file():
            print(f"monitor: error: {REAL} not found", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory() as tmp:
            gold = real_part(args.real, Path(tmp) / f"real-{args.real}.jsonl")
            return score(gold, args.out.with_name(args.out.stem + "-real-" + args.real
                                                  + args.out.suffix), args.errors)
    if args.gold is not None:
        return score(args.gold, args.out, args.errors)
    rc = score(DEV, args.out, args.errors)
    for gold, tag in ((BLIND, "-blind"), (BLIND2, "-blind2"), (BLIND3, "-blind3"),
                       (BLIND4, "-blind4"), (BLIND5, "-blind5"),
                      (BLIND6, "-blind6"), (BLIND7, "-blind7"),
                      (BLIND8, "-blind8"), (BLIND9, "-blind9")):
        if gold.is_file():
            print(f"\n=== blind set: {gold.relative_to(ROOT)} ===", flush=True)
            blind_out = args.out.with_name(args.out.stem + tag + args.out.suffix)
            rc = score(gold, blind_out, args.errors) or rc
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
