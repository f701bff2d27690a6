"""Which language an article is in: py3langid on the text, with the page's and the source's
declared language as priors. The model ships inside the py3langid wheel; nothing is downloaded.

>>> identify_language("Погибли 49 армянских военнослужащих, сообщило министерство обороны.")
'ru'
>>> identify_language("Zoom", prior="hy-AM")
'hy'
"""

from __future__ import annotations

import re
from functools import lru_cache

_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_ARMENIAN = re.compile(r"[\u0531-\u0587]")
_LETTER = re.compile(r"[^\W\d_]")
MIN_LETTERS = 20          # fewer letters than this: too little text to identify; take the prior
CONFIDENT = 0.8           # below this the declared language (page, else source) wins
SAMPLE_CHARS = 3000


def normalise_language(value: str | None) -> str | None:
    """``"ru-RU"``, ``"ru_RU"``, ``"RU"`` → ``"ru"``; anything that is not a language tag → None."""
    if not isinstance(value, str) or not _LANG_RE.match(value.strip()):
        return None
    return re.split(r"[-_]", value.strip())[0].lower()


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def warm_up() -> None:
    """Load the model now (it takes a few seconds) rather than on the first article."""
    _identifier()


def detect(text: str) -> tuple[str | None, float]:
    """The most likely language of ``text`` and its probability (``(None, 0.0)`` for too little text)."""
    sample = (text or "")[:SAMPLE_CHARS]
    letters = _LETTER.findall(sample)
    if len(letters) < MIN_LETTERS:
        return None, 0.0
    if sum(1 for c in letters if _ARMENIAN.match(c)) > len(letters) / 2:
        return "hy", 1.0                       # the Armenian script is used for Armenian only
    lang, prob = _identifier().classify(sample)
    return lang, float(prob)


def identify_language(text: str | None, *, declared: str | None = None, prior: str | None = None) -> str | None:
    """The article's language: the detected one when confident, else the page's declared language,
    else the source's ``language``, else whatever was detected."""
    lang, prob = detect(text or "")
    fallback = normalise_language(declared) or normalise_language(prior)
    if lang is not None and (prob >= CONFIDENT or fallback is None):
        return lang
    return fallback or lang
