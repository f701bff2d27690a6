"""Armenian and Azerbaijani casualty figures (digits first), sentences of our own wording."""

import pytest

from monitor.casualties import extract_figures
from monitor.casualties.sentences import split_sentences

KEY = ("count", "count_high", "qualifier", "category", "side", "victims")


def figs(text, language):
    return [tuple(f[k] for k in KEY) for f in extract_figures(text, language=language)]


@pytest.mark.parametrize("text, expected", [
    ("Ադրբեջանական հրետակոծության հետևանքով զոհվել է 7 զինծառայող։",
     [(7, None, "exact", "killed", "armenia", "soldiers")]),
    ("Հայկական կողմն ունի 3 զոհ և 9 վիրավոր։",
     [(3, None, "exact", "killed", "armenia", "people"), (9, None, "exact", "wounded", "armenia", "people")]),
    ("Բաքվից վերադարձել է 12 գերի։", [(12, None, "exact", "captured", "armenia", "people")]),
    ("Ստեփանակերտում վիրավորվել է շուրջ 40 խաղաղ բնակիչ։",
     [(40, None, "about", "wounded", "armenia", "civilians")]),
])
def test_armenian(text, expected):
    assert figs(text, "hy") == expected


@pytest.mark.parametrize("text, expected", [
    ("Döyüşlərdə 15 hərbi qulluqçu şəhid olub.", [(15, None, "exact", "killed", "azerbaijan", "soldiers")]),
    ("Gəncəyə atılan raket nəticəsində 9 mülki şəxs həlak olub, 30 nəfər yaralanıb.",
     [(9, None, "exact", "killed", "azerbaijan", "civilians"), (30, None, "exact", "wounded", "azerbaijan", "people")]),
    ("Münaqişə nəticəsində 2 500 nəfər itkin düşüb.", [(2500, None, "exact", "missing", "azerbaijan", "people")]),
    ("Ordumuz düşmənin 50-yə qədər canlı qüvvəsini məhv edib.",
     [(50, 50, "up_to", "killed", "armenia", "soldiers")]),
    ("Təqribən 700 min azərbaycanlı qaçqın düşüb.", [(700000, None, "about", "displaced", "azerbaijan", "people")]),
])
def test_azerbaijani(text, expected):
    assert figs(text, "az") == expected


@pytest.mark.parametrize("text, language", [
    ("Հրադադարի ռեժիմը խախտվել է 120 անգամ, արձակվել է 3000 կրակոց։", "hy"),
    ("Սեպտեմբերի 19-ին 2023 թվականին տեղի ունեցավ հանդիպում։", "hy"),
    ("Atəşkəs 45 dəfə pozulub, 12 mina zərərsizləşdirilib.", "az"),
    ("2021-ci il 5 dekabr tarixində 150 şəhid ailəsinə mənzil verilib.", "az"),
])
def test_negatives(text, language):
    assert figs(text, language) == []


def test_armenian_full_stop_splits_sentences():
    text = "Առաջին նախադասություն։ Երկրորդ նախադասություն։"
    assert [text[s:e] for s, e in split_sentences(text)] == ["Առաջին նախադասություն։", "Երկրորդ նախադասություն։"]


def test_offsets_point_at_the_sentence():
    text = "Ավելի վաղ լուրեր չկային։ Զոհվել է 4 զինծառայող։"
    fig = extract_figures(text, language="hy")[0]
    assert text[fig["start"]:fig["end"]] == fig["sentence"] == "Զոհվել է 4 զինծառայող։"
