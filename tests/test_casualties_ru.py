"""Russian casualty figures (sentences of our own wording) and the language dispatch."""

import pytest

from monitor.casualties import article_figures, extract_figures
from monitor.casualties.ru.numbers import find_numbers, tokenize

KEY = ("count", "count_high", "qualifier", "category", "side", "victims")


def figs(text, language="ru"):
    return [tuple(f[k] for k in KEY) for f in extract_figures(text, language=language)]


@pytest.mark.parametrize("text, value", [
    ("сорока девяти", 49), ("ста пяти", 105), ("полторы тысячи", 1500), ("полутора тысяч", 1500),
    ("2,9 тыс.", 2900), ("2 425", 2425), ("три с половиной тысячи", 3500), ("двухсот тридцати", 230),
    ("пятеро", 5), ("двоих", 2), ("тысячи", 2000), ("десятки", 24), ("десятки тысяч", 20000),
    ("несколько сотен", 200), ("30 тыс.", 30000), ("одного миллиона", 1000000),
])
def test_number_forms(text, value):
    nums = find_numbers(tokenize(text))
    assert [n.value for n in nums] == [value]


@pytest.mark.parametrize("text, expected", [
    ("Минобороны Армении сообщило о гибели сорока девяти военнослужащих.",
     [(49, None, "exact", "killed", "armenia", "soldiers")]),
    ("В результате удара по Барде погибли 7 человек, ещё 19 получили ранения.",
     [(7, None, "exact", "killed", "azerbaijan", "people"),
      (19, None, "exact", "wounded", "azerbaijan", "people")]),
    ("По меньшей мере 12 азербайджанских солдат пропали без вести.",
     [(12, None, "at_least", "missing", "azerbaijan", "soldiers")]),
    ("Армянская сторона передала Азербайджану тела пятерых военнослужащих.",
     [(5, None, "exact", "bodies_returned", "azerbaijan", "soldiers")]),
    ("Около полутора тысяч мирных жителей Степанакерта стали беженцами.",
     [(1500, None, "about", "displaced", "armenia", "civilians")]),
    ("Более 30 армянских военнопленных остаются в плену.",
     [(30, None, "more_than", "captured", "armenia", "soldiers")]),
    ("Погибли или были ранены 64 человека в войне против Арцаха.",
     [(64, None, "exact", "casualties", "armenia", "people")]),
    ("Число погибших военнослужащих Азербайджана возросло с 40 до 71.",
     [(71, None, "exact", "killed", "azerbaijan", "soldiers")]),
    ("По данным ведомства, погибли от 20 до 30 мирных жителей Тертера.",
     [(20, 30, "exact", "killed", "azerbaijan", "civilians")]),
    ("Погибли до 100 российских миротворцев.", [(100, 100, "up_to", "killed", "unknown", "soldiers")]),
    ("Погиб армянский военнослужащий.", [(1, None, "exact", "killed", "armenia", "soldiers")]),
    ("Десятки раненых жителей Гянджи доставлены в больницу.",
     [(24, None, "at_least", "wounded", "azerbaijan", "civilians")]),
    ("За годы войны погибло свыше 25 тыс. человек.", [(25000, None, "more_than", "killed", "both", "people")]),
    ("Министерство обороны Азербайджанской Республики сообщило о гибели двух военнослужащих.",
     [(2, None, "exact", "killed", "azerbaijan", "soldiers")]),
    ("Министерство обороны Республики Армения сообщило о 2 погибших и 5 раненых.",
     [(2, None, "exact", "killed", "armenia", "people"), (5, None, "exact", "wounded", "armenia", "people")]),
    ("В плену в Азербайджане остаются 38 армян.", [(38, None, "exact", "captured", "armenia", "people")]),
    ("Погибли 10 жителей Барды, среди них 3 ребенка.",
     [(10, None, "exact", "killed", "azerbaijan", "civilians"), (3, None, "exact", "killed", "azerbaijan", "civilians")]),
    ("Потери составили 300 человек убитыми и 1000 ранеными.",
     [(300, None, "exact", "killed", "unknown", "people"), (1000, None, "exact", "wounded", "unknown", "people")]),
    ("20-летний армянский солдат погиб на позиции.", [(1, None, "exact", "killed", "armenia", "soldiers")]),
    ("В Тертере погибли 4 человека и 9 ранены.",
     [(4, None, "exact", "killed", "azerbaijan", "people"), (9, None, "exact", "wounded", "azerbaijan", "people")]),
    ("По данным Минздрава Армении, число погибших возросло до 32 человек.",
     [(32, None, "exact", "killed", "armenia", "people")]),
    ("При обстреле Мартуни ранены 3-х мирных жителей.", [(3, None, "exact", "wounded", "armenia", "civilians")]),
    ("Погибли 8 военнослужащих армянской и 3 военнослужащих азербайджанской армии; 20 человек ранены.",
     [(8, None, "exact", "killed", "armenia", "soldiers"), (3, None, "exact", "killed", "azerbaijan", "soldiers"),
      (20, None, "exact", "wounded", "unknown", "people")]),
])
def test_russian_figures(text, expected):
    assert figs(text) == expected


