"""Relevance term families in Russian, Armenian and Azerbaijani (sentences of our own wording)."""

import pytest

from monitor.relevance import TERMS, score_relevance


@pytest.mark.parametrize("headline, body, families", [
    ("Армения и Азербайджан обменялись пленными",
     "Переговоры прошли в Ереване; премьер Пашинян встретился с посредниками.",
     {"armenia", "azerbaijan", "yerevan", "pashinyan"}),
    ("Обстрел у Степанакерта", "Жители Нагорного Карабаха сообщили о стрельбе под Лачином и в Шуше.",
     {"stepanakert", "karabakh", "lachin", "shusha"}),
    ("Армянские военные на границе Сюника", "Из Баку заявили, что Алиеву доложили о перестрелке.",
     {"armenia", "syunik", "baku", "aliyev"}),
    ("Հայաստանը և Ադրբեջանը բանակցում են", "Ստեփանակերտում և Արցախի այլ բնակավայրերում լարված է։",
     {"armenia", "azerbaijan", "stepanakert", "artsakh"}),
    ("Ղարաբաղյան հակամարտություն", "Երևանում Փաշինյանը խոսեց Բաքվի առաջարկների մասին։",
     {"karabakh", "yerevan", "pashinyan", "baku"}),
    ("Azərbaycan və Ermənistan sərhədində atışma", "Xankəndi və Laçın yolunda vəziyyət gərgindir.",
     {"azerbaijan", "armenia", "stepanakert", "lachin"}),
    ("Qarabağda minaya düşən mülki şəxs", "Şuşa və Zəngəzur dəhlizi barədə Bakıda danışıqlar oldu.",
     {"karabakh", "shusha", "syunik", "baku"}),
])
def test_families_match_in_each_language(headline, body, families):
    rel = score_relevance(headline, body)
    assert families <= set(rel.terms)
    assert rel.keeps()


@pytest.mark.parametrize("headline, body", [
    ("Футбольный клуб выиграл кубок", "Финал завершился со счётом 2:1 в дополнительное время."),
    ("Ֆուտբոլային ակումբը հաղթեց", "Խաղն ավարտվեց 2։1 հաշվով։"),
    ("Futbol klubu kuboku qazandı", "Final 2:1 hesabı ilə başa çatdı; mis (bakır) qiymətləri artdı."),
])
def test_unrelated_stories_score_zero(headline, body):
    assert score_relevance(headline, body).score == 0


def test_inflected_russian_forms_are_one_family_each():
    rel = score_relevance("", "Армении, Армению, армянской стороне, армянами")
    assert rel.terms == ("armenia",) and rel.score == 3  # body mentions capped at three


def test_every_family_has_all_four_languages():
    for name, languages in TERMS.items():
        assert set(languages) == {"en", "ru", "hy", "az"}, name


def test_english_scores_unchanged():
    rel = score_relevance("Armenia and Azerbaijan agree ceasefire", "Fighting near Lachin ... Pashinyan said")
    assert rel.terms == ("armenia", "azerbaijan", "pashinyan", "lachin") and rel.score == 8
