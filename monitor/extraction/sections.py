"""Block-level cleaning and sectioning: blocks → [{"heading", "text"}] in page order."""

from __future__ import annotations

import re
from .blocks import Block
from .clean import is_related_line

_CAPTION = re.compile(
    r"^\s*[\(\[]?\s*(source|sources|photo|photos|photograph|photography|image|images|picture|pic|"
    r"credit|credits|photo credit|image credit|illustration|file photo|video|graphic|фото|"
    r"источник|foto|bild|crédit|fuente|kaynak|mənbə|աղբյուր|լուսանկար)\s*(:|/|\||©|-\s)",
    re.I)
_CREDIT_TAIL = re.compile(r"(©|\(c\)|/\s*(getty|afp|reuters|ap|epa|shutterstock|tass|ria)|"
                          r"\b(getty images|ap photo|afp via getty|reuters/|shutterstock)\b)", re.I)
_SHARE = re.compile(
    r"^\s*(share( this( article| story| post| page)?)?( on| via)?\b|tweet( this)?\b|"
    r"follow us\b|subscribe\b|sign up\b|click here\b|join (us|our)\b|like us on\b|"
    r"download (our|the) app\b|leave a (comment|reply)\b|comments?\s*\(?\d*\)?$|"
    r"advertisement$|advertising$|sponsored$|print( this)?( article)?$|e-?mail( this)?( article)?$|"
    r"copy link$|whatsapp$|facebook$|twitter$|telegram$|linkedin$|we('d| would) love to hear|"
    r"get (our|the) (free )?newsletter|(all )?rights reserved|you (may|might) also like\b|"
    r"send us your|have a (news )?tip|contact us\b|continue reading\b|scroll to continue\b|"
    r"next article\b|previous article\b|loading\.\.\.|tags?:|filed under\b|topics?:|"
    r"поделиться|подписывайтесь)",
    re.I)
# Headings after which the article is over (sidebars, comments) — once the story has begun:
# the same headings above it ("Latest news", "Top stories") are boxes to skip.
END_AFTER_WORDS = 40
_END_HEAD = re.compile(
    r"^\s*(most (read|popular|viewed|shared|commented|recent)|popular( (posts?|stories|news|now|"
    r"articles))?|trending( now| stories| news| topics)?|top (stories|news)|latest( news| stories|"
    r" articles| posts| videos)?|editor'?s? (picks?|choice)|recent (posts|articles|news)|"
    r"leave a (reply|comment)|\d* ?comments?$|about the author|more from (the )?author|"
    r"самое (читаемое|популярное)|популярное|последние новости)\W*$",
    re.I)
# Headings of boxes that may sit in the middle of the body: skip their links only.
_BOX_HEAD = re.compile(
    r"^\s*(related( (articles?|stories|posts|news|coverage|content|topics|reading))?|"
    r"read (more|next|also)|see also|also read|more (stories|news|from|in|on)\b.*|"
    r"recommended( for you| stories| reading)?|you (may|might) also (like|be interested in)|"
    r"don'?t miss( this)?|also on\b.*|what to read next|further reading|share this( article)?|"
    r"читайте также|смотрите также)\W*$",
    re.I)
# Short house lines that close a story: removed only at the very end of the body.
_TRAILER = re.compile(
    r"^\W*(?:"
    r"our (?:editorial )?standards\b|.{0,60}\btrust principles\W*$|"
    r"sign up (?:for|to) (?:our|the)\b.{0,60}newsletter|"
    r"(?:subscribe|register) (?:to|for) (?:our|the)\b.{0,60}(?:newsletter|channel|podcast)|"
    r"follow (?:us|[^\W\d_]+(?: [^\W\d_]+)?) on (?:twitter|x|facebook|instagram|telegram|"
    r"linkedin|threads|bluesky|mastodon|tiktok|youtube|google news)\b|"
    r"(?:©|\(c\)\s*\d{4}|copyright\b.{0,60}\b(?:19|20)\d\d\b)|.{0,80}\ball rights reserved\W*$|"
    r"this (?:article|story|piece|post|report) (?:was |is |has been )?(?:first |originally )?"
    r"(?:appeared|published|ran|republished|posted) (?:in|on|at|by|from|with)\b|"
    r"(?:this (?:article|story) is )?republished (?:with permission|from|under)\b|"
    r"originally (?:published|appeared) (?:in|on|at|by)\b"
    r")", re.I)
# Wire credit lines: "(Reporting by A; Editing by B)", "Additional reporting by C"
_CREDIT = re.compile(
    r"^\W*(?:additional |further )?(?:reporting|writing|editing|research|translation|"
    r"compiled|contributions?|graphics?)(?: and (?:reporting|writing|editing))? by\b", re.I)
