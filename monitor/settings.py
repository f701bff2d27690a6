"""Scrapy settings of the monitor (``SCRAPY_SETTINGS_MODULE=monitor.settings``).

Everything the monitor adds is prefixed ``MONITOR_``; see the README's configuration table.
"""

import os

from monitor import __version__

BOT_NAME = "karabakh-monitor"
SPIDER_LOADER_CLASS = "spiders.loader.SourceSpiderLoader"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- The monitor ----------------------------------------------------------------
MONITOR_DB = os.environ.get("MONITOR_DB", "monitor.db")
MONITOR_SOURCES = os.environ.get("MONITOR_SOURCES", "")  # empty: the packaged default
MONITOR_DB_BUSY_TIMEOUT = 30.0
MONITOR_RELEVANCE_ENABLED = True
MONITOR_RELEVANCE_MIN = 3.0
MONITOR_REVISIT_ENABLED = True
MONITOR_REVISIT_RATIO = 0.2  # re-check a known article when (time since last check) >= ratio x (its age)
MONITOR_REVISIT_MAX = 500  # at most this many stored articles revisited per run and source
MONITOR_CONDITIONAL_ENABLED = True  # If-None-Match / If-Modified-Since from stored validators (url_state)
# Parse pages in this many worker processes ("auto": one per core; 0: in the crawl's own thread)
MONITOR_PARSE_WORKERS = os.environ.get("MONITOR_PARSE_WORKERS", "auto")
MONITOR_PROGRESS = os.environ.get("MONITOR_PROGRESS", "auto")  # `monitor schedule` status line: auto (a TTY), on, off
MONITOR_SITEMAP_RECENT_ONLY = True
MONITOR_ALERTS_ENABLED = True
MONITOR_ALERT_CHANNELS = [c for c in os.environ.get("MONITOR_ALERT_CHANNELS", "log").split(",") if c.strip()]
MONITOR_HEALTH_CHANNELS = [c for c in os.environ.get("MONITOR_HEALTH_CHANNELS", "log").split(",") if c.strip()]
MONITOR_ALERT_RULES = ["casualty_change", "story_toll"]  # add "headline_change" for headline edits
MONITOR_ALERT_MIN_CHANGE = 1  # smallest absolute change in a count that alerts
MONITOR_ALERT_MIN_RELATIVE = 0.0  # smallest change relative to the old count (0.1 = 10%)
MONITOR_ALERT_RETRY_DELAY = 30.0  # seconds before the first retry of a failed delivery; doubles each time
MONITOR_ALERT_CLAIM_SECONDS = 300.0  # how long one delivery holds an alert; a dead delivery's claim expires
MONITOR_NEAR_DUPLICATES_ENABLED = True
MONITOR_NEAR_DUPLICATE_THRESHOLD = 0.7  # estimated Jaccard of word 5-grams for a lightly edited copy
MONITOR_STORIES_ENABLED = True
MONITOR_STORY_THRESHOLD = 0.15  # estimated Jaccard of lead words for the same event
MONITOR_STORY_WINDOW_DAYS = 7.0  # articles first stored this recently are candidates for a story
MONITOR_STORY_SHARED_FIGURE_MIN = 10  # or: the same figure (key and count >= this) as a recent article
MONITOR_HEALTH_ENABLED = True
MONITOR_HEALTH_SILENT_RUNS = 3  # a source that yields nothing this many runs in a row raises source_silent
MONITOR_HEALTH_MIN_COVERAGE = 0.5  # share of parsed pages with headline, body and date below which parser_broken
MONITOR_CONTACT = os.environ.get("MONITOR_CONTACT", "")

ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.relevance.RelevancePipeline": 200,
    "pipelines.dedup.DedupPipeline": 300,
    "pipelines.versioning.VersionPipeline": 400,
    "pipelines.store.StorePipeline": 500,
    "pipelines.alert.AlertPipeline": 600,
}
DOWNLOADER_MIDDLEWARES = {
    # after RedirectMiddleware (600) on the way out, before it on the way back: sees raw 301/304 answers
    "monitor.middlewares.ConditionalRequestMiddleware": 650,
}
EXTENSIONS = {
    "monitor.extensions.CrawlRunRecorder": 500,
    "monitor.health.CrawlHealthMonitor": 510,  # after the recorder: reads the run it just wrote
    "scrapy.extensions.telnet.TelnetConsole": None,
}

# --- Politeness -------------------------------------------------------------------
USER_AGENT = (
    f"karabakh-monitor/{__version__} (news monitoring crawler"
    + (f"; contact: {MONITOR_CONTACT}" if MONITOR_CONTACT else "")
    + ")"
)
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
COOKIES_ENABLED = False

# --- Housekeeping -----------------------------------------------------------------
LOG_LEVEL = os.environ.get("MONITOR_LOG_LEVEL", "INFO")
FEED_EXPORT_ENCODING = "utf-8"
TELNETCONSOLE_ENABLED = False
# Scrapy's remote-control server runs Python code sent over HTTP: never listen in a monitoring daemon.
REMOTE_CONTROL_ENABLED = False
# issue 16: alert messages, direction, digests, signed webhooks
MONITOR_ALERT_DIRECTION = os.environ.get("MONITOR_ALERT_DIRECTION", "any")  # any | up | down: which moves alert
MONITOR_ALERT_TEMPLATES = os.environ.get("MONITOR_ALERT_TEMPLATES", "")  # TOML file of message templates
MONITOR_DESK_URL = os.environ.get("MONITOR_DESK_URL", "")  # the desk's database page, for links in messages
MONITOR_WEBHOOK_SECRET = os.environ.get("MONITOR_WEBHOOK_SECRET", "")  # signs webhook bodies (HMAC-SHA256)
MONITOR_DIGEST_DIR = os.environ.get("MONITOR_DIGEST_DIR", "digests")  # spool of digest:N:CHANNEL channels
