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
MONITOR_RELEVANCE_PREFILTER = True  # drop a page before extraction when its whole text cannot reach the threshold
MONITOR_SIMILARITY_CAPACITY = 20_000  # articles the in-memory near-duplicate/story index holds (1 KB each)
MONITOR_CRAWL_RUNS_ENABLED = True  # record a crawl_runs row per spider run
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
MONITOR_SITEMAP_MAX_DEPTH = 3  # sitemap indexes nested deeper than this are not followed
MONITOR_SITEMAP_MAX_FILES = 50  # at most this many sitemap files per run and source
MONITOR_INDEX_MAX_LINKS = 1000  # at most this many links followed from one feed, sitemap or listing page
MONITOR_FRONTIER_MAX_ATTEMPTS = 5  # a pending link taken up this many times without settling is given up
MONITOR_DB_MAX_SIZE_MB = 0.0  # 0: no limit; else the store refuses to grow past this size (a disk_full fault)
MONITOR_DB_CREATE = True  # False: never create a new store file (the daemon sets it once its store exists)
MONITOR_DB_RUN_RECORD_ATTEMPTS = 5  # tries (each waiting the busy timeout) to write a crawl_runs row past a lock
# Distributed mode (monitor worker / monitor writer); the one-process commands never read these.
MONITOR_REDIS_URL = os.environ.get("MONITOR_REDIS_URL", "")
MONITOR_REDIS_PREFIX = "monitor"  # all keys of one deployment (one store) start with this
MONITOR_REDIS_DOMAIN_DELAY = 1.0  # seconds between two requests to one host, across all workers
MONITOR_REDIS_CLAIM_SECONDS = 60.0  # a request held this long by a silent worker is taken over by another
MONITOR_REDIS_PREFETCH = 0  # requests a worker holds at once (0: CONCURRENT_REQUESTS)
MONITOR_REDIS_WRITER_LEASE = 30.0  # the writer's lease on the store in Redis, renewed every third of it
MONITOR_REDIS_INFLIGHT_SECONDS = 3600  # a queued URL is not queued again until its result or this long
MONITOR_REDIS_BATCH = 50  # results the writer reads at once
# alert destinations kept apart from settings and sources: a TOML file readable by its owner only
MONITOR_DESTINATIONS_FILE = os.environ.get("MONITOR_DESTINATIONS_FILE", "")
MONITOR_ALERT_TIMEOUT = 5.0  # seconds a webhook may take to answer; no answer = outcome unknown
MONITOR_ALERT_DELIVERY_BUDGET = 3.0  # at most this many seconds a closing spider waits for alert delivery
MONITOR_PRIVATE_NETWORK_GUARD = True  # refuse hosts on loopback/private/link-local/reserved addresses

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
    # before robots.txt (100): a refused host is never asked for its robots.txt either
    "monitor.netguard.PrivateNetworkMiddleware": 50,
}
EXTENSIONS = {
    "monitor.extensions.CrawlRunRecorder": 500,
    "monitor.health.CrawlHealthMonitor": 510,  # after the recorder: reads the run it just wrote
    "monitor.storeguard.StoreFaultGuard": 520,  # the first store fault stops the crawl, reported once
    "scrapy.extensions.telnet.TelnetConsole": None,
    "monitor.warmup.LanguageModelWarmup": 520,   # language model loaded before the first download
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
TWISTED_DNS_RESOLVER = "monitor.netguard.GuardedResolver"  # refuses names resolving to private addresses at connect time

# --- Housekeeping -----------------------------------------------------------------
LOG_LEVEL = os.environ.get("MONITOR_LOG_LEVEL", "INFO")
LOG_DATEFORMAT = "%Y-%m-%d %H:%M:%S%z"  # times with their UTC offset
FEED_EXPORT_ENCODING = "utf-8"
LOG_FORMATTER = "monitor.storeguard.StoreFaultLogFormatter"  # store faults: one line, not one per item
TELNETCONSOLE_ENABLED = False
# Scrapy's remote-control server runs Python code sent over HTTP: never listen in a monitoring daemon.
REMOTE_CONTROL_ENABLED = False
# issue 16: alert messages, direction, digests, signed webhooks
MONITOR_ALERT_DIRECTION = os.environ.get("MONITOR_ALERT_DIRECTION", "any")  # any | up | down: which moves alert
MONITOR_ALERT_TEMPLATES = os.environ.get("MONITOR_ALERT_TEMPLATES", "")  # TOML file of message templates
MONITOR_DESK_URL = os.environ.get("MONITOR_DESK_URL", "")  # the desk's database page, for links in messages
MONITOR_WEBHOOK_SECRET = os.environ.get("MONITOR_WEBHOOK_SECRET", "")  # signs webhook bodies (HMAC-SHA256)
MONITOR_DIGEST_DIR = os.environ.get("MONITOR_DIGEST_DIR", "digests")  # spool of digest:N:CHANNEL channels
