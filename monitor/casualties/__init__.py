"""Casualty-figure extraction for Armenia–Azerbaijan conflict reporting.

Pure Python (no Scrapy).  Implements the annotation convention of the project's
casualty README: every figure has six fields (:data:`FIELDS`) plus its evidence.

>>> from monitor.casualties import extract_figures
>>> [f["count"] for f in extract_figures("Azerbaijan said 50 of its servicemen died.")]
[50]
"""

from .article import article_figures
from .extract import EXTRA_FIELDS, FIELDS
from .languages import extract_figures

#: Bump whenever the extraction rules change (stored with each article version).
EXTRACTOR_VERSION = "casualties-0.8.0"

__all__ = ["EXTRACTOR_VERSION", "EXTRA_FIELDS", "FIELDS", "article_figures", "extract_figures"]
