"""Bytes → text → lxml tree, robust to wrong charsets, binary input and broken markup."""

from __future__ import annotations

import re

from lxml import etree, html as lxml_html
from w3lib.encoding import html_to_unicode, resolve_encoding

from .errors import NotArticle

_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b",
    b"BM", b"RIFF", b"OggS", b"ID3", b"\x00\x00\x01\x00", b"wOFF", b"wOF2",
)
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# the same characters one by one: ``ch in text`` scans much faster than the regex
_CTRL_CHARS = tuple(ch for ch in map(chr, range(32)) if _CTRL.match(ch))
_HTML_HINT = re.compile(r"<\s*(!doctype|html|head|body|meta|title|div|p|article|h1|script|link|!--)\b",
                        re.I)
# Bigger documents are cut (at a tag boundary) before parsing: no article needs more.
MAX_CHARS = 6_000_000


def to_text(data: str | bytes, encoding: str | None = None) -> str:
    """Decode ``data`` to ``str``.

    Order: the ``encoding`` argument (if Python knows it), else the BOM / ``<meta charset>``,
    else detection (w3lib's ``html_to_unicode`` tries UTF-8 first, then cp1252). Raises
    :class:`NotArticle` for binary or non-HTML payloads (PDF, images, JSON, plain text).
    """
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        head = raw[:16].lstrip()
        if any(head.startswith(m) for m in _BINARY_MAGIC):
            raise NotArticle("binary payload (PDF/image/archive), not HTML")
        if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise NotArticle("binary payload, not HTML")
        text = _decode_bytes(raw, encoding)
    elif isinstance(data, str):
        text = data
    else:
        raise NotArticle(f"unsupported input type {type(data).__name__}")
    text = text.lstrip("\ufeff")
    _check_html(text)
    return text


def _decode_bytes(raw: bytes, encoding: str | None) -> str:
    if encoding:
        enc = resolve_encoding(encoding)
        if enc:
            try:
                return raw.decode(enc)
            except (UnicodeDecodeError, LookupError):
                pass  # declared encoding is wrong: fall through to sniffing
    try:
        _, text = html_to_unicode(None, raw)
    except Exception:  # pragma: no cover - w3lib is very tolerant
        text = raw.decode("utf-8", errors="replace")
    if text.count("\ufffd") > 20 and text.count("\ufffd") > len(text) / 500:
        # A declared charset that does not match the bytes (e.g. cp1251 declared as utf-8).
        text = _sniff(raw)
    return text


def _sniff(raw: bytes) -> str:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw[:200_000]).best()
        if best is not None and best.encoding:
            return raw.decode(best.encoding, errors="replace")
    except Exception:
        pass
    return raw.decode("cp1252", errors="replace")


def _check_html(text: str) -> None:
    stripped = text.strip()
    if not stripped:
        raise NotArticle("empty document")
    start = stripped[:2000]
    if start[0] in "{[" and not _HTML_HINT.search(start):
        raise NotArticle("JSON payload, not HTML")
    if not _HTML_HINT.search(stripped[:20000]) and "<" not in start:
        raise NotArticle("plain text or unknown payload, not HTML")
    sample = stripped[:4000]
    if len(_CTRL.findall(sample)) > len(sample) / 100:
        raise NotArticle("binary payload, not HTML")


def parse(text: str) -> lxml_html.HtmlElement:
    """Parse HTML text into an lxml tree (recovering from broken markup)."""
    if len(text) > MAX_CHARS:
        cut = text.rfind("<", 0, MAX_CHARS)
        text = text[: cut if cut > 0 else MAX_CHARS]
    # XML declarations with an encoding make lxml refuse str input.
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text, count=1)
    if any(ch in text for ch in _CTRL_CHARS):  # rare: skip the slow full-text regex pass
        text = _CTRL.sub(" ", text)
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, recover=True,
                                  collect_ids=False, default_doctype=False)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError) as exc:
        raise NotArticle(f"unparseable HTML ({exc})") from None
    if root is None:
        raise NotArticle("unparseable HTML")
    return root
