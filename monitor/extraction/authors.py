"""Author layer: structured data first, then the byline markup conventions of real themes.

Order (the first source that yields a plausible name wins):

1. JSON-LD / microdata ``author`` (read in :mod:`.structured`);
2. ``[itemprop=author]`` (its ``name`` or its text), hCard ``.author.vcard .fn`` (WordPress,
   Blogger), ``a[rel=author]``, ``.author-name`` / ``.byline__name``-style name elements;
3. ``<meta name="author">`` and friends (``article:author``, ``dc.creator``, ``parsely-author``);
4. the text of a ``.byline`` / ``.author`` / ``.by-author`` element: "By A and B", "A, B and C".

Every candidate goes through :func:`clean_authors`: "By"/"Posted by" is stripped, lists are
split ("A, B and C", "A & B", "A; B"), and roles ("| Reuters", "Staff writer", "in Moscow"),
e-mails, URLs, dates and non-names ("Admin", "Editorial team", the site's own name) are dropped.
Candidates inside comments, sidebars, widgets and related-story teasers are never read.
"""

from __future__ import annotations

import re
from typing import Iterable

from lxml import etree

from .nodes import CaselessPattern

_PREFIX = re.compile(
    r"^\s*(?:(?:[^\W\d_]+\s+)?by|автор(?:ы)?|текст|text|author|authors|writer|words)"
    r"(?:\s*[:\-–—]\s*|\s+)", re.I)  # "By", "Written by", "Analysis by", "Author:"
# "von"/"par"/"por"/"di"/"door": bylines in other languages, but also name particles, so
# stripped only when followed by at least two more words ("Von Max Muster", not "Di Wang")
_FOREIGN_PREFIX = re.compile(r"^\s*(?:von|par|por|di|door|av)\s+(?=\S+\s+\S)", re.I)
_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\bи\b)\s*", re.I)
# separators after which a byline carries other metadata (agency, role, date, reading time)
_META_SEP = re.compile(r"\s*(?:\||·|•|\u2022|\s[–—-]\s|\n|\(|\)|\[|\])\s*")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"(https?://|www\.)\S+", re.I)
_TAIL = re.compile(r"\s+(?:in|for|at|reporting from)\s+[A-Z\u0400-\u04ff].*$|"
                   r"\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b.*$", re.I)
_DOMAIN = re.compile(r"\w\.(com|net|org|co|uk|ru|am|az|ge|info|news|io|de|fr)\b", re.I)
_CREDENTIALS = {"md", "phd", "ph.d", "ms", "msc", "ma", "ba", "bsc", "mba", "rd", "rdn", "ld",
                "cpt", "rn", "np", "dds", "jd", "esq", "cfa", "cpa", "jr", "sr", "ii", "iii"}
# a word that makes the whole candidate a role, not a person ("AP Sports Writer")
_STRONG_ROLES = {"writer", "writers", "reporter", "reporters", "correspondent", "correspondents",
                 "editor", "editors", "columnist", "contributor", "contributors", "staff",
                 "newsroom", "desk", "producer", "photographer", "intern", "administrator",
                 "webmaster", "moderator", "team"}
_ROLE_WORDS = {
    "staff", "writer", "writers", "reporter", "reporters", "correspondent", "correspondents",
    "editor", "editors", "editorial", "contributor", "contributors", "columnist", "senior",
    "chief", "deputy", "political", "foreign", "diplomatic", "defence", "defense", "business",
    "economics", "security", "special", "news", "desk", "team", "board", "newsroom", "web",
    "online", "digital", "admin", "administrator", "webmaster", "guest", "user", "anonymous",
    "unknown", "author", "journalist", "the", "our", "agency", "agencies", "wires", "wire",
    "service", "services", "managing", "associate", "assistant", "sports", "opinion",
    "contributing", "freelance", "photographer", "video", "producer", "intern", "root",
    "redaction", "rédaction", "redaktion", "редакция", "staffer", "moderator", "post",
}
_NOT_NAME_WORDS = {"updated", "published", "posted", "comments", "comment", "views", "min",
                   "mins", "minutes", "read", "share", "follow", "subscribe", "ago", "today",
                   "yesterday", "photo", "photos", "image", "images", "source", "copyright",
                   "rights", "reserved", "click", "view", "profile", "email", "bio",
                   "articles", "posts", "stories", "all", "monday", "tuesday", "wednesday",
                   "thursday", "friday", "saturday", "sunday"}
_AGENCIES = {"reuters", "ap", "afp", "associated press", "agence france-presse", "bloomberg",
             "dpa", "tass", "interfax", "ria novosti", "anadolu", "anadolu agency", "xinhua",
             "efe", "ansa", "pa", "pa media", "upi", "cnn", "bbc", "armenpress", "apa", "trend",
             "news.am", "azertac", "report.az", "cna", "kyodo", "yonhap", "aa"}
_MONTH = re.compile(r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|jun(e)?|jul(y)?|aug(ust)?|"
                    r"sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\b\.?", re.I)
_LETTER = re.compile(r"[^\W\d_]")

