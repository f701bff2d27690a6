"""Readers and metrics for public extraction test suites (used by ``bench/eval_suites.py``).

Each reader takes a folder as its project publishes it and yields :class:`Page` records:
the page's bytes, its URL when the suite gives one, and what the suite says is right (gold
text, snippets that must / must not appear, a date, a headline). The suites stay outside the
repository; nothing here ships with the product.

Suite layouts recognised (``detect``):

* ``golddir``  — ``input/NAME.html`` + ``GoldStandard/NAME.txt`` (CleanEval, CleanPortalEval,
  Dragnet, Google-news page-signal in the merged layout; the CleanEval ``URL:`` line and its
  ``<p>``/``<h>``/``<l>`` marks are stripped; an HTML gold is reduced to its text);
* ``trafeval`` — trafilatura's ``evaldata.json`` with ``eval/`` and ``cache/`` (snippet metric);
* ``readability`` — Mozilla Readability's ``test-pages/*/{source.html,expected.html,
  expected-metadata.json}``;
* ``zyte``     — the article-extraction benchmark's ``ground-truth.json`` + ``html/*.html.gz``;
* ``htmldate`` — htmldate's ``tests/`` with ``eval_*.json`` (publication dates);
* ``np4k``     — newspaper4k's ``tests/data`` (``html/`` + ``metadata/*.json``).
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

WORD = re.compile(r"\w+")
SHINGLE = 4


@dataclass
class Page:
    id: str
    data: bytes
    url: str = ""
    gold: str | None = None               # gold body text
    with_: list[str] = field(default_factory=list)     # snippets that must be in the body
    without: list[str] = field(default_factory=list)   # snippets that must not
    date: str | None = None               # YYYY-MM-DD
    headline: str | None = None
    authors: list[str] | None = None


def detect(path: Path) -> str:
    if (path / "input").is_dir() and (path / "GoldStandard").is_dir():
        return "golddir"
    if (path / "evaldata.json").exists():
        return "trafeval"
    if (path / "eval_default.json").exists():
        return "htmldate"
    if (path / "ground-truth.json").exists() and (path / "html").is_dir():
        return "zyte"
    if (path / "metadata").is_dir() and (path / "html").is_dir():
        return "np4k"
    if any(path.glob("*/source.html")):
        return "readability"
    raise SystemExit(f"eval_suites: error: {path}: not a suite layout I know")


# --- gold text normalisation ----------------------------------------------------------------

_MARK = re.compile(r"</?[phl]>|^URL:.*$", re.M)


def html_text(markup: str) -> str:
    from lxml import html as lhtml

    try:
        root = lhtml.fromstring(markup)
    except Exception:
        return markup
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    # paragraphs and the like end a line, so shingles do not run across blocks
    for el in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr",
                        "blockquote", "pre", "figcaption", "dd", "dt"):
        el.tail = "\n" + (el.tail or "")
    return root.text_content()


def gold_text(raw: str) -> str:
    if re.search(r"</(p|div|span|a|li|section|article)>", raw):
        return html_text(raw)
    return _MARK.sub(" ", raw)


# --- readers --------------------------------------------------------------------------------

def read_golddir(path: Path) -> Iterator[Page]:
    for html in sorted((path / "input").iterdir()):
        gold = path / "GoldStandard" / (html.stem + ".txt")
        if not gold.exists():
            continue
        raw = gold.read_bytes().decode("utf8", "replace")
        m = re.match(r"\s*URL:\s*(\S+)", raw)
        yield Page(html.stem, html.read_bytes(), url=m.group(1) if m else "", gold=gold_text(raw))


def read_trafeval(path: Path) -> Iterator[Page]:
    data = json.loads((path / "evaldata.json").read_text(encoding="utf8"))
    for url in sorted(data):
        item = data[url]
        for sub in ("cache", "eval"):
            f = path / sub / item["file"]
            if f.is_file():
                yield Page(item["file"], f.read_bytes(), url=url, with_=item["with"],
                           without=item["without"])
                break


def read_readability(path: Path) -> Iterator[Page]:
    for d in sorted(p.parent for p in path.glob("*/source.html")):
        exp = d / "expected.html"
        meta = {}
        if (d / "expected-metadata.json").exists():
            meta = json.loads((d / "expected-metadata.json").read_text(encoding="utf8"))
        byline = meta.get("byline")
        yield Page(d.name, (d / "source.html").read_bytes(), url="http://fakehost/test/page.html",
                   gold=html_text(exp.read_text(encoding="utf8")) if exp.exists() else None,
                   headline=meta.get("title"), authors=[byline] if byline else [])


def read_zyte(path: Path, exclude: set[str] | None = None) -> Iterator[Page]:
    gold = json.loads((path / "ground-truth.json").read_text(encoding="utf8"))
    for pid in sorted(gold):
        if exclude and pid in exclude:
            continue
        f = path / "html" / f"{pid}.html.gz"
        if f.exists():
            yield Page(pid, gzip.decompress(f.read_bytes()), url=gold[pid].get("url") or "",
                       gold=gold[pid].get("articleBody") or "")


def read_htmldate(path: Path) -> Iterator[Page]:
    pages: dict = {}
    for name in ("eval_mediacloud_2020.json", "eval_default.json"):
        if (path / name).exists():
            pages.update(json.loads((path / name).read_text(encoding="utf8")))
    for url in sorted(pages):
        item = pages[url]
        for sub in ("test_set", "cache", "eval"):
            f = path / sub / item["file"]
            if f.is_file():
                yield Page(item["file"], f.read_bytes(), url=url, date=item.get("date"))
                break


def read_np4k(path: Path) -> Iterator[Page]:
    for meta_file in sorted((path / "metadata").glob("*.json")):
        html = path / "html" / (meta_file.stem + ".html")
        if not html.exists():
            continue
        meta = json.loads(meta_file.read_text(encoding="utf8"))
        date = (meta.get("publish_date") or "")[:10] or None
        yield Page(meta_file.stem, html.read_bytes(), url=meta.get("url") or "",
                   headline=meta.get("title"), authors=meta.get("authors") or [], date=date)


READERS = {"golddir": read_golddir, "trafeval": read_trafeval, "readability": read_readability,
           "zyte": read_zyte, "htmldate": read_htmldate, "np4k": read_np4k}


# --- metrics --------------------------------------------------------------------------------

def shingles(text: str) -> Counter:
    toks = WORD.findall(text or "")
    if len(toks) < SHINGLE:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i:i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1))


def shingle_pr(pred: str, gold: str) -> tuple[float | None, float | None]:
    """Page precision (None for an empty prediction) and recall (None for an empty gold)."""
    g, p = shingles(gold), shingles(pred)
    matched = sum((g & p).values())
    return (matched / sum(p.values()) if p else None,
            matched / sum(g.values()) if g else None)


def _norm(text: str) -> str:
    return " ".join(text.split())


def snippet_counts(pred: str, with_: list[str], without: list[str]) -> tuple[int, int, int, int]:
    """trafilatura's evaluation counts: (tp, fp, fn, tn) by whitespace-normalised substrings."""
    res = _norm(pred or "")
    tp = sum(1 for w in with_ if _norm(w) in res) if pred else 0
    fp = sum(1 for w in without if _norm(w) in res) if pred else 0
    return tp, fp, len(with_) - tp, len(without) - fp
