"""The examples in docstrings are tests too (the way parsel and itemadapter keep theirs honest)."""

import doctest
import importlib

import pytest

MODULES = [
    "monitor.casualties", "monitor.casualties.article", "monitor.casualties.extract", "monitor.casualties.numbers",
    "monitor.casualties.sentences", "monitor.casualties.tokens", "monitor.dates", "monitor.extraction",
    "monitor.extraction.authors", "monitor.extraction.dates", "monitor.extraction.links", "monitor.urls",
    "spiders.revisit", "storage.views", "monitor.claims", "monitor.history",
    "monitor.demo.run", "monitor.prefilter",
    "monitor.casualties.languages", "monitor.casualties.ru.extract", "monitor.casualties.digits",
    "monitor.language", "spiders.feed",
    "monitor.casualties.document", "monitor.casualties.period", "monitor.casualties.claimant",
    "monitor.casualties.listing", "monitor.casualties.category",
    "spiders.sitemap", "monitor.extraction.blocks", "monitor.extraction.headlines",
    "monitor.channels", "monitor.netguard", "monitor.serve", "monitor.signing",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert tried > 0, f"{name} has no examples"
    assert failures == 0
