"""The headline: from structured data, ``og:title``, the page's ``<h1>`` and ``<title>``.

Titles in metadata often carry the site's name ("… | Fandom", "… - Valley Herald") and
entities escaped twice (``doesn&#8217;t``). The page's own ``<h1>`` is what a reader sees:
when a metadata title is the ``<h1>`` plus a site part, the site part goes. Otherwise end
parts naming the site (``og:site_name``, publisher, host name) are cut.

>>> pick_headline("Apricots came early | Hill Farm", "Apricots came early", None, [], "")
'Apricots came early'
>>> pick_headline("Bridge reopens &#8211; it doesn&#8217;t wobble - Valley Herald", None, None,
...               ["Valley Herald"], "")
'Bridge reopens – it doesn’t wobble'
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from .blocks import clean_chars

_SPLIT = re.compile(r"(\s+[|–—\-:»·/]\s+|\s+::\s+|\s*\|\s*)")
_URLISH = re.compile(r"^(https?://|www\.)\S+$", re.I)


def decode(text: str | None) -> str | None:
    """Entities decoded (twice-escaped ones too) and whitespace collapsed."""
    if not text:
        return None
    for _ in range(2):
        if "&" not in text:
            break
        text = html.unescape(text)
    text = " ".join(clean_chars(text).split())
    return text or None


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _site_keys(sites: list[str], url: str) -> set[str]:
    keys = {_key(s) for s in sites if s}
    host = urlsplit(url).hostname or "" if url else ""
    host = re.sub(r"^(www|m|amp)\.", "", host)
    if host:
        keys.add(_key(host))
        keys.add(_key(host.rsplit(".", 1)[0]))
    return {k for k in keys if k}


def _parts(title: str) -> tuple[list[str], list[str]]:
    bits = _SPLIT.split(title)
    return [bits[i] for i in range(0, len(bits), 2)], [bits[i] for i in range(1, len(bits), 2)]


def _join(parts: list[str], seps: list[str]) -> str:
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += sep + part
    return out


def strip_site(title: str, h1: str | None, sites: list[str], url: str) -> str:
    """``title`` without the site's part: the ``<h1>`` where the title is h1 + site part."""
    parts, seps = _parts(title)
    if len(parts) < 2:
        return title
    if h1:
        want = _key(h1)
        for i in range(len(parts)):
            for j in range(len(parts), i, -1):
                if (i, j) != (0, len(parts)) and _key(_join(parts[i:j], seps[i:j - 1])) == want:
                    return _join(parts[i:j], seps[i:j - 1]).strip()
    site = _site_keys(sites, url)
    if not site:
        return title
    while len(parts) > 1 and (_key(parts[-1]) in site or any(
            k and k in _key(parts[-1]) and len(_key(parts[-1])) <= len(k) + 12 for k in site)):
        parts, seps = parts[:-1], seps[:-1]
    while len(parts) > 1 and _key(parts[0]) in site:
        parts, seps = parts[1:], seps[1:]
    return _join(parts, seps).strip()


def pick_headline(meta_title: str | None, h1: str | None, title: str | None,
                  sites: list[str], url: str) -> str | None:
    """The article's headline from its candidates (metadata title, ``<h1>``, ``<title>``)."""
    meta_title, h1, title = decode(meta_title), decode(h1), decode(title)
    if meta_title and _URLISH.match(meta_title):
        meta_title = None
    if h1 and _key(h1) in _site_keys(sites, url):
        h1 = None  # the site's logo in an <h1>
    for cand in (meta_title, h1):
        if cand:
            out = strip_site(cand, h1 if cand is not h1 else None, sites, url)
            return out or cand
    if title:
        out = strip_site(title, None, sites, url)
        parts, _ = _parts(out)
        if len(parts) > 1:  # "Story – My website": the story is the longest part
            best = max(parts, key=len)
            out = best if len(best.split()) >= 3 else out
        return out.strip() or title
    return None
