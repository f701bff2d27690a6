"""Which extractor reads a text: English (the default), Russian, or Armenian/Azerbaijani digits."""

from __future__ import annotations

from .extract import extract_figures as extract_figures_en


def base_language(language: str | None) -> str:
    """``"ru-RU"`` → ``"ru"``; None or empty → ``"en"``."""
    return (language or "en").strip().lower().replace("_", "-").split("-")[0] or "en"


def extract_figures(text: str, language: str | None = None) -> list[dict]:
    """Casualty figures of ``text`` in ``language`` (None or "en": the English extractor, unchanged).

    >>> [f["count"] for f in extract_figures("Погибли 49 армянских военнослужащих.", language="ru")]
    [49]
    """
    lang = base_language(language)
    if lang == "ru":
        from .ru import extract_figures_ru
        return extract_figures_ru(text)
    if lang in ("hy", "az"):
        from .digits import extract_figures_digits
        return extract_figures_digits(text, lang)
    return extract_figures_en(text)
