"""Casualty extractor: public interface, seed article, own regression cases, dev set."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from monitor.casualties import EXTRA_FIELDS, EXTRACTOR_VERSION, FIELDS, article_figures, extract_figures

CASES_DIR = Path(__file__).resolve().parent / "casualty_cases"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _key(fig: dict) -> tuple:
    return tuple(fig[k] for k in FIELDS)


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


OWN_CASES = [case for p in sorted(CASES_DIR.glob("*.jsonl")) for case in _load(p)]


def test_interface_shape() -> None:
    text = "Officials said so. At least 49 Armenian soldiers were killed on Tuesday."
    figs = extract_figures(text)
    assert FIELDS == ("count", "count_high", "qualifier", "category", "side", "victims")
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION
    assert len(figs) == 1
    f = figs[0]
    assert set(f) == set(FIELDS) | set(EXTRA_FIELDS) | {"sentence", "start", "end"}
    assert f["claimed_by"] == "unknown" and f["background"] is False
    assert _key(f) == (49, None, "at_least", "killed", "armenia", "soldiers")
    assert text[f["start"]:f["end"]] == f["sentence"]
    assert f["sentence"].startswith("At least 49")


@pytest.mark.parametrize("text,expected", [
    ("at least 49 Armenian soldiers were killed", (49, None, "at_least", "killed", "armenia", "soldiers")),
    ("Azerbaijan said 50 of its servicemen died.", (50, None, "exact", "killed", "azerbaijan", "soldiers")),
])
def test_simple_news_sentences(text: str, expected: tuple) -> None:
    assert [_key(f) for f in extract_figures(text)] == [expected]


def test_article_figures_merges_repeats() -> None:
    parts = [("headline", "Clashes kill 155 soldiers on both sides"),
             ("standfirst", "In a flare-up, 155 soldiers from both sides were killed."),
             ("section:0", "Armenia said 105 of its soldiers died. Later, 155 soldiers "
                           "from both sides were reported killed.")]
    figs = article_figures(parts)
    by_key = {_key(f): f for f in figs}
    total = by_key[(155, None, "exact", "killed", "both", "soldiers")]
    assert [e["part"] for e in total["evidence"]] == ["headline", "standfirst", "section:0"]
    for ev in total["evidence"]:
        text = dict(parts)[ev["part"]]
        assert text[ev["start"]:ev["end"]] == ev["sentence"]
    assert (105, None, "exact", "killed", "armenia", "soldiers") in by_key
    assert len(figs) == 2


def _seed_parts(text: str) -> list[tuple[str, str]]:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return [(f"line:{i}", ln) for i, ln in enumerate(lines)]


@pytest.mark.skipif(not (SHARED / "seed").is_dir(), reason="shared seed material not present")
def test_seed_article() -> None:
    text = (SHARED / "seed" / "seed-article.txt").read_text(encoding="utf-8")
    expected = json.loads((SHARED / "seed" / "expected.json").read_text(encoding="utf-8"))
    want = sorted(_key(f) for f in expected["casualty_figures"])
    got = sorted(_key(f) for f in article_figures(_seed_parts(text)))
    assert got == want
    # the whole page as one text gives the same set (155 twice: standfirst and body)
    assert sorted(set(_key(f) for f in extract_figures(text))) == want


@pytest.mark.parametrize("case", OWN_CASES, ids=[c["id"] for c in OWN_CASES])
def test_own_cases(case: dict) -> None:
    got = sorted(_key(f) for f in extract_figures(case["text"]))
    want = sorted(_key(f) for f in case["expected"])
    assert got == want, case["text"]


def _scorer():
    spec = importlib.util.spec_from_file_location("casualty_score", SHARED / "casualties" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def test_dev_set_scores() -> None:
    gold_path = SHARED / "casualties" / "dev.jsonl"
    if not gold_path.is_file():
        pytest.skip("../shared/casualties/dev.jsonl not present")
    mod = _scorer()
    gold = mod.load_gold(str(gold_path))
    cases = _load(gold_path)
    preds = {c["id"]: [{k: f[k] for k in FIELDS} for f in extract_figures(c["text"])]
             for c in cases}
    # compute the scorer's metrics with its own normalisation and matching
    from collections import Counter
    tp_l = tp_s = n_pred = n_gold = neg = neg_fp = 0
    for cid, gfigs in gold.items():
        pfigs = [mod.normalise(f) for f in preds.get(cid, [])]
        pfigs = [f for f in pfigs if f is not None]
        n_pred += len(preds.get(cid, []))
        n_gold += len(gfigs)
        tp_l += sum((Counter(map(mod.lenient_key, gfigs)) & Counter(map(mod.lenient_key, pfigs))).values())
        tp_s += sum((Counter(map(mod.strict_key, gfigs)) & Counter(map(mod.strict_key, pfigs))).values())
        if not gfigs:
            neg += 1
            neg_fp += bool(preds.get(cid))
    f1_l = mod.prf(tp_l, n_pred, n_gold)[2]
    f1_s = mod.prf(tp_s, n_pred, n_gold)[2]
    assert f1_l >= 0.97, f1_l
    assert f1_s >= 0.93, f1_s
    assert neg_fp / neg <= 0.05
