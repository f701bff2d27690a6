"""Article extraction: HTML + URL in, a plain dict out (no Scrapy imports).

>>> from monitor.extraction import extract_article, EXTRACTOR_VERSION, NotArticle
"""

from .article import EXTRACTOR_VERSION, extract_article
from .errors import NotArticle

__all__ = ["extract_article", "EXTRACTOR_VERSION", "NotArticle"]
