"""Boilerplate removal on the HTML tree, before any body layer runs.

Removes navigation, breadcrumbs, sidebars ("most read", "trending"), share bars, captions and
credits, and lifts out "Read also" / "Related" blocks, returning their links as related links.
A guard keeps any element that holds the bulk of the page's text or the headline, so a class
such as ``has-sidebar`` on a wrapper cannot wipe the article.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from .links import canonicalize
from .nodes import CaselessPattern, has_h1, has_link, norm_text, prose_chars

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
              "form", "button", "select", "textarea", "input", "nav", "aside", "footer",
              "figcaption", "canvas", "video", "audio", "map", "dialog")
# class/id tokens that mark boilerplate containers
_BOILER = CaselessPattern(
    r"(^|[\s_-])(breadcrumbs?|crumbs?|sidebar|side-bar|most-?read|most-?popular|"
    r"mostread|popular|trending|top-?stories|recommend\w*|newsletter|share|sharing|social|"
    r"sharebar|share-?buttons|social-?share|comments?|disqus|advert\w*|ads?|adsense|ad-?slot|"
    r"banner|promo\w*|sponsor\w*|outbrain|taboola|subscribe|subscription|paywall|cookie\w*|"
    r"consent|tags|tag-?list|post-?tags|entry-?tags|keywords|caption|wp-caption-text|credits?|"
    r"image-?credit|photo-?credit|byline-?social|author-?box|author-?bio|about-?author|"
    r"more-?stories|more-?news|latest-?news|also-?read|skip-?link|menu|navbar|masthead|"
    r"site-?header|site-?footer|footer|toolbar|modal|popup|related-?tags)($|[\s_-])")
_RELATED = CaselessPattern(r"(^|[\s_-])(related\w*|read-?also|also-?read|see-?also|"
                           r"read-?more|more-?on-?this|further-?reading|inline-?related)($|[\s_-])")
RELATED_LEAD = re.compile(
    r"^\s*(?:read also|also read|read more|see also|see more|don't miss|related(?: articles?| stories| coverage| news|"
    r" content| posts?| reading)?|more on this(?: story| topic)?|further reading|recommended reading|"
    r"you (?:may|might) also (?:like|read)|read next|more:|also:|read:|читайте также|"
    r"смотрите также|lire aussi|à lire aussi|leer también|lesen sie auch|mehr zum thema|"
    r"ayrıca oku|həmçinin oxuyun|կարդացեք նաև)\s*[:\-–—>»|]*\s*",
    re.I)
# A class that names the article's own content ("entry-content", "post-body") beats a weak
# boilerplate token beside it ("entry-content-read-more", "entry__content paywall-container",
# Blogger's "post-body"); only these strong tokens beat it ("comment-content").
_CONTENT = CaselessPattern(
    r"(^|[\s_-])(entry-?content|entry|post-?content|post-?body|post-?text|article-?body|"
    r"article-?content|article-?text|story-?body|story-?content|main-?content|content|"
    r"text-?content|body-?text)($|[\s_-])")
_STRONG = CaselessPattern(
    r"(^|[\s_-])(comments?|comment-?list|disqus|sidebar|side-bar|breadcrumbs?|footer|menu|"
    r"navbar|masthead|site-?header|site-?footer|outbrain|taboola)($|[\s_-])")
# "widget" leading a class name (WordPress "widget widget_popular", "widget-area"), not inside
# a page builder's names ("elementor-widget-container" wraps the article itself)
_WIDGET = CaselessPattern(r"(^|\s)(widgets?|widget[_-]\w+)(\s|$)")
_KEEP_TAGS = {"html", "body", "main", "article"}
_SEP = re.compile(r"[:\-–—>»|]")
_INLINE = {"a", "span", "strong", "b", "em", "i", "br", "label", "small", "u", "mark"}
_TEXT_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i")
_TEXT_BOILER = re.compile(r"caption|credit|share|social|advert|tags", re.I)
_has_article_body = etree.XPath('boolean(.//*[@itemprop="articleBody"])')


def is_related_line(text: str, link_chars: int) -> bool:
    """A "Read also: <link>" style line (not a sentence that merely starts with "Related")."""
    m = RELATED_LEAD.match(text)
    if not m or len(text.split()) > 40:
        return False
    rest = text[m.end():].strip()
    if not rest:
        return True
    return link_chars >= 0.6 * len(rest) or (_SEP.search(m.group(0)) is not None and link_chars > 0)


def _attrs(el: etree._Element) -> str:
    return f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')} " \
           f"{el.get('aria-label', '')} {el.get('itemtype', '')}"


def _text_len(el: etree._Element) -> int:
    return len(norm_text(el))


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _links(el: etree._Element, base: str) -> list[tuple[str, str]]:
    out = []
    for a in el.iter("a"):
        url = canonicalize(a.get("href"), base)
        text = norm_text(a)
        if url and text and len(text.split()) >= 2:
            out.append((url, text))
    return out


def _names_content(attrs: str) -> bool:
    return _CONTENT.search(attrs) and not _STRONG.search(attrs)


def _holds_article(el: etree._Element, total: int) -> bool:
    """``el`` carries a good part of the page's reading text (so it is the article, or wraps
    it, whatever its class says: ``entry-content-read-more``, Blogger's ``widget Blog``)."""
    return prose_chars(el) > 0.3 * total


