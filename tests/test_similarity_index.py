"""The in-memory similarity index: exact MinHash estimates over every held article, bounded memory."""

import random

from monitor.similarity import SimilarityIndex, Signatures

WORDS = [f"w{i}" for i in range(3000)]


def _text(rng, n=300):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def test_estimates_are_the_minhash_estimates_and_the_best_match_wins():
    rng = random.Random(1)
    bodies = [_text(rng) for _ in range(30)]
    index = SimilarityIndex()
    sigs = [Signatures.of(f"headline {i}", None, b) for i, b in enumerate(bodies)]
    for i, sig in enumerate(sigs, start=1):
        index.add(i, sig, story_id=100 + i)
    copy = Signatures.of("headline 7", None, bodies[6].replace("w1 ", "w2 ", 3))
    match = index.near_duplicate(copy)
    assert match.article_id == 7 and match.story_id == 107
    assert match.similarity == float(copy.text.jaccard(sigs[6].text))
    assert index.near_duplicate(Signatures.of("other", None, _text(rng))) is None


def test_story_match_uses_the_topic_signature():
    index = SimilarityIndex()
    index.add(1, Signatures.of("Ceasefire in Tavush", "Talks resume", "Shelling near Berd killed two soldiers"), 5)
    index.add(2, Signatures.of("Harvest festival", "Apricots", "Farmers in Ararat sold a record crop"), 6)
    match = index.story_for(Signatures.of("Tavush ceasefire holds", "Talks resume", "Shelling near Berd stopped"))
    assert match is not None and (match.article_id, match.story_id) == (1, 5)


def test_ties_go_to_the_article_stored_first_and_an_unset_story_is_none():
    index = SimilarityIndex()
    sig = Signatures.of("same", None, "the very same words of a report about the border")
    index.add(4, sig, None)
    index.add(9, sig, 3)
    match = index.near_duplicate(sig)
    assert (match.article_id, match.story_id) == (4, None)
    index.add(4, sig, 8)  # already held: ignored
    assert len(index) == 2


def test_a_full_index_drops_its_oldest_articles_and_stays_the_same_size():
    rng = random.Random(2)
    index = SimilarityIndex(capacity=50)
    sigs = [Signatures.of(None, None, _text(rng, 80)) for _ in range(120)]
    for i, sig in enumerate(sigs, start=1):
        index.add(i, sig, None)
    assert len(index) == 50 and index.last_article_id == 120
    assert index._text.shape[0] == 50                      # no growth past the capacity
    assert index.near_duplicate(sigs[0]) is None           # article 1 was dropped
    assert index.near_duplicate(sigs[-1]).article_id == 120
    assert index.near_duplicate(sigs[70]).article_id == 71  # the 50 most recent are held
