from monitor.history import render_history

HISTORY = {
    "article": {"id": 1, "canonical_url": "http://x/a", "url": "http://x/a", "source": "wire", "headline": "Toll rises",
                "published_at": None, "modified_at": None, "first_seen_at": "t1", "last_checked_at": "t2",
                "current_version": 2},
    "story": {"id": 1, "title": "Clashes", "articles": 2},
    "duplicates": [{"url": "http://y/copy", "source": "post", "reason": "near_duplicate", "similarity": 0.93,
                    "first_seen_at": "t2"}],
    "alerts": [{"kind": "casualty_change", "figure_key": "killed|armenia|soldiers", "old_value": "49",
                "new_value": "105", "created_at": "t2", "delivered_at": "t2", "version": 2}],
    "versions": [
        {"version": 1, "fetched_at": "t1", "changed_fields": ["created"], "changes": {"changed_fields": ["created"]},
         "body_diff": "", "casualty_figures": [{"count": 49, "count_high": None, "qualifier": "exact",
                                                "category": "killed", "side": "armenia", "victims": "soldiers"}]},
        {"version": 2, "fetched_at": "t2", "changed_fields": ["casualty_figures"],
         "changes": {"casualty_figures": {"changed": [{"key": "killed|armenia|soldiers", "old": "49", "new": "105"}],
                                          "added": [], "removed": []}},
         "body_diff": "--- version 1\n+++ version 2\n@@ -1 +1 @@\n-49 killed\n+105 killed", "casualty_figures": []},
    ],
}


def test_plain_text_when_piped():
    text = render_history(HISTORY, color=False)
    assert "\x1b[" not in text
    for expected in ("story #1: Clashes", "duplicate: http://y/copy", "figure killed|armenia|soldiers: 49 → 105",
                     "alert casualty_change killed|armenia|soldiers: 49 → 105 (delivered)", "-49 killed",
                     "+105 killed", "version 2"):
        assert expected in text


def test_colours_in_a_terminal():
    text = render_history(HISTORY, color=True)
    assert "\x1b[31m  -49 killed\x1b[0m" in text and "\x1b[32m  +105 killed\x1b[0m" in text
