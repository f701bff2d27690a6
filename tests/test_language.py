"""Language identification of articles (py3langid, model inside the wheel) and its priors."""

import pytest

from monitor.language import detect, identify_language, normalise_language
from monitor.sources import SourcesError, parse_sources


@pytest.mark.parametrize("text, lang", [
    ("Министерство обороны сообщило, что ночью на границе были ранены двое военнослужащих.", "ru"),
    ("Պաշտպանության նախարարությունը հայտնել է, որ սահմանին վիրավորվել է երկու զինծառայող։", "hy"),
    ("Müdafiə Nazirliyi bildirib ki, gecə sərhəddə iki hərbi qulluqçu yaralanıb.", "az"),
    ("The defence ministry said two servicemen were wounded on the border overnight.", "en"),
])
def test_detects_the_four_languages(text, lang):
    assert detect(text)[0] == lang
    assert identify_language(text, prior="en" if lang != "en" else "ru") == lang


def test_too_little_text_takes_the_declared_language_then_the_source_prior():
    assert identify_language("Баку", declared="ru-RU", prior="az") == "ru"
    assert identify_language("Баку", prior="az") == "az"
    assert identify_language("", prior=None) is None


@pytest.mark.parametrize("value, expected", [("ru-RU", "ru"), ("hy_AM", "hy"), ("AZ", "az"), ("", None),
                                             ("not a tag", None), (None, None)])
def test_normalise_language(value, expected):
    assert normalise_language(value) == expected


def test_source_language_key_is_kept_and_checked():
    text = ('[[source]]\nname = "ru-wire"\nkind = "feed"\nstart_urls = ["http://127.0.0.1/feed"]\n'
            'language = "ru-RU"\n')
    (source,) = parse_sources(text, "t.toml")
    assert source.language == "ru"
    with pytest.raises(SourcesError, match="language"):
        parse_sources(text.replace('"ru-RU"', '"русский язык"'), "t.toml")


def test_parsed_page_gets_its_language_and_that_language_s_figures():
    from monitor.parsing import parse_article_page

    html = ("<html><head><meta charset='windows-1251'><title>Обстрел</title></head><body><article>"
            "<h1>Обстрел на границе Армении и Азербайджана</h1>"
            "<p>Министерство обороны Армении сообщило, что ночью в результате обстрела погибли "
            "трое армянских военнослужащих, ещё пятеро получили ранения. Ведомство обвинило "
            "азербайджанскую сторону в нарушении режима прекращения огня.</p>"
            "<p>По данным ведомства, обстрел продолжался несколько часов и затронул несколько сёл.</p>"
            "</article></body></html>").encode("cp1251")
    article = parse_article_page(html, "http://127.0.0.1/news/1", encoding="cp1251", language="en")
    assert article["language"] == "ru"            # the text wins over a wrong source prior
    assert [(f["count"], f["category"], f["side"]) for f in article["casualty_figures"]] == [
        (3, "killed", "armenia"), (5, "wounded", "armenia")]