def _in_running_text(el: etree._Element) -> bool:
    """An inline element inside a sentence (``<a class="popup">word</a>`` in a paragraph)."""
    if el.tag not in _INLINE:
        return False
    parent = el.getparent()
    if (el.tail or "").strip() or (parent is not None and (parent.text or "").strip()):
        return True
    prev = el.getprevious()
    return prev is not None and bool((prev.tail or "").strip())


def collect_related(root: etree._Element, base: str) -> list[tuple[str, str]]:
    """Find "Read also" / "Related" blocks, remove them from ``root``, return their links."""
    found: list[tuple[str, str]] = []
    total = prose_chars(root) or 1
    for el in list(root.iter("p", "div", "section", "aside", "ul", "h2", "h3", "h4", "h5", "h6",
                             "blockquote")):
        if el.getparent() is None:
            continue
        if (el.get("class") or el.get("id")) and el.tag not in _KEEP_TAGS \
                and _RELATED.search(_attrs(el)):
            text = norm_text(el)
            prose = prose_chars(el)
            if len(text) < 2500 and has_link(el) and not has_h1(el) \
                    and (prose < 300 or prose < 0.5 * len(text)) \
                    and not _names_content(_attrs(el)) and not _holds_article(el, total):
                found.extend(_links(el, base))
                _remove(el)
            continue
        if el.tag in ("div", "section", "aside", "ul") and any(
                isinstance(c.tag, str) and c.tag not in _INLINE for c in el):
            continue  # only leaf-like containers can be a "Read also" line
        text = norm_text(el)
        if not text or len(text) > 400 or not RELATED_LEAD.match(text):
            continue
        if el.tag in ("p", "div", "blockquote", "strong", "b", "span") \
                and is_related_line(text, sum(len(t) for _, t in _links(el, base))):
            # "Read also: <a>Other story</a>" line inside the body
            if el.tag in ("strong", "b", "span"):
                parent = el.getparent()
                ptext = norm_text(parent) if parent is not None else ""
                if parent is not None and parent.tag == "p" and len(ptext) < 400:
                    found.extend(_links(parent, base))
                    _remove(parent)
                    continue
            found.extend(_links(el, base))
            _remove(el)
            continue
        if el.tag in ("h2", "h3", "h4", "h5", "h6", "p", "strong", "b") and len(text) < 60 \
                and not RELATED_LEAD.sub("", text).strip(" :"):
            # A "Related" heading followed by a list of links
            target = el if el.tag in ("h2", "h3", "h4", "h5", "h6", "p") else el.getparent()
            if target is None:
                continue
            nxt = target.getnext()
            if nxt is not None and nxt.tag in ("ul", "ol", "div", "p") and has_link(nxt) \
                    and _text_len(nxt) < 1500:
                found.extend(_links(nxt, base))
                _remove(nxt)
                _remove(target)
    return found


def prune(root: etree._Element, headline: str | None = None,
          protect: list[etree._Element] | None = None) -> None:
    """Remove boilerplate containers from ``root`` in place (never ``protect``ed elements)."""
    keep: set[etree._Element] = set()
    for el in protect or []:
        keep.add(el)
        keep.update(el.iterancestors())
    for el in list(root.iter("script", "style", "noscript", "template", "svg")):
        _remove(el)
    total = prose_chars(root) or 1
    for el in list(root.iter(*_DROP_TAGS)):
        if el.getparent() is None or el in keep:
            continue
        if el.tag in ("nav", "aside", "footer", "form", "figcaption") and \
                (has_h1(el) or _holds_article(el, total)):
            continue  # a whole-page wrapper misusing the tag (ASP.NET's page-wide <form>)
        _remove(el)
    total = prose_chars(root) or 1  # what is left to read (menus in <select>s are gone)
    for el in root.xpath("//*[@class or @id or @role or @aria-label or @itemtype]"):
        if not isinstance(el.tag, str) or el.tag in _KEEP_TAGS or el.getparent() is None \
                or el in keep:
            continue
        attrs = _attrs(el)
        if "breadcrumb" in attrs.lower():
            _remove(el)
            continue
        if not (_BOILER.search(attrs) or _WIDGET.search(attrs)):
            continue
        if el.tag in _TEXT_TAGS and not _TEXT_BOILER.search(attrs):
            continue
        if has_h1(el) or _has_article_body(el) or _in_running_text(el) \
                or _names_content(attrs):
            continue
        if _holds_article(el, total):
            continue
        _remove(el)


def remove_elements(root: etree._Element, elements: list[etree._Element]) -> None:
    for el in elements:
        if isinstance(el, lxml_html.HtmlElement) and el.getparent() is not None:
            _remove(el)
