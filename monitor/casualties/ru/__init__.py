"""Russian casualty figures: lexicon in ``lexicon.toml``, rules in the modules beside it."""

from .extract import extract_figures_ru

__all__ = ["extract_figures_ru"]
