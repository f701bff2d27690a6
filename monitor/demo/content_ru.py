"""The demo's Russian-language outlet, "Кавказский вестник" (kavkaz-vestnik): pages and a feed in
windows-1251, Cyrillic article paths, and a toll that rises between round 0 and round 1.

All text was written for this demo; the outlet and its reporter are invented.
"""

from __future__ import annotations

import json
from email.utils import format_datetime

from monitor.demo.content import Article, _paras, esc

NAME = "kavkaz-vestnik"
LANGUAGE = "ru"
ENCODING = "windows-1251"
RSS_PATH = "/vestnik/rss.xml"
CLASHES_PATH = "/vestnik/2022/09/13/бои-на-армяно-азербайджанской-границе"
HTML_TYPE = f"text/html; charset={ENCODING}"
RSS_TYPE = "application/rss+xml"       # no charset: the reader must take it from the XML declaration

_TAIL = _paras(
    "Министерство обороны Азербайджана заявило о гибели 50 азербайджанских военнослужащих и обвинило "
    "армянскую сторону в провокациях у границы.",
    "Россия, которая держит в Нагорном Карабахе около 2000 миротворцев, сообщила о договорённости "
    "о прекращении огня, однако, по словам армянских официальных лиц, обстрелы продолжались ещё несколько часов.",
)


def clashes(round_: int) -> Article:
    """The outlet's report, updated in place between round 0 and round 1."""
    if round_ == 0:
        headline = "Армения и Азербайджан: бои на границе, есть погибшие"
        lead = _paras(
            "ЕРЕВАН, 13 сентября. Ночью на армяно-азербайджанской границе начались ожесточённые бои, "
            "самые серьёзные со времени войны 2020 года.",
            "Министерство обороны Армении сообщило, что в результате обстрелов погибли 49 армянских "
            "военнослужащих. По данным ведомства, азербайджанская артиллерия и беспилотники били по "
            "населённым пунктам на территории Армении.",
        )
        modified = "2022-09-13T10:40:00+03:00"
    else:
        headline = "Армения и Азербайджан: бои на границе идут второй день"
        lead = _paras(
            "ЕРЕВАН, 14 сентября. Бои на армяно-азербайджанской границе продолжаются второй день.",
            "Премьер-министр Никол Пашинян заявил в парламенте, что с начала боёв погибли 105 армянских "
            "военнослужащих. Ереван обвиняет Баку в обстрелах сёл на территории Армении.",
        )
        modified = "2022-09-14T13:20:00+03:00"
    return Article(outlet=NAME, path=CLASHES_PATH, headline=headline,
                   standfirst="Стороны обвиняют друг друга в эскалации.",
                   body=lead + "\n" + _TAIL, published="2022-09-13T10:40:00+03:00", modified=modified,
                   authors=("Анна Петросян",), section="Политика", tags=("Армения", "Азербайджан"))


_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
           "октября", "ноября", "декабря")


def _visible(a: Article) -> str:
    d = a.modified_dt
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}, {d:%H:%M}"


def render_article(a: Article, base: str, round_: int) -> str:
    url = a.url(base)
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.headline,
                     "datePublished": a.published, "dateModified": a.modified, "inLanguage": "ru",
                     "author": [{"@type": "Person", "name": n} for n in a.authors]}, ensure_ascii=False)
    return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="{ENCODING}"><title>{esc(a.headline)} | Кавказский вестник</title>
<link rel="canonical" href="{esc(url)}">
<script type="application/ld+json">{ld}</script></head>
<body><header><a href="{base}/vestnik/">Кавказский вестник</a>
<nav><a href="{base}/vestnik/politika/">Политика</a> | <a href="{base}/vestnik/ekonomika/">Экономика</a></nav></header>
<main><article>
<div class="rubric">{esc(a.section)}</div>
<h1>{esc(a.headline)}</h1>
<div class="meta">Обновлено: {_visible(a)} | Автор: {esc(a.authors[0])}</div>
<p class="lead"><b>{esc(a.standfirst)}</b></p>
<div class="text">
{a.body_html(base)}
</div>
</article></main>
<aside class="popular"><h3>Самое читаемое</h3><ul><li><a href="{base}/vestnik/">Курс рубля на неделю</a></li></ul></aside>
<footer><p>&copy; 2022 Кавказский вестник</p></footer>
</body></html>
"""


def render_rss(articles: list[Article], base: str) -> str:
    items = "\n".join(f"""    <item>
      <title>{esc(a.headline)}</title>
      <link>{a.url(base)}</link>
      <pubDate>{format_datetime(a.published_dt)}</pubDate>
      <description>{esc(a.standfirst)}</description>
    </item>""" for a in sorted(articles, key=lambda x: x.published_dt, reverse=True))
    return f"""<?xml version="1.0" encoding="{ENCODING}"?>
<rss version="2.0">
  <channel>
    <title>Кавказский вестник — Главное</title>
    <link>{base}/vestnik/</link>
    <description>Новости Южного Кавказа</description>
    <language>ru</language>
{items}
  </channel>
</rss>
"""