# ancestors that never hold the article's byline
_BAD_ANCESTOR = CaselessPattern(
    r"(^|[\s_-])(comments?|comment-?list|commentlist|respond|reply|widgets?|sidebar|"
    r"related\w*|recommend\w*|most-?read|popular|trending|teasers?|promo\w*|more-?stories|"
    r"read-?also|also-?read|next-?post|post-?navigation|nav-?links|outbrain|taboola)($|[\s_-])")


def _is_name(name: str, site_names: set[str]) -> bool:
    if not name or len(name) > 60 or not _LETTER.match(name[0]):
        return False
    if any(ch.isdigit() for ch in name) or "@" in name or "/" in name or _URL.search(name):
        return False
    words = name.split()
    if not 1 <= len(words) <= 5:
        return False
    low = name.lower()
    lows = [w.strip(".,'’") for w in low.split()]
    parts = {p for w in lows for p in w.split("-")}
    if all(w in _ROLE_WORDS for w in lows) or any(w in _NOT_NAME_WORDS for w in lows) \
            or parts & _STRONG_ROLES:
        return False
    if _DOMAIN.search(name) or (len(words) == 1 and low.strip(".") in _CREDENTIALS):
        return False
    if len(words) == 1 and _MONTH.fullmatch(lows[0]):
        return False
    if low in site_names:
        return False
    if len(words) == 1 and low == name and not low.isupper():
        return False  # a lowercase single token: a handle or a label, not a name
    return True


def _split_one(raw: str) -> list[str]:
    text = _URL.sub(" ", _EMAIL.sub(" ", raw))
    text = "\n".join(" ".join(line.split()) for line in text.replace("\u00a0", " ").splitlines())
    out: list[str] = []
    for part in _META_SEP.split(text):
        part = part.strip(" ,;:.-–—")
        if not part:
            continue
        for _ in range(2):
            part = _PREFIX.sub("", part).strip(" ,;:.-–—")
        part = _FOREIGN_PREFIX.sub("", part)
        for name in _SPLIT.split(part):
            name = _PREFIX.sub("", name).strip(" ,;:-–—")
            name = _TAIL.sub("", name).strip(" ,;:-–—")
            if name:
                out.append(name)
    return out


def clean_authors(names: Iterable[str], site_names: Iterable[str] = ()) -> list[str]:
    """Normalise author names: split lists, strip "By"/roles/e-mails, drop non-names.

    >>> clean_authors(["By Jane Doe and John Roe | Reuters"])
    ['Jane Doe', 'John Roe']
    >>> clean_authors(["Ann Lee, Bo Kim and Cy Diaz", "admin", "https://x.example/me"])
    ['Ann Lee', 'Bo Kim', 'Cy Diaz']
    """
    sites = {" ".join(s.lower().split()) for s in site_names if s}
    people: list[str] = []
    agencies: list[str] = []
    for raw in names:
        if not isinstance(raw, str):
            continue
        found: list[str] = []
        for name in _split_one(raw):
            if name.isupper() and (len(name.split()) >= 2 or name.lower() in _AGENCIES
                                   and len(name) > 4):
                name = name.title()  # "GREG BEACHAM" (a styled byline) -> "Greg Beacham"
            first = name.split()[0].lower()
            if " ".join(name.lower().split()) in sites:
                continue
            if name.lower() in _AGENCIES or (first in _AGENCIES and len(first) > 1
                                             and len(name.split()) <= 3):
                if name not in agencies:
                    agencies.append(name)
                continue
            if _is_name(name, sites) and name not in found:
                found.append(name)
        if any(len(n.split()) > 1 for n in found):
            # "Jane Doe, FUTURISM": next to a full name, a lone word is an outlet or a label
            found = [n for n in found if len(n.split()) > 1]
        people.extend(n for n in found if n not in people)
    return people or agencies


def _bad_place(el: etree._Element, wrappers: set[etree._Element]) -> bool:
    """Inside comments, a sidebar, a widget or a teaser box (page wrappers excepted)."""
    for anc in el.iterancestors():
        if not isinstance(anc.tag, str) or anc in wrappers or anc.tag in ("html", "body"):
            continue
        if anc.tag in ("aside", "nav"):
            return True
        attrs = f"{anc.get('class', '')} {anc.get('id', '')}"
        if attrs.strip() and _BAD_ANCESTOR.search(attrs):
            return True
    return False


def _scope(root: etree._Element) -> etree._Element | None:
    """The element holding the article (the <article> or Article itemscope around the h1)."""
    h1s = root.xpath("//h1")
    if not h1s:
        return None
    for anc in h1s[0].iterancestors():
        if anc.tag == "article" or "article" in (anc.get("itemtype") or "").lower() \
                or "posting" in (anc.get("itemtype") or "").lower():
            return anc
    return None


