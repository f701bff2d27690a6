"""Armenia–Azerbaijan news monitor: scheduled Scrapy crawls, versioned SQLite store, casualty alerts."""

__version__ = "0.1.0"
