"""Throughput of the casualty extractor (extract_figures alone, one core).

Usage (from the repository root):  .venv/bin/python bench/bench_casualties.py [--seconds N]

Prints sentences per second over a mix of news sentences (about a third with figures)
and milliseconds per 1,000-word article.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.casualties import extract_figures  # noqa: E402

SENTENCES = [
    "Armenia's Defence Ministry said 18 of its servicemen were killed and 35 wounded in overnight fighting.",
    "The talks in Brussels ended without agreement on the text of a peace treaty, officials said.",
    "A cluster-munition attack on the town of Barda killed 21 civilians and wounded about 70 others.",
    "Russia's 102nd military base in Gyumri hosts around 3,000 servicemen.",
    "Pashinyan said the government would continue to pursue a diplomatic settlement with Baku.",
    "Nearly 300 people were killed on both sides in two days of fighting, the deadliest since the 2020 war.",
    "The Lachin corridor, a 5-kilometre-wide road linking Armenia to Karabakh, was blocked for nine months.",
    "Azerbaijan's president said the operation had achieved its goals within 24 hours.",
    "Karabakh's health authorities raised the death toll from Monday's fuel depot blast to 170, from 125.",
    "Markets in Yerevan reopened on Thursday as traffic returned to the city centre.",
    "More than 100,000 ethnic Armenians, out of an estimated 120,000, fled Nagorno-Karabakh within a week.",
    "The foreign ministers are due to meet again next month in Washington, a spokesman said.",
]


def _article(words: int = 1000) -> str:
    out: list[str] = []
    count = 0
    i = 0
    while count < words:
        s = SENTENCES[i % len(SENTENCES)]
        out.append(s)
        count += len(s.split())
        i += 1
    return " ".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=2.0)
    args = ap.parse_args()
    # sentences per second: each sentence passed on its own, as the pipeline may do
    n = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < args.seconds:
        for s in SENTENCES:
            extract_figures(s)
        n += len(SENTENCES)
    sps = n / (time.perf_counter() - t0)
    # a 1,000-word article in one call
    article = _article()
    reps = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < args.seconds:
        extract_figures(article)
        reps += 1
    ms = (time.perf_counter() - t0) / reps * 1000
    figs = len(extract_figures(article))
    print(f"sentences/s (single sentences, {len(SENTENCES)}-sentence mix): {sps:,.0f}")
    print(f"ms per 1,000-word article ({len(article.split())} words, {figs} figures): {ms:.2f}")


if __name__ == "__main__":
    main()
