"""Backtracking guard for the casualty extractor: time at n and 4n for hostile shapes.

Linear code scales about 4x from n to 4n, quadratic about 16x, exponential never ends.
Each input is one long sentence (no terminator), the worst case for per-sentence work.
This was a timed test until it failed under load in a full run of the suite; timing
belongs here.  The suite keeps a non-timed check that every shape completes
(tests/test_casualties_robustness.py).

Usage (from the repository root):  .venv/bin/python bench/bench_backtracking.py

Prints, per shape, the best of two runs at n and 4n, the ratio, and a flag when the ratio
is over 8 (and the 4n run over 50 ms); exits 1 when any shape is flagged.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.casualties import extract_figures  # noqa: E402

# Shapes that make naive regexes backtrack: long runs of separators, digits, dots, hyphens,
# number words, qualifiers and triggers without a sentence end.
PATHOLOGICAL = [
    "1," * 1000 + "killed ",
    "1 " * 1000 + "x killed ",
    "9" * 2000 + " dead ",
    "." * 2000 + " killed ",
    "a. " * 1000 + "died ",
    "-" * 2000 + "wounded ",
    "forty-" * 800 + "killed ",
    "at least more than up to " * 300 + "killed ",
    "Armenian Azerbaijani soldiers " * 300 + "killed ",
    "killed wounded dead " * 500,
    "of its " * 800 + "soldiers killed ",
    "a a a a " * 500 + "soldier was killed ",
    "1.1.1." * 800 + " killed ",
    "between 1 and " * 400 + "killed ",
    # many figures and cues in one sentence: per-figure lookups must not rescan the sentence
    "while 5 soldiers were killed ",
    "Baku said 5 of its soldiers died, ",
    "3 more soldiers were killed and ",
    "on both sides 4 soldiers and 3 civilians were killed in the war ",
    "Armenian shelling and Azerbaijani fire and its forces killed a soldier ",
]


def _timed(text: str) -> float:
    best = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        extract_figures(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    flagged = 0
    print(f"{'shape':>5} {'n (ms)':>9} {'4n (ms)':>9} {'ratio':>6}")
    for i, unit in enumerate(PATHOLOGICAL):
        t_small = max(_timed(unit * 2), 1e-4)
        t_big = _timed(unit * 8)
        ratio = t_big / t_small
        bad = ratio >= 8 and t_big >= 0.05
        flagged += bad
        print(f"{i:>5} {t_small * 1e3:>9.1f} {t_big * 1e3:>9.1f} {ratio:>6.1f}"
              + ("  SUPERLINEAR" if bad else ""))
    print(f"{flagged} of {len(PATHOLOGICAL)} shapes superlinear (linear ~4x, quadratic ~16x)")
    return 1 if flagged else 0


if __name__ == "__main__":
    raise SystemExit(main())