def _text(el: etree._Element) -> str:
    """Text of a byline element; <br> and block children become line breaks."""
    if el.get("content"):
        return " ".join(el.get("content").split())
    parts: list[str] = []
    for node in el.iter():
        if node is not el and isinstance(node.tag, str) and node.tag in (
                "br", "div", "p", "li", "time", "h1", "h2", "h3", "h4", "h5", "h6"):
            parts.append("\n")
        if node.text and isinstance(node.tag, str) and node.tag not in ("script", "style"):
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return "\n".join(" ".join(line.split()) for line in "".join(parts).split("\n")
                     if line.strip())


# Markup conventions for a name element, most specific first (the XPath each list stands for):
#   //*[@itemprop="author"]//*[@itemprop="name"]
#   //*[@itemprop="author" and not(@itemscope)]
#   //*[class~="vcard"]//*[class~="fn"]
#   //a[rel~="author"]
#   //*[class~= one of _NAME_CLASSES]
# and for a byline element: //*[class~= one of _BYLINE_CLASSES or @rel="author" or @id="byline"].
# ("class~=" is a whitespace-separated token, as in contains(concat(" ", normalize-space(@class),
# " "), " x ").) All of them are read from one XPath pass over the tree: see _candidates.
_NAME_CLASSES = {"author-name", "author__name", "byline__name", "byline-name", "author_name",
                 "authorName"}
_BYLINE_CLASSES = {"byline", "by-line", "by-author", "article-byline", "post-author",
                   "entry-author", "author", "authors"}
# The attributes that put an element in one of the lists above (class tests by substring,
# a superset): selecting attribute nodes is much cheaper than testing every element.
_CANDIDATE_ATTRS = etree.XPath(
    '//@class[contains(., "author") or contains(., "byline") or contains(., "by-line") or '
    'contains(., "vcard") or contains(., "fn")] | //@itemprop[. = "author" or . = "name"] | '
    '//@id[. = "byline"] | //@rel[contains(., "author")]')
# XPath's normalize-space() splits on these four characters only
_XML_TOKEN = re.compile(r"[^ \t\r\n]+")


def _tokens(value: str | None) -> set[str]:
    return set(_XML_TOKEN.findall(value)) if value else set()


def _candidates(root: etree._Element) -> tuple[list[list[etree._Element]], list[etree._Element]]:
    """The name-element lists (in the order above) and the byline elements, in page order."""
    found: list[etree._Element] = []
    for attr in _CANDIDATE_ATTRS(root):  # in document order
        el = attr.getparent()
        if not found or found[-1] is not el:
            found.append(el)
    classes = {el: _tokens(el.get("class")) for el in found}
    author_props = {el for el in found if el.get("itemprop") == "author"}
    vcards = {el for el in found if "vcard" in classes[el]}
    names: list[list[etree._Element]] = [[], [], [], [], []]
    bylines: list[etree._Element] = []
    for el in found:
        cls, itemprop = classes[el], el.get("itemprop")
        if itemprop == "name" and author_props and any(a in author_props
                                                        for a in el.iterancestors()):
            names[0].append(el)
        if itemprop == "author" and el.get("itemscope") is None:
            names[1].append(el)
        if "fn" in cls and vcards and any(a in vcards for a in el.iterancestors()):
            names[2].append(el)
        if el.tag == "a" and "author" in _tokens(el.get("rel")):
            names[3].append(el)
        if cls & _NAME_CLASSES:
            names[4].append(el)
        if cls & _BYLINE_CLASSES or el.get("rel") == "author" or el.get("id") == "byline":
            bylines.append(el)
    return names, bylines


_META_KEYS = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author",
              "byl", "citation_author")


def _in_scope(els: list[etree._Element], scope: etree._Element | None,
              wrappers: set[etree._Element]) -> list[etree._Element]:
    els = [el for el in els if isinstance(el.tag, str) and el.tag not in ("script", "style")
           and not _bad_place(el, wrappers)]
    if scope is not None:
        inside = [el for el in els if el is scope or scope in el.iterancestors()]
        if inside:
            return inside
    return els


def html_authors(root: etree._Element, meta: dict[str, str], site_names: Iterable[str] = (),
                 ) -> list[str]:
    """Authors from byline markup and meta tags (used when structured data has none)."""
    sites = list(site_names)
    scope = _scope(root)
    h1 = root.find(".//h1")
    # elements wrapping the headline are the article's, whatever their class says
    wrappers = set(h1.iterancestors()) if h1 is not None else set()
    name_lists, bylines = _candidates(root)
    for found in name_lists:
        els = _in_scope(found, scope, wrappers)
        texts = (_text(el) for el in els[:6])
        names = clean_authors((text for text in texts if len(text) <= 120), sites)
        if names:
            return names
    names = clean_authors([meta[k] for k in _META_KEYS if meta.get(k)], sites)
    if names:
        return names
    els = _in_scope(bylines, scope, wrappers)
    # innermost bylines only (".byline" wrapping ".author" is read once)
    els = [el for el in els if not any(o is not el and el in o.iterancestors() for o in els)]
    for el in els[:4]:
        text = _text(el)
        if not text or len(text) > 200:
            continue
        names = clean_authors([text], sites)
        if names:
            return names
    return []
