"""A generated corpus of distinct, relevant article pages and an RSS feed listing them (benchmarks, fault tests).

``corpus_pages(base, n)`` → ``{path: (content_type, body)}``: ``/feed.xml`` and ``/news/{i}.html``
for ``i < n``. Every page is a conflict report with its own words (never a near-duplicate of another)
and one casualty figure, so each becomes one stored article.
"""

from __future__ import annotations

import random
from html import escape

_SYLLABLES = ("ar ba ce da el fa ga ha ik jo ka lu ma ne or pa qu ra sa ti ul va we xa yo za "
              "ber dan ges hov kar lin mer nor pet rus sel tor ven").split()
_WORDS = ("ridge valley convoy checkpoint river bridge district highway village outpost trench artillery drone "
          "mortar sniper patrol observers ministry spokesman statement commander battalion brigade shelling "
          "ceasefire talks mediators envoy corridor residents shelter hospital ambulance fuel bread school market "
          "mountain pass plateau orchard vineyard pasture tunnel railway reservoir power line telegraph monastery "
          "cemetery stadium factory depot airfield hangar radar satellite map survey border marker").split()


def _word(rng: random.Random) -> str:
    """A common word or a made-up place name: each page's text is its own, as real reports' are."""
    if rng.random() < 0.3:
        return rng.choice(_WORDS)
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def _paragraph(rng: random.Random, words: int) -> str:
    return " ".join(_word(rng) for _ in range(words)).capitalize() + "."


def article_html(base: str, i: int) -> bytes:
    rng = random.Random(i)
    killed = 2 + i  # a figure of its own: no two pages share one, so none joins another's story by it
    place = _word(rng).capitalize()
    headline = f"{place}: {_paragraph(rng, 5)[:-1]} on the Armenia-Azerbaijan border"
    paragraphs = [_paragraph(rng, 40) for _ in range(3)]
    paragraphs.append(f"Armenia said {killed} soldiers were killed in clashes with Azerbaijan near {place}, "
                      f"the defence ministry in Yerevan said.")
    paragraphs += [_paragraph(rng, 40) for _ in range(2)]
    paragraphs.append(f"Baku blamed Armenian forces for the escalation in Nagorno-Karabakh sector {i}.")
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(headline)}</title>'
            f'<link rel="canonical" href="{base}/news/{i}.html">'
            f'<meta property="article:published_time" content="2022-09-13T08:00:00+00:00"></head>'
            f'<body><article><h1>{escape(headline)}</h1>{body}</article></body></html>').encode()


def feed_xml(base: str, n: int) -> bytes:
    items = "".join(f"<item><title>Report {i}</title><link>{base}/news/{i}.html</link></item>" for i in range(n))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Corpus</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode()


def corpus_pages(base: str, n: int) -> dict[str, tuple[str, bytes]]:
    pages = {"/feed.xml": ("application/rss+xml; charset=utf-8", feed_xml(base, n)),
             "/robots.txt": ("text/plain", b"User-agent: *\nAllow: /\n")}
    for i in range(n):
        pages[f"/news/{i}.html"] = ("text/html; charset=utf-8", article_html(base, i))
    return pages


def corpus_sources_toml(base: str, name: str = "corpus") -> str:
    return (f'[[source]]\nname = "{name}"\nkind = "feed"\nstart_urls = ["{base}/feed.xml"]\n'
            f'allowed_domains = ["127.0.0.1"]\ninterval = "1h"\n')
