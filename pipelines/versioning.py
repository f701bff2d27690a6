"""Decide whether an article changed, and if so what: changed fields, body diff, story, alerts.

A new article joins a story when its lead is close to a recent article's (MinHash, see
``monitor.similarity``) or, failing that, when it reports exactly the same figure (figure key —
category, side, victims, claim — and a count of at least ``MONITOR_STORY_SHARED_FIGURE_MIN``) as a
recent article: two reports a few days apart that both say "50 Azerbaijani soldiers killed" are about
the same event. A background figure (another period's toll, quoted by many stories) never joins two.

Alerts: ``casualty_change`` between this article's versions, ``story_toll`` against the story's peaks
(``Store.story_peaks``); figure keys keep a party's claim about the other side's losses apart from that
side's own count, and background figures never alert (:mod:`monitor.claims`, :mod:`monitor.alerts`).

No writes happen here: the result travels beside the item (``pipelines.itemstate.state_of``) to the
store pipeline, which writes the version, its story membership and the alerts it raises in one
transaction.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from monitor.alerts import AlertPolicy, casualty_change_alerts, headline_change_alerts, story_toll_alerts
from monitor.diffing import body_diff, compute_changes
from monitor.similarity import Signatures
from pipelines.itemstate import state_of
from pipelines.storeaccess import similarity_for, store_for
from storage import Store


class VersionPipeline:
    def __init__(self, crawler: Crawler, store: Store, policy: AlertPolicy):
        self.crawler = crawler
        self.store = store
        self.policy = policy
        self.stories_enabled = crawler.settings.getbool("MONITOR_STORIES_ENABLED", True)
        self.window_days = crawler.settings.getfloat("MONITOR_STORY_WINDOW_DAYS", 7.0)
        self.shared_figure_min = crawler.settings.getint("MONITOR_STORY_SHARED_FIGURE_MIN", 10)

    def _same_event(self, other_id: int, adapter: Any) -> bool:
        """A look-alike lead from the *same outlet* published more than 12 hours apart is that outlet's
        template (a daily bulletin), not another report of the same event."""
        from monitor.dates import parse_datetime

        other = self.store.article_by_id(other_id)
        if other is None or other["source"] != adapter.get("source"):
            return True
        a, b = parse_datetime(other.get("published_at")), parse_datetime(adapter.get("published_at"))
        return a is not None and b is not None and abs((a - b).total_seconds()) <= 12 * 3600

    def _window_start(self) -> str:
        from datetime import datetime, timedelta, timezone

        return (datetime.now(timezone.utc) - timedelta(days=self.window_days)).isoformat(timespec="seconds")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "VersionPipeline":
        return cls(crawler, store_for(crawler), AlertPolicy.from_settings(crawler.settings))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        state = state_of(item)
        article = state.get("article")
        previous = self.store.latest_version(article["id"]) if article else None
        if previous is not None and previous["content_hash"] == adapter["content_hash"]:
            state["unchanged"] = True
            return item
        new = {
            "headline": adapter.get("headline"), "standfirst": adapter.get("standfirst"),
            "published_at": adapter.get("published_at"), "modified_at": adapter.get("modified_at"),
            "sections": adapter.get("sections"), "casualty_figures": adapter.get("casualty_figures"),
        }
        old = None
        if previous is not None:
            old = {
                "headline": previous["headline"], "standfirst": previous["standfirst"],
                "published_at": previous["published_at"], "modified_at": previous["modified_at"],
                "sections": previous["sections"], "casualty_figures": previous["figures"],
            }
        changes = compute_changes(old, new)
        if previous is not None and previous.get("extractor_version") != adapter.get("extractor_version"):
            changes["extractor_changed"] = {"old": previous.get("extractor_version"),
                                            "new": adapter.get("extractor_version")}
        state["changes"] = changes
        state["body_diff"] = body_diff(previous["body_text"], adapter.get("body_text"),
                                       old_label=f"version {previous['version']}",
                                       new_label=f"version {previous['version'] + 1}") if previous else ""

        # Story: an existing article keeps its own; a new one joins the closest recent story.
        story_id = article.get("story_id") if article else None
        if article is None:
            signatures = state.get("signatures") or Signatures.of(
                adapter.get("headline"), adapter.get("standfirst"), adapter.get("body_text"))
            state["signatures"] = signatures
            if self.stories_enabled:
                match = similarity_for(self.crawler).story_for(signatures)
                if match is not None and not self._same_event(match.article_id, adapter):
                    match = None
                if match is not None and match.story_id is not None:
                    story_id = match.story_id
                    state["story_similarity"] = round(match.similarity, 3)
                else:  # two reports in the window that give the same toll for the same side
                    story_id = self.store.story_by_shared_figure(
                        adapter.get("casualty_figures") or [], self._window_start(), self.shared_figure_min)
        state["story_id"] = story_id

        url, headline = adapter["canonical_url"], adapter.get("headline")
        figures = adapter.get("casualty_figures") or []
        alerts = []
        if previous is not None:
            alerts += casualty_change_alerts(url=url, headline=headline, changes=changes, new_figures=figures,
                                             policy=self.policy)
            alerts += headline_change_alerts(url=url, changes=changes, policy=self.policy)
        if story_id is not None:
            # the peak includes this article's own earlier versions: an edit that repeats the figure
            # it already reported (or a correction downwards) is not a rise
            peaks = self.store.story_peaks(story_id)
            alerts += story_toll_alerts(url=url, headline=headline, new_figures=figures, peaks=peaks,
                                        already_alerted={a["figure_key"] for a in alerts}, policy=self.policy)
        if "extractor_changed" in changes:
            # The parser changed since the stored version: the move may be ours, not the outlet's.
            for alert in alerts:
                alert["message"] += (f" (note: the extractor changed since the previous version, "
                                     f"{changes['extractor_changed']['old']} → {changes['extractor_changed']['new']}; "
                                     "check the evidence)")
        state["alerts"] = alerts
        return item
