"""Near-duplicate and same-story detection with MinHash signatures (datasketch).

Two signatures per article:

* a **text** signature over word 5-gram shingles of headline and body: a syndicated or lightly edited
  copy shares most shingles (estimated Jaccard ≥ ``near_threshold``, default 0.7) and is recorded as a
  duplicate, never as a second article;
* a **topic** signature over the content words of the *lead* (headline, standfirst and the first
  sixty words of the body): reports of the same event put the same facts first (who, where, how
  many killed) even when no sentence is shared, so a new article joins the story of the most similar
  recent article (estimated Jaccard ≥ ``story_threshold``, default 0.15). Whole-body vocabularies
  were tried first and separate events poorly: long articles share too many general words.

Signatures are stored (``article_signatures``) so the index survives restarts; each crawler keeps an
in-memory index of the recent ones (:class:`SimilarityIndex`) and tops it up from the database before each lookup, so articles
stored by a concurrent crawl are seen too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
#: datasketch's hashing scheme; stored signatures are only comparable within one scheme.
SCHEME = "affine32"
SHINGLE_WORDS = 5
NEAR_THRESHOLD = 0.7
STORY_THRESHOLD = 0.15
LEAD_WORDS = 60
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on
once only or other our out over own said same says she should so some such than that the their them then
there these they this those through to too under until up very was we were what when where which while who
whom why will with would you your told according since two three four five six seven eight nine ten one
""".split())


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text or "")]


def text_shingles(headline: str | None, body: str | None, size: int = SHINGLE_WORDS) -> set[str]:
    tokens = words(f"{headline or ''} {body or ''}")
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def topic_terms(headline: str | None, standfirst: str | None, body: str | None, lead: int = LEAD_WORDS) -> set[str]:
    """Content words of the lead: headline, standfirst and the first ``lead`` words of the body."""
    tokens = words(f"{headline or ''} {standfirst or ''}") + words(body or "")[:lead]
    return {w for w in tokens if len(w) > 2 and w not in STOPWORDS}


# datasketch draws the permutation parameters anew (seeded, so always the same) for every MinHash it
# makes: a third of the cost of a signature. They are drawn once here and shared; results are identical.
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def minhash(tokens: Iterable[str]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_PERMUTATIONS)
    mh.update_batch([t.encode("utf-8") for t in tokens])
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype="<u8").tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype="<u8").astype(np.uint64), scheme=SCHEME,
                   permutations=_PERMUTATIONS)


@dataclass
class Signatures:
    text: MinHash
    topic: MinHash

    @classmethod
    def of(cls, headline: str | None, standfirst: str | None, body: str | None) -> "Signatures":
        return cls(minhash(text_shingles(headline, body)), minhash(topic_terms(headline, standfirst, body)))

    def as_row(self) -> dict[str, bytes]:
        return {"text_minhash": to_bytes(self.text), "topic_minhash": to_bytes(self.topic)}


@dataclass
class Match:
    article_id: int
    similarity: float
    story_id: int | None = None


#: How many recent articles one index holds at most (``MONITOR_SIMILARITY_CAPACITY``); the oldest go first.
CAPACITY = 20_000


@dataclass
class SimilarityIndex:
    """The recent articles' signatures, as two compact matrices, compared with a new one in one pass.

    A signature is 128 32-bit hash values; an article costs 1 KB here (text and topic), whatever
    the page. Estimates are exact MinHash estimates (the share of equal hash values, as
    ``MinHash.jaccard``) for every held article, not only LSH candidates; comparing a new article
    with 20,000 held ones is one vectorised comparison of a few milliseconds. The index holds at most
    ``capacity`` articles (the crawl's story window, loaded from the store, and those stored since):
    past that, the oldest are dropped, so memory stays flat however long a crawl runs.
    """

    near_threshold: float = NEAR_THRESHOLD
    story_threshold: float = STORY_THRESHOLD
    capacity: int = CAPACITY
    last_article_id: int = field(default=0, init=False)
    _ids: np.ndarray = field(init=False, repr=False)
    _stories: np.ndarray = field(init=False, repr=False)
    _text: np.ndarray = field(init=False, repr=False)
    _topic: np.ndarray = field(init=False, repr=False)
    _count: int = field(default=0, init=False)
    _rows: dict[int, int] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._allocate(min(self.capacity, 256))

    def _allocate(self, size: int) -> None:
        old = getattr(self, "_ids", None)
        ids, stories = np.zeros(size, dtype=np.int64), np.full(size, -1, dtype=np.int64)
        text, topic = np.zeros((size, NUM_PERM), dtype=np.uint32), np.zeros((size, NUM_PERM), dtype=np.uint32)
        if old is not None:
            n = len(old)
            ids[:n], stories[:n], text[:n], topic[:n] = self._ids, self._stories, self._text, self._topic
        self._ids, self._stories, self._text, self._topic = ids, stories, text, topic

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, article_id: int, sig: Signatures, story_id: int | None) -> None:
        if article_id in self._rows:
            return
        if self._count == len(self._ids) and len(self._ids) < self.capacity:
            self._allocate(min(self.capacity, 2 * len(self._ids)))
        row = self._count % self.capacity
        if self._count >= self.capacity:  # full: the oldest article makes room
            self._rows.pop(int(self._ids[row]), None)
        self._ids[row], self._stories[row] = article_id, -1 if story_id is None else story_id
        self._text[row], self._topic[row] = sig.text.hashvalues, sig.topic.hashvalues
        self._rows[article_id] = row
        self._count += 1
        self.last_article_id = max(self.last_article_id, article_id)

    def load(self, rows: Iterable[dict[str, Any]]) -> None:
        """Add stored signatures (rows of ``article_signatures`` joined with the article's story)."""
        for row in rows:
            self.add(row["article_id"], Signatures(from_bytes(row["text_minhash"]), from_bytes(row["topic_minhash"])),
                     row.get("story_id"))

    def _best(self, matrix: np.ndarray, mh: MinHash, threshold: float) -> Match | None:
        n = min(self._count, self.capacity)
        if n == 0:
            return None
        sims = np.count_nonzero(matrix[:n] == mh.hashvalues.astype(np.uint32), axis=1) / NUM_PERM
        tied = np.flatnonzero(sims == sims.max())
        # among equals, the article stored first (rows are a ring once the index is full)
        age = (tied - self._count) % self.capacity if self._count > self.capacity else tied
        best = int(tied[np.argmin(age)])
        if sims[best] < threshold:
            return None
        story = int(self._stories[best])
        return Match(article_id=int(self._ids[best]), similarity=float(sims[best]),
                     story_id=None if story < 0 else story)

    def near_duplicate(self, sig: Signatures) -> Match | None:
        """The held article this text is a (lightly edited) copy of, if any."""
        return self._best(self._text, sig.text, self.near_threshold)

    def story_for(self, sig: Signatures) -> Match | None:
        """The most similar recent article about the same event, with its story."""
        return self._best(self._topic, sig.topic, self.story_threshold)