_BREADCRUMB_SEP = re.compile(r"\s(>|»|›|/|\|)\s")
_END_PUNCT = re.compile(r"[.!?…:;,\"”»)']$")


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def is_caption(text: str) -> bool:
    words = len(text.split())
    if words > 30:
        return False
    if _CAPTION.match(text):
        return True
    return words <= 20 and bool(_CREDIT_TAIL.search(text))


def is_share_prompt(text: str) -> bool:
    return len(text.split()) <= 14 and bool(_SHARE.match(text))


def _is_breadcrumb(text: str, headline_key: str) -> bool:
    if len(text.split()) > 25:
        return False
    key = _norm(text)
    if key.startswith("home ") and (not headline_key or key.endswith(headline_key)
                                    or len(_BREADCRUMB_SEP.findall(text)) >= 1):
        return True
    return len(_BREADCRUMB_SEP.findall(text)) >= 2 and not _END_PUNCT.search(text)


def clean_blocks(blocks: list[Block], headline: str | None, standfirst: str | None,
                 ) -> tuple[list[Block], list[tuple[str, str]]]:
    """Drop captions, credits, share prompts, breadcrumbs, sidebars, "Read also" lines.

    Returns the kept blocks and the links of the "Read also" lines removed from the body.
    """
    headline_key = _norm(headline or "")
    stand_key = _norm(standfirst or "")
    related: list[tuple[str, str]] = []
    keys = [_norm(b.text) for b in blocks]
    kept: list[Block] = []
    kept_words = 0
    in_box = False
    for i, b in enumerate(blocks):
        key = keys[i]
        if not key:
            continue
        if b.kind in ("heading", "bold", "para") and b.words <= 8 and not b.links:
            if _END_HEAD.match(b.text):
                if kept_words >= END_AFTER_WORDS:
                    break  # "Most read", comments...: the article is over
                in_box = True  # a sidebar box above the story: skip its teasers only
                continue
            if _BOX_HEAD.match(b.text):
                in_box = True
                continue
        if in_box:
            # inside a related / "don't miss" box: skip teaser links and short labels
            if (b.links and b.link_chars >= 0.5 * len(b.text)) or b.words <= 3:
                related.extend(b.links)
                continue
            in_box = False
        if is_related_line(b.text, b.link_chars):
            related.extend(b.links)
            continue
        if headline_key and key == headline_key:
            continue
        if len(kept) < 3 and _is_breadcrumb(b.text, headline_key):
            continue
        if is_caption(b.text) or is_share_prompt(b.text):
            continue
        if b.words <= 20 and b.kind != "heading" and (
                (i > 0 and keys[i - 1] == key) or (i + 1 < len(keys) and keys[i + 1] == key)):
            continue  # an image caption repeated (alt text, title, caption) right after itself
        if stand_key and not kept and key == stand_key:
            continue  # the standfirst is returned separately
        kept.append(b)
        if b.kind == "para":
            kept_words += b.words
    while kept:
        last = kept[-1]
        if last.kind == "heading" or (len(kept) > 1 and is_trailer(last.text)):
            kept.pop()
            continue
        break
    return kept, related


def is_trailer(text: str) -> bool:
    """A credit / house line that closes a story ("Reporting by X; Editing by Y", "Our
    Standards: ...", "This article first appeared in ...", "All rights reserved")."""
    words = len(text.split())
    if words > 40:
        return False
    if _CREDIT.match(text):
        # a credit, not a sentence that starts "Reporting by the team showed...": in
        # brackets, a list of credits, or short
        return text.lstrip().startswith(("(", "[")) or ";" in text or words <= 15
    return bool(_TRAILER.match(text))


def _is_heading(b: Block, nxt: Block | None) -> bool:
    if b.kind == "heading":
        return b.words <= 30
    if b.kind != "bold":
        return False
    text = b.text.strip()
    return (b.words <= 14 and not re.search(r"[.!?,;]$", text) and "\n" not in text
            and not text.startswith(("\"", "“", "«", "'")) and nxt is not None
            and nxt.kind == "para")


def build_sections(blocks: list[Block]) -> list[dict]:
    """Group blocks into sections: a heading starts a section; the lead has heading None."""
    sections: list[dict] = []
    heading: str | None = None
    paras: list[str] = []
    for i, b in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if _is_heading(b, nxt):
            if paras or heading is not None:
                sections.append({"heading": heading, "text": "\n\n".join(paras)})
            heading, paras = " ".join(b.text.split()).rstrip(":"), []
        else:
            paras.append(b.text)
    if paras or heading is not None:
        sections.append({"heading": heading, "text": "\n\n".join(paras)})
    return sections


def body_text(sections: list[dict]) -> str:
    parts: list[str] = []
    for s in sections:
        if s["heading"]:
            parts.append(s["heading"])
        if s["text"]:
            parts.append(s["text"])
    return "\n\n".join(parts)
