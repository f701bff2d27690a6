"""The store's look-ups that must stay cheap at scale, and the scale generator itself (bench/bench_store.py)."""

import importlib.util
import sys
from pathlib import Path

from storage import Store, VersionRecord

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_store.py"


def _article(store, url, figures, when="2026-01-01T00:00:00+00:00"):
    rec = VersionRecord(
        article={"canonical_url": url, "url": url, "source": "wire", "headline": url, "body_text": "b",
                 "content_hash": url, "first_seen_at": when, "last_checked_at": when},
        version={"fetched_at": when, "content_hash": url, "headline": url, "body_text": "b",
                 "changed_fields": '["created"]'},
        figures=[dict(f, count_high=None, qualifier="exact", sentence="s", part="body", start=0, end=1,
                      evidence="[]") for f in figures])
    return store.save_version(rec, None)[0]


def test_shared_figure_joins_a_story_but_a_background_figure_never_does(db_path):
    with Store.open(db_path) as store:
        first = _article(store, "http://x/a", [{"count": 50, "category": "killed", "side": "azerbaijan",
                                                 "victims": "soldiers"},
                                                {"count": 6700, "category": "killed", "side": "both", "victims": "people"}])
        story = store.article_story(first)
        same = [{"count": 50, "category": "killed", "side": "azerbaijan", "victims": "soldiers"}]
        assert store.story_by_shared_figure(same, "2025-12-01", 10) == story
        # the 2020 war's toll, quoted as background by a report of another event, is no shared fact
        background = [{"count": 6700, "category": "killed", "side": "both", "victims": "people", "background": True}]
        assert store.story_by_shared_figure(background, "2025-12-01", 10) is None


def test_shared_figure_lookup_uses_an_index(db_path):
    with Store.open(db_path) as store:
        plan = " ".join(r[3] for r in store.db.execute(
            "explain query plan select a.story_id from casualty_figures c join articles a on a.id = c.article_id "
            "where c.category = 'killed' and c.side = 'armenia' and c.victims = 'soldiers' and c.count = 5 "
            "and a.first_seen_at >= '' order by a.id desc limit 1"))
        assert "USING INDEX" in plan and "casualty_figures" in plan


def test_the_scale_generator_fills_a_store_through_the_pipelines(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_store", BENCH)
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_store"] = bench
    spec.loader.exec_module(bench)
    from datetime import datetime, timedelta, timezone

    writer = bench.Writer(str(tmp_path / "scale.db"))
    stream = bench.Coverage(1, datetime.now(timezone.utc) - timedelta(days=1)).items()
    written = sum(writer.write(next(stream)) for _ in range(150))
    db = writer.store.db
    counts = {t: db.execute(f"select count(*) from {t}").fetchone()[0]
              for t in ("articles", "versions", "stories", "alerts")}
    assert counts["versions"] == written > 100
    assert counts["articles"] < counts["versions"]          # articles are updated
    assert 1 < counts["stories"] < counts["articles"]       # several stories of several articles
    assert counts["alerts"] > 0                              # rising tolls raise alerts
    names = [name for name, _, _ in bench.query_latencies(str(tmp_path / "scale.db"))]
    assert any(n.startswith("canned ") for n in names) and any(n.startswith("fts ") for n in names)
    writer.store.close()