@pytest.mark.parametrize("text", [
    "Никто не пострадал.",
    "14 сентября 2022 года в 12:05 в Ереване прошёл митинг.",
    "Противник 16 раз нарушил режим прекращения огня, применив 82-мм минометы.",
    "Ущерб нанесён 35 домам и 12 объектам инфраструктуры.",
    "Военные расходы выросли до 3 миллиардов манатов, это 15% бюджета.",
    "Десятки тысяч человек вышли на митинг в Баку.",
    "В операции участвовали 120 специалистов и 40 собак-миноискателей.",
    "Полковник погиб 14 июля 2020 года под Товузом, похоронен 15 июля.",
    "В ходе 44-дневной войны в регион направили 5 млн долларов помощи.",
    "Азербайджан направил к границе 3 тысячи военнослужащих и 40 танков.",
])
def test_russian_negatives(text):
    assert figs(text) == []


def test_earlier_toll_superseded_by_the_new_one():
    text = ("Ранее сообщалось о гибели 20 военных Армении. Минобороны Армении сообщило, "
            "что погибли 35 армянских военнослужащих.")
    assert figs(text) == [(35, None, "exact", "killed", "armenia", "soldiers")]


def test_same_fields_as_english():
    fig = extract_figures("Погибли 3 армянских солдата.", language="ru")[0]
    assert set(fig) >= set(KEY) | {"sentence", "start", "end", "claimed_by", "background"}
    assert fig["sentence"] == "Погибли 3 армянских солдата." and (fig["start"], fig["end"]) == (0, 28)


def test_none_and_en_use_the_english_extractor():
    text = "Armenia said 49 soldiers were killed."
    assert figs(text, None) == figs(text, "en") == [(49, None, "exact", "killed", "armenia", "soldiers")]
    assert figs("Погибли 49 армянских военнослужащих.", None) == []


def test_article_figures_take_the_language():
    merged = article_figures([("headline", "Погибли 5 армянских военнослужащих"),
                              ("section:0", "Погибли 5 армянских военнослужащих.")], language="ru-RU")
    assert len(merged) == 1 and len(merged[0]["evidence"]) == 2


def test_cli_casualties_takes_a_language():
    import json

    from conftest import run_monitor

    text = "Погибли 12 армянских военнослужащих."
    auto = run_monitor("casualties", "--language", "auto", stdin=text)
    assert auto.returncode == 0, auto.stderr
    assert [(f["count"], f["side"]) for f in json.loads(auto.stdout)] == [(12, "armenia")]
    assert json.loads(run_monitor("casualties", stdin=text).stdout) == []      # English by default
    lines = [{"id": "a", "text": text, "language": "ru"}, {"id": "b", "text": "Döyüşdə 3 əsgər şəhid olub."}]
    result = run_monitor("casualties", "--jsonl", "--language", "az",
                         stdin="\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [[f["count"] for f in o["figures"]] for o in out] == [[12], [3]]
