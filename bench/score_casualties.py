"""Write predictions for the shared dev set and score them with the shared scorer.

Usage (from the repository root):
    .venv/bin/python bench/score_casualties.py [--gold PATH] [--out PRED.jsonl] [--errors]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.casualties import FIELDS, extract_figures  # noqa: E402

SHARED = ROOT.parent / "shared" / "casualties"


def predict(gold: Path, out: Path) -> None:
    """Run the extractor on every case of ``gold`` and write prediction lines to ``out``."""
    with gold.open(encoding="utf-8") as fh, out.open("w", encoding="utf-8") as dst:
        for line in fh:
            if not line.strip():
                continue
            case = json.loads(line)
            figs = [{k: f[k] for k in FIELDS} for f in extract_figures(case["text"])]
            dst.write(json.dumps({"id": case["id"], "figures": figs}) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", type=Path, default=SHARED / "dev.jsonl")
    ap.add_argument("--out", type=Path, default=Path("/tmp/casualties-pred.jsonl"))
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args()
    predict(args.gold, args.out)
    cmd = [sys.executable, str(SHARED / "score.py"), str(args.out), "--gold", str(args.gold)]
    if args.errors:
        cmd.append("--errors")
    return subprocess.call(cmd)


if __name__ == "__main__":
    raise SystemExit(main())
