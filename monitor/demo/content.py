"""The demo news site's content: four fictional outlets, their articles and six rounds.

Everything here is pure: ``render_site(round_, base)`` returns a mapping of URL path to
:class:`Page` (bytes, content type, Last-Modified) for one content round, with every
absolute link built from ``base`` (e.g. ``"http://127.0.0.1:8765"``). The HTTP server in
:mod:`monitor.demo.site` only routes, caches and handles conditional requests.

The outlets, their paths and what changes per round are listed in :data:`ROUNDS_DOC`.
All text was written for this demo. The conflict articles follow the public record of the
September 2022 border fighting; the outlets, reporters and page furniture are invented.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Callable

ROUNDS = 6
#: Content round actually rendered for each public round: round 5 is round 4, byte for byte.
CONTENT_ROUND = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 4}

ROUNDS_DOC = """
round 0  caucasus-wire   /wire/2022/09/13/armenia-azerbaijan-border-clashes   (49 Armenian / 50 Azerbaijani soldiers killed)
         caucasus-wire   /wire/2022/09/12/alcaraz-wins-us-open                 (sport, unrelated)
         yerevan-ledger  /ledger/2022/09/08/ecb-raises-rates-by-record-75-basis-points/  (business, unrelated)
         south-caucasus-post /post/analysis/russia-offers-to-broker-armenia-azerbaijan-peace-talks (related, no figures)
         baku-observer   /observer/2022/09/chamber-orchestra-opens-autumn-season.html   (culture, unrelated)
round 1  the wire article is updated in place: 105 Armenian / 50 Azerbaijani soldiers killed
round 2  yerevan-ledger /ledger/2022/09/15/armenia-azerbaijan-agree-ceasefire/  (ceasefire report)
round 3  south-caucasus-post /post/news/armenia-and-azerbaijan-agree-ceasefire-after-two-days-of-fighting
         (syndicated copy, lightly edited: its own headline wording, one sentence trimmed)
round 4  baku-observer /observer/2022/09/azerbaijan-raises-military-death-toll-to-71.html
         (Azerbaijan's own toll rises from 50 to 71: a story-level toll rise)
round 5  identical to round 4
kavkaz-vestnik (Russian, windows-1251 feed and pages, Cyrillic path; monitor.demo.content_ru):
round 0  /vestnik/2022/09/13/бои-на-армяно-азербайджанской-границе  (49 Armenian / 50 Azerbaijani soldiers killed)
round 1  the same URL updated: 105 Armenian soldiers killed (its own casualty_change alert)
"""

UTC = timezone.utc


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def esc(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass(frozen=True)
class Page:
    """One HTTP response body with the headers the server derives from it."""

    body: bytes
    content_type: str
    last_modified: datetime | None = None
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Article:
    outlet: str  # source name
    path: str  # clean URL path, also the canonical URL path
    headline: str
    standfirst: str
    body: str  # inner HTML of the article body; "{base}" is replaced by the site base URL
    published: str  # ISO 8601 with offset, as written on the page
    modified: str
    authors: tuple[str, ...]
    section: str
    tags: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    @property
    def modified_dt(self) -> datetime:
        return _dt(self.modified)

    @property
    def published_dt(self) -> datetime:
        return _dt(self.published)

    def url(self, base: str) -> str:
        return base + self.path

    def body_html(self, base: str) -> str:
        return self.body.replace("{base}", base)


# --------------------------------------------------------------------------- articles

WIRE_CLASHES_PATH = "/wire/2022/09/13/armenia-azerbaijan-border-clashes"
WIRE_SPORT_PATH = "/wire/2022/09/12/alcaraz-wins-us-open"
LEDGER_BUSINESS_PATH = "/ledger/2022/09/08/ecb-raises-rates-by-record-75-basis-points/"
LEDGER_CEASEFIRE_PATH = "/ledger/2022/09/15/armenia-azerbaijan-agree-ceasefire/"
POST_RUSSIA_PATH = "/post/analysis/russia-offers-to-broker-armenia-azerbaijan-peace-talks"
POST_CEASEFIRE_PATH = "/post/news/armenia-and-azerbaijan-agree-ceasefire-after-two-days-of-fighting"
OBSERVER_CULTURE_PATH = "/observer/2022/09/chamber-orchestra-opens-autumn-season.html"

WIRE_RSS_PATH = "/wire/rss.xml"
LEDGER_ATOM_PATH = "/ledger/feed.atom"
POST_SITEMAP_PATH = "/post/news-sitemap.xml"
OBSERVER_LISTING_PATH = "/observer/politics/"

RUSSIA_HEADLINE = "Russia offers to broker peace talks between Armenia and Azerbaijan"


def _paras(*paragraphs: str) -> str:
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


_CLASHES_COMMON_TAIL = _paras(
    "Azerbaijan&#8217;s Defence Ministry said 50 of its servicemen had died, and said its units "
    "had been responding to &#8220;large-scale provocations&#8221; by Armenian forces near the border.",
    "Russia, which keeps about 2,000 peacekeepers in Nagorno-Karabakh under the deal that ended the "
    "2020 war, said it had brokered a truce on Tuesday morning, but Armenian officials said the "
    "shelling went on for hours afterwards.",
    "The United States, France and the European Union called on both governments to stop the fighting "
    "and return to talks. The two former Soviet republics have fought two wars over Nagorno-Karabakh, "
    "in the early 1990s and for six weeks in 2020.",
)


def wire_clashes(round_: int) -> Article:
    """The wire story updated in place between round 0 and round 1."""
    if round_ == 0:
        headline = "Deadly clashes erupt on Armenia-Azerbaijan border"
        standfirst = ("Armenia and Azerbaijan blame each other for the heaviest fighting between them "
                      "since their 2020 war, and both report soldiers killed.")
        lead = _paras(
            "<strong>YEREVAN/BAKU, Sept 13</strong> &#8211; Armenian and Azerbaijani forces fought "
            "along their shared border overnight, in the most serious escalation between the two "
            "neighbours since the 2020 war over Nagorno-Karabakh.",
            "Armenia&#8217;s Defence Ministry said 49 Armenian soldiers had been killed, and accused "
            "Azerbaijan of shelling towns and villages inside Armenia with artillery and drones. The "
            "fighting began shortly after midnight, the ministry said.",
        )
        modified = "2022-09-13T09:10:00Z"
    else:
        headline = "Deadly clashes on Armenia-Azerbaijan border enter second day"
        standfirst = ("Armenia more than doubles its count of soldiers killed as fighting with "
                      "Azerbaijan continues for a second day.")
        lead = _paras(
            "<strong>YEREVAN/BAKU, Sept 14</strong> &#8211; Armenian and Azerbaijani forces fought "
            "along their shared border for a second day on Wednesday, in the most serious escalation "
            "between the two neighbours since the 2020 war over Nagorno-Karabakh.",
            "Prime Minister Nikol Pashinyan told parliament that 105 Armenian soldiers had been killed "
            "since the fighting began early on Tuesday. Armenia accuses Azerbaijan of shelling towns "
            "and villages inside Armenia with artillery and drones.",
        )
        modified = "2022-09-14T12:05:00Z"
    return Article(
        outlet="caucasus-wire",
        path=WIRE_CLASHES_PATH,
        headline=headline,
        standfirst=standfirst,
        body=lead + "\n" + _CLASHES_COMMON_TAIL,
        published="2022-09-13T07:30:00Z",
        modified=modified,
        authors=("Gayane Sargsyan", "Orkhan Huseynov"),
        section="World",
        tags=("Armenia", "Azerbaijan", "Conflict"),
    )


WIRE_SPORT = Article(
    outlet="caucasus-wire",
    path=WIRE_SPORT_PATH,
    headline="Alcaraz beats Ruud to win US Open and become youngest world number one",
    standfirst="The Spanish teenager takes his first Grand Slam title in four sets at Flushing Meadows.",
    body=_paras(
        "<strong>NEW YORK, Sept 12</strong> &#8211; Carlos Alcaraz won the US Open on Sunday, beating "
        "Casper Ruud 6-4 2-6 7-6(1) 6-3 to claim his first Grand Slam title and become the youngest man "
        "ever to top the world rankings.",
        "The 19-year-old Spaniard, who had spent long nights on court in his previous three matches, "
        "dominated the third-set tie-break and broke the Norwegian early in the fourth set in front of a "
        "crowd of more than 23,000.",
        "Ruud, 23, would also have taken the number one spot with a win. He will rise to second in the "
        "rankings published on Monday.",
        "&#8220;This is something I dreamed of since I was a kid,&#8221; Alcaraz said after lifting the "
        "trophy.",
    ),
    published="2022-09-12T03:10:00Z",
    modified="2022-09-12T03:10:00Z",
    authors=("Daniel Ortega Ruiz",),
    section="Sport",
    tags=("Tennis",),
)


LEDGER_BUSINESS = Article(
    outlet="yerevan-ledger",
    path=LEDGER_BUSINESS_PATH,
    headline="European Central Bank raises interest rates by a record 75 basis points",
    standfirst="Frankfurt moves to tame inflation that reached 9.1 percent in the euro zone in August.",
    body="\n".join([
        _paras(
            "The European Central Bank raised its key interest rates by 75 basis points on Thursday, "
            "the largest increase since the euro was launched, as it tries to bring down inflation "
            "that has climbed to 9.1 percent.",
            "The deposit rate rises from zero to 0.75 percent. President Christine Lagarde told "
            "reporters that further increases were likely at the next several meetings.",
        ),
        "<h2>Energy prices drive inflation</h2>",
        _paras(
            "Economists said soaring gas and electricity prices were the main reason for the rise in "
            "consumer prices, and warned that the currency bloc could slip into recession this winter.",
        ),
        '<p class="read-also"><strong>Read Also</strong> <a href="{base}/ledger/2022/08/23/'
        'euro-falls-below-parity-with-the-dollar/">Euro falls below parity with the dollar</a></p>',
        _paras(
            "The bank also cut its growth forecast for next year to 0.9 percent, from 2.1 percent "
            "three months ago.",
        ),
    ]),
    published="2022-09-08T19:10:00+04:00",
    modified="2022-09-08T19:10:00+04:00",
    authors=("Lilit Hakobyan",),
    section="Business",
    tags=("Economy", "Banking"),
    extra={"post_id": 4790},
)

CEASEFIRE_HEADLINE = "Armenia and Azerbaijan agree ceasefire after two days of fighting"
CEASEFIRE_STANDFIRST = ("A truce has halted the worst flare-up between the two neighbours in almost two "
                        "years, fighting in which 155 soldiers from both sides were killed.")
CEASEFIRE_CAPTION = "Armenia and Azerbaijan agree ceasefire after two days of fighting"


def ceasefire_body(img_src: str, *, edited: bool = False) -> str:
    """The ceasefire report's body, shared by the ledger original and the post's copy.

    ``edited`` gives the syndicated copy's light edit: the sentence on the earlier Russian-brokered
    truce is trimmed, as sub-editors do when they re-run wire copy.
    """
    if edited:
        return _ceasefire_body(img_src).replace(
            " An earlier truce brokered by Russia on Tuesday broke down almost at once.", "")
    return _ceasefire_body(img_src)


def _ceasefire_body(img_src: str) -> str:
    return "\n".join([
        "<h2>Truce announced on national television</h2>",
        _paras(
            "Armenia and Azerbaijan have agreed to stop fighting after two days of clashes along their "
            "border, a senior Armenian official said on Thursday, ending an outbreak of violence in which "
            "155 soldiers from both countries were killed.",
            "Armen Grigoryan, the secretary of Armenia&#8217;s Security Council, said in a televised "
            "statement that the ceasefire had taken effect at 8 pm on Wednesday, several hours before his "
            "announcement. An earlier truce brokered by Russia on Tuesday broke down almost at once.",
            "Armenia&#8217;s Defence Ministry had said earlier that the shelling had stopped, without "
            "mentioning any agreement. There was no immediate comment from the government of Azerbaijan.",
        ),
        "<h2>Claims and counter-claims</h2>",
        _paras(
            "Each side has blamed the other for the fighting, the heaviest since the 2020 war. Armenia "
            "accuses Azerbaijan of unprovoked aggression, while Azerbaijani officials say their troops "
            "were answering Armenian shelling.",
            "Prime Minister Nikol Pashinyan said 105 Armenian soldiers had been killed since the fighting "
            "began early on Tuesday. Azerbaijan said 50 of its soldiers were killed.",
            "Azerbaijani authorities said they would unilaterally hand over up to 100 bodies of Armenian "
            "soldiers to the Armenian side.",
        ),
        f'<figure class="wp-block-image size-large"><img src="{img_src}" alt="{CEASEFIRE_CAPTION}" '
        f'width="1024" height="576"><figcaption><span class="caption-title">{CEASEFIRE_CAPTION}</span>'
        f'<span class="caption-text">{CEASEFIRE_CAPTION}</span>'
        f'<span class="credit">Source: Web</span></figcaption></figure>',
        "<h2>A conflict decades old</h2>",
        _paras(
            "The two former Soviet republics first went to war over Nagorno-Karabakh, a region inside "
            "Azerbaijan that was left under the control of ethnic Armenian forces backed by Armenia when a "
            "separatist war ended in 1994.",
            "In 2020 Azerbaijan took back large parts of the region and the land around it in a six-week "
            "war that killed more than 6,700 people before Russia brokered a peace deal. About 2,000 "
            "Russian peacekeepers were sent to the region under that agreement.",
            "Armenian officials say Azerbaijani forces have taken about 10 square kilometres of Armenian "
            "territory since the latest fighting started. Yerevan has asked Russia, with which it has a "
            "friendship treaty, and the Moscow-led Collective Security Treaty Organization for help.",
        ),
        f'<p class="read-also"><strong>Read also:</strong> <a href="{{base}}{POST_RUSSIA_PATH}">'
        f"{RUSSIA_HEADLINE}</a></p>",
        "<h2>Thousands protest in Yerevan</h2>",
        _paras(
            "Addressing parliament, Pashinyan said military action was not the only way forward and that "
            "political and diplomatic options remained. His words were read as a sign that Armenia could "
            "recognise Azerbaijan&#8217;s territorial integrity in a future peace treaty, provided "
            "Azerbaijani troops left the Armenian land they had seized.",
            "Pashinyan said he was ready to sign a document for which he would be criticised and called a "
            "traitor, and might even be removed from office, if it brought lasting peace and security to "
            "Armenia.",
            "Opposition politicians took the speech as a readiness to give in to Azerbaijan&#8217;s demands "
            "over Nagorno-Karabakh. On Wednesday evening thousands of protesters surrounded the government "
            "headquarters, accusing the prime minister of treason and demanding his resignation.",
            "Pashinyan denied reports that he had signed a deal accepting Azerbaijani terms and called the "
            "protests an attempt to destroy the state. Arayik Harutyunyan, the leader of Nagorno-Karabakh, "
            "said the region would never become part of Azerbaijan and would keep pursuing independence.",
        ),
        "<h2>Putin to meet Aliyev in Samarkand</h2>",
        _paras(
            "The clashes have made it harder for Moscow to stay on good terms with both countries. Russia "
            "has a military base in Armenia and close economic ties with it, but it is also close to "
            "oil-rich Azerbaijan.",
            "Some analysts believe Azerbaijan is using force to push Armenia to carry out parts of the 2020 "
            "peace deal faster, including the opening of transport corridors across Armenian territory. "
            "Sergei Markedonov, a Russian expert on the South Caucasus, said Azerbaijan&#8217;s greater "
            "military strength allowed it to try to dictate terms. The flare-up came as Russian forces were "
            "retreating from parts of north-eastern Ukraine after a Ukrainian counteroffensive.",
            "Russian President Vladimir Putin discussed the fighting by phone with the leaders of the other "
            "Collective Security Treaty Organization members on Tuesday evening and called for an immediate "
            "ceasefire; the alliance is sending senior officials to the area. Putin is due to meet "
            "Azerbaijani President Ilham Aliyev on Friday in Samarkand, Uzbekistan, at a summit of the "
            "Shanghai Cooperation Organization.",
        ),
    ])


LEDGER_CEASEFIRE = Article(
    outlet="yerevan-ledger",
    path=LEDGER_CEASEFIRE_PATH,
    headline=CEASEFIRE_HEADLINE,
    standfirst=CEASEFIRE_STANDFIRST,
    body=ceasefire_body("{base}/ledger/wp-content/uploads/2022/09/ceasefire-border-1024x576.jpg"),
    published="2022-09-15T10:20:00+04:00",
    modified="2022-09-15T10:20:00+04:00",
    authors=("Ani Mkrtchyan",),
    section="Updates",
    tags=("Armenia", "Azerbaijan", "Ceasefire", "Nagorno-Karabakh"),
    extra={"post_id": 4812},
)

POST_CEASEFIRE = Article(
    outlet="south-caucasus-post",
    path=POST_CEASEFIRE_PATH,
    headline="Armenia, Azerbaijan agree ceasefire after two days of fighting",
    standfirst=CEASEFIRE_STANDFIRST,
    body=ceasefire_body("{base}/post/media/2022/09/ceasefire-wide.jpg", edited=True),
    published="2022-09-15T14:45:00+04:00",
    modified="2022-09-15T14:45:00+04:00",
    authors=("Ani Mkrtchyan",),
    section="News",
    tags=("Armenia", "Azerbaijan", "Syndicated"),
    extra={"syndicated_from": "Yerevan Ledger"},
)

POST_RUSSIA = Article(
    outlet="south-caucasus-post",
    path=POST_RUSSIA_PATH,
    headline=RUSSIA_HEADLINE,
    standfirst=("Moscow says it is ready to host negotiations, but its standing as the region&#8217;s "
                "peace-broker is being tested as never before."),
    body="\n".join([
        _paras(
            "Russia said on Tuesday that it was ready to help Armenia and Azerbaijan settle their "
            "differences at the negotiating table, offering to host talks between the two governments "
            "as fighting flared along their border.",
            "The Kremlin said President Vladimir Putin was in contact with the leaders of both countries "
            "and was doing everything possible to calm the situation.",
        ),
        "<h2>A mediator under strain</h2>",
        _paras(
            "Moscow brokered the agreement that ended the 2020 war over Nagorno-Karabakh and sent "
            "peacekeepers to the region. But with much of its army committed in Ukraine, diplomats in the "
            "region question how much pressure it can still bring to bear.",
            "The European Union, which has hosted several meetings between Prime Minister Nikol Pashinyan "
            "and President Ilham Aliyev this year, has been offering its own track of talks, and Washington "
            "has also urged the two sides to negotiate.",
            "Armenian officials have asked the Moscow-led Collective Security Treaty Organization for "
            "support, putting the Kremlin in the awkward position of choosing between a formal ally and "
            "an important partner.",
        ),
        "<h2>What comes next</h2>",
        _paras(
            "Analysts say any lasting settlement will have to deal with the demarcation of the border, the "
            "reopening of transport links and the future of the Armenian population of Karabakh, questions "
            "that the 2020 deal left open.",
        ),
    ]),
    published="2022-09-13T18:40:00+04:00",
    modified="2022-09-13T18:40:00+04:00",
    authors=("Tigran Avetisyan",),
    section="Analysis",
    tags=("Russia", "Diplomacy"),
)

OBSERVER_CULTURE = Article(
    outlet="baku-observer",
    path=OBSERVER_CULTURE_PATH,
    headline="Chamber orchestra opens autumn season with Mozart and Shostakovich",
    standfirst="A full hall greets the ensemble's first concert after the summer break.",
    body=_paras(
        "The State Chamber Orchestra opened its autumn season on Saturday evening with a programme of "
        "Mozart and Shostakovich, playing to a full hall after a summer of open-air concerts.",
        "The 45-member ensemble began with Mozart&#8217;s Symphony No. 29 before a spirited performance "
        "of Shostakovich&#8217;s Chamber Symphony, an arrangement of his eighth string quartet.",
        "Conductor Leyla Mammadova said the season would include 18 concerts and run until 24 December, "
        "with guest soloists from Vienna and Milan.",
        "Tickets are priced from 10 to 30 and go on sale at the box office on Monday.",
    ),
    published="2022-09-11T09:00:00+04:00",
    modified="2022-09-11T09:00:00+04:00",
    authors=("Samira Huseynli",),
    section="Culture",
    tags=("Music",),
)


OBSERVER_TOLL_PATH = "/observer/2022/09/azerbaijan-raises-military-death-toll-to-71.html"

OBSERVER_TOLL = Article(
    outlet="baku-observer",
    path=OBSERVER_TOLL_PATH,
    headline="Azerbaijan raises military death toll from border fighting with Armenia to 71",
    standfirst="The Defence Ministry publishes the names of the servicemen killed in two days of clashes.",
    body="\n".join([
        _paras(
            "Azerbaijan&#8217;s Defence Ministry said on Friday that 71 Azerbaijani servicemen had been killed "
            "in the fighting along the border with Armenia, up from the 50 it reported earlier in the week.",
            "The ministry published the names and ranks of the dead. The clashes, the heaviest between the "
            "two neighbours since the 2020 war, ended with a ceasefire on Wednesday evening.",
        ),
        "<h2>Funerals held across the country</h2>",
        _paras(
            "Funerals were held in Baku, Ganja and several other towns on Friday. President Ilham Aliyev "
            "said the servicemen had died defending the country&#8217;s territorial integrity.",
            "Armenia has said 105 of its soldiers were killed. Both sides accuse each other of starting the "
            "fighting.",
        ),
    ]),
    published="2022-09-16T11:30:00+04:00",
    modified="2022-09-16T11:30:00+04:00",
    authors=("Rashad Aliyev",),
    section="Politics",
    tags=("Army", "Border"),
)


def articles_for_round(round_: int) -> list[Article]:
    """Every article that exists in a content round, in publication order."""
    round_ = CONTENT_ROUND[round_]
    articles = [
        LEDGER_BUSINESS,
        OBSERVER_CULTURE,
        WIRE_SPORT,
        wire_clashes(0 if round_ == 0 else 1),
        POST_RUSSIA,
    ]
    if round_ >= 2:
        articles.append(LEDGER_CEASEFIRE)
    if round_ >= 3:  # syndication comes after the original
        articles.append(POST_CEASEFIRE)
    if round_ >= 4:
        articles.append(OBSERVER_TOLL)
    from monitor.demo import content_ru   # imported here: it builds on this module
    articles.append(content_ru.clashes(0 if round_ == 0 else 1))
    return sorted(articles, key=lambda a: a.published_dt)


def article_paths(round_: int) -> dict[str, list[str]]:
    """Clean article paths per source name for a round (what its feed/sitemap/listing links)."""
    out: dict[str, list[str]] = {"caucasus-wire": [], "yerevan-ledger": [],
                                 "south-caucasus-post": [], "baku-observer": [], "kavkaz-vestnik": []}
    for a in articles_for_round(round_):
        out[a.outlet].append(a.path)
    return out


# --------------------------------------------------------------------------- shared chrome

COOKIE_BANNER = (
    '<div class="cookie-banner" id="cookie-consent" role="dialog" aria-label="Cookie consent">'
    "<p>We use cookies to personalise content and ads and to analyse our traffic. By continuing to "
    'browse you agree to our use of cookies. <a href="{privacy}">Privacy policy</a></p>'
    '<button type="button" class="accept">Accept all</button> <button type="button" class="reject">'
    "Reject</button></div>"
)


def share_buttons(url: str, title: str) -> str:
    from urllib.parse import quote
    u, t = quote(url, safe=""), quote(title, safe="")
    return (
        '<div class="share-buttons"><span>Share this:</span> '
        f'<a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={u}">Facebook</a> '
        f'<a class="share-twitter" href="https://twitter.com/intent/tweet?url={u}&amp;text={t}">Twitter</a> '
        f'<a class="share-telegram" href="https://t.me/share/url?url={u}">Telegram</a> '
        f'<a class="share-email" href="mailto:?subject={t}&amp;body={u}">Email</a></div>'
    )


# Sidebar teasers full of numbers that are NOT about this conflict: extraction that leaks
# sidebars into the body is caught by these.
MOST_READ_WORLD = [
    ("12 killed in Syria bus crash", "/world/2022/09/12-killed-in-syria-bus-crash"),
    ("Pakistan floods: death toll passes 1,400", "/world/2022/09/pakistan-floods-toll"),
    ("Three injured as tram derails in Tbilisi", "/world/2022/09/tbilisi-tram-derails"),
    ("Queen Elizabeth II dies aged 96", "/world/2022/09/queen-elizabeth-dies"),
    ("Earthquake of magnitude 6.8 strikes Sichuan, 65 dead", "/world/2022/09/sichuan-quake"),
]


def most_read(prefix: str, base: str, heading: str = "Most read", cls: str = "most-read") -> str:
    items = "".join(
        f'<li><a href="{base}{prefix}{path}">{esc(text)}</a></li>' for text, path in MOST_READ_WORLD
    )
    return f'<section class="{cls}"><h3>{heading}</h3><ol>{items}</ol></section>'


def _json_ld(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def _plain(text_html: str) -> str:
    """HTML entities resolved, for meta/JSON values (no tags are used in headlines/standfirsts)."""
    return html.unescape(text_html)


def _human(dt: datetime, fmt: str) -> str:
    """strftime with the day of the month written without a leading zero ("{day}" in fmt)."""
    return dt.strftime(fmt.replace("{day}", str(dt.day)))


# --------------------------------------------------------------------------- caucasus-wire

def render_wire_article(a: Article, base: str, round_: int) -> str:
    url = a.url(base)
    pub, mod = a.published_dt, a.modified_dt
    headline, stand = _plain(a.headline), _plain(a.standfirst)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "description": stand,
        "datePublished": a.published,
        "dateModified": a.modified,
        "inLanguage": "en",
        "articleSection": a.section,
        "keywords": list(a.tags),
        "author": [{"@type": "Person", "name": n} for n in a.authors],
        "publisher": {"@type": "Organization", "name": "Caucasus Wire",
                      "logo": {"@type": "ImageObject", "url": f"{base}/wire/static/logo.png"}},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }
    updated = ""
    if a.modified != a.published:
        updated = (f' &middot; <span class="updated">Updated <time datetime="{a.modified}">'
                   f"{_human(mod, '{day} %b %Y %H:%M')} GMT</time></span>")
    byline = " and ".join(a.authors)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(headline)} | Caucasus Wire</title>
<meta name="description" content="{esc(stand)}">
<link rel="canonical" href="{url}">
<link rel="alternate" type="application/rss+xml" title="Caucasus Wire - Top News" href="{base}{WIRE_RSS_PATH}">
<link rel="stylesheet" href="{base}/wire/static/wire.css">
{_json_ld(ld)}
</head>
<body class="wire story-page">
{COOKIE_BANNER.format(privacy=base + "/wire/privacy")}
<header class="wire-masthead">
  <div class="topbar"><a class="logo" href="{base}/wire/">CAUCASUS WIRE</a>
  <span class="tagline">Fast. Accurate. Independent.</span>
  <a class="subscribe" href="{base}/wire/subscribe">Subscribe</a></div>
  <nav class="wire-nav" aria-label="Sections"><ul>
    <li><a href="{base}/wire/">Top News</a></li><li><a href="{base}/wire/world/">World</a></li>
    <li><a href="{base}/wire/karabakh/">Nagorno-Karabakh</a></li><li><a href="{base}/wire/business/">Business</a></li>
    <li><a href="{base}/wire/sport/">Sport</a></li><li><a href="{base}/wire/energy/">Energy</a></li>
  </ul></nav>
  <div class="ticker" aria-live="polite"><strong>BREAKING</strong> 7 hurt in Istanbul ferry fire &bull;
  Oil rises 2% on supply worries &bull; 4 miners trapped after shaft collapse in Ukraine</div>
</header>
<main class="wire-main">
<div class="grid">
<article class="story" id="story-body-wrap">
  <div class="story-kicker"><a href="{base}/wire/{a.section.lower()}/">{esc(a.section)}</a></div>
  <h1 class="story-headline">{esc(headline)}</h1>
  <p class="story-summary">{a.standfirst}</p>
  <p class="story-meta">By <span class="byline">{esc(byline)}</span> &middot;
  <time class="published" datetime="{a.published}">{_human(pub, '{day} %b %Y %H:%M')} GMT</time>{updated}
  &middot; <span class="read-time">3 min read</span></p>
  <div class="story-body" id="story-body">
{a.body_html(base)}
  </div>
  <p class="story-credit">(Reporting by {esc(byline)}; Editing by Mark Heinrich)</p>
  {share_buttons(url, headline)}
  <p class="trust">Our Standards: <a href="{base}/wire/trust-principles">The Caucasus Wire Trust Principles.</a></p>
</article>
<aside class="rail">
  {most_read("/wire", base)}
  <section class="markets"><h3>Markets</h3><ul><li>Brent 92.84 <span class="up">+1.2%</span></li>
  <li>EUR/USD 1.0012</li><li>Gold 1,702.10</li></ul></section>
</aside>
</div>
</main>
<footer class="wire-footer"><nav><a href="{base}/wire/about">About</a> | <a href="{base}/wire/contact">Contact</a>
| <a href="{base}/wire/privacy">Privacy</a> | <a href="{base}/wire/terms">Terms of use</a></nav>
<p>All quotes delayed a minimum of 15 minutes. &copy; 2022 Caucasus Wire. All rights reserved.</p></footer>
</body>
</html>
"""


def render_wire_rss(articles: list[Article], base: str) -> str:
    items = []
    for a in sorted(articles, key=lambda x: x.published_dt, reverse=True):
        link = f"{a.url(base)}?utm_source=rss&amp;utm_medium=feed&amp;utm_campaign=topnews"
        items.append(f"""    <item>
      <title>{esc(_plain(a.headline))}</title>
      <link>{link}</link>
      <guid isPermaLink="false">caucasus-wire:{a.path.rsplit('/', 1)[-1]}</guid>
      <pubDate>{format_datetime(a.published_dt)}</pubDate>
      <dc:creator>{esc(", ".join(a.authors))}</dc:creator>
      <category>{esc(a.section)}</category>
      <description>{esc(_plain(a.standfirst))}</description>
    </item>""")
    last = max(a.modified_dt for a in articles)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Caucasus Wire - Top News</title>
    <link>{base}/wire/</link>
    <atom:link href="{base}{WIRE_RSS_PATH}" rel="self" type="application/rss+xml"/>
    <description>Top stories from the Caucasus Wire newsroom.</description>
    <language>en</language>
    <lastBuildDate>{format_datetime(last)}</lastBuildDate>
    <ttl>5</ttl>
{chr(10).join(items)}
  </channel>
</rss>
"""


# --------------------------------------------------------------------------- yerevan-ledger

def render_ledger_article(a: Article, base: str) -> str:
    url = a.url(base)
    pub = a.published_dt
    headline = _plain(a.headline)
    pid = a.extra.get("post_id", 4000)
    cats = " ".join(f"tag-{t.lower().replace(' ', '-')}" for t in a.tags)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(headline)} &#8211; Yerevan Ledger</title>
<meta name="robots" content="index, follow, max-image-preview:large">
<link rel="canonical" href="{url}">
<meta name="description" content="{esc(_plain(a.standfirst))}">
<link rel="alternate" type="application/atom+xml" title="Yerevan Ledger &raquo; Feed" href="{base}{LEDGER_ATOM_PATH}">
<link rel="shortlink" href="{base}/ledger/?p={pid}">
<link rel="stylesheet" id="twentyseventeen-style-css" href="{base}/ledger/wp-content/themes/ledger/style.css?ver=6.0.2" media="all">
<meta name="generator" content="WordPress 6.0.2">
</head>
<body class="post-template-default single single-post postid-{pid} single-format-standard">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
{COOKIE_BANNER.format(privacy=base + "/ledger/privacy-policy/")}
<header id="masthead" class="site-header">
  <div class="site-branding"><p class="site-title"><a href="{base}/ledger/" rel="home">Yerevan Ledger</a></p>
  <p class="site-description">Independent news and analysis</p></div>
  <nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
    <li class="menu-item"><a href="{base}/ledger/">Home</a></li>
    <li class="menu-item"><a href="{base}/ledger/category/updates/">Updates</a></li>
    <li class="menu-item"><a href="{base}/ledger/category/karabakh/">Karabakh</a></li>
    <li class="menu-item"><a href="{base}/ledger/category/business/">Business</a></li>
    <li class="menu-item"><a href="{base}/ledger/category/opinion/">Opinion</a></li>
  </ul></nav>
</header>
<div class="breadcrumbs" typeof="BreadcrumbList"><a href="{base}/ledger/">Home</a> &raquo;
<a href="{base}/ledger/category/{a.section.lower()}/">{esc(a.section)}</a> &raquo; <span>{esc(headline)}</span></div>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{pid}" class="post-{pid} post type-post status-publish format-standard has-post-thumbnail hentry category-{a.section.lower()} {cats}">
  <header class="entry-header">
    <h1 class="entry-title">{esc(headline)}</h1>
    <p class="entry-subtitle">{a.standfirst}</p>
    <div class="entry-meta"><span class="posted-on">Posted on <a href="{url}" rel="bookmark"><time class="entry-date published updated" datetime="{a.published}">{_human(pub, '%B {day}, %Y')}</time></a></span>
    <span class="byline"> by <span class="author vcard"><a class="url fn n" href="{base}/ledger/author/{a.authors[0].lower().replace(' ', '-')}/">{esc(a.authors[0])}</a></span></span>
    <span class="comments-link"><a href="{url}#comments">3 Comments</a></span></div>
  </header>
  <div class="entry-content">
{a.body_html(base)}
  </div>
  <footer class="entry-footer"><span class="cat-links">Posted in <a href="{base}/ledger/category/{a.section.lower()}/" rel="category tag">{esc(a.section)}</a></span>
  <span class="tags-links">Tagged {", ".join(esc(t) for t in a.tags)}</span>
  {share_buttons(url, headline)}</footer>
</article>
<nav class="navigation post-navigation"><h2 class="screen-reader-text">Post navigation</h2>
<div class="nav-links"><div class="nav-previous"><a href="{base}/ledger/" rel="prev">&larr; Previous post</a></div></div></nav>
<div id="comments" class="comments-area"><h2 class="comments-title">3 thoughts on &ldquo;{esc(headline)}&rdquo;</h2>
<p class="must-log-in">You must be <a href="{base}/ledger/wp-login.php">logged in</a> to post a comment.</p></div>
</main></div>
<aside id="secondary" class="widget-area">
  <section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="{base}/ledger/"><input type="search" name="s" placeholder="Search &hellip;"></form></section>
  {most_read("/ledger", base, heading="Most Read", cls="widget widget_top-posts")}
  <section class="widget widget_categories"><h2 class="widget-title">Categories</h2><ul>
  <li><a href="{base}/ledger/category/updates/">Updates</a> (412)</li><li><a href="{base}/ledger/category/karabakh/">Karabakh</a> (238)</li>
  <li><a href="{base}/ledger/category/business/">Business</a> (97)</li></ul></section>
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; 2022 Yerevan Ledger.
<a href="{base}/ledger/privacy-policy/">Privacy Policy</a> <span class="sep"> | </span> Proudly powered by WordPress</div></footer>
</div>
</body>
</html>
"""


def render_ledger_atom(articles: list[Article], base: str) -> str:
    entries = []
    for a in sorted(articles, key=lambda x: x.published_dt, reverse=True):
        pid = a.extra.get("post_id", 4000)
        entries.append(f"""  <entry>
    <author><name>{esc(a.authors[0])}</name></author>
    <title type="html"><![CDATA[{_plain(a.headline)}]]></title>
    <link rel="alternate" type="text/html" href="{a.url(base)}"/>
    <id>{base}/ledger/?p={pid}</id>
    <updated>{a.modified}</updated>
    <published>{a.published}</published>
    <category scheme="{base}/ledger/" term="{esc(a.section)}"/>
    <summary type="html"><![CDATA[{_plain(a.standfirst)}]]></summary>
  </entry>""")
    last = max(articles, key=lambda x: x.modified_dt).modified
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title type="text">Yerevan Ledger</title>
  <subtitle type="text">Independent news and analysis</subtitle>
  <updated>{last}</updated>
  <link rel="alternate" type="text/html" href="{base}/ledger/"/>
  <id>{base}{LEDGER_ATOM_PATH}</id>
  <link rel="self" type="application/atom+xml" href="{base}{LEDGER_ATOM_PATH}"/>
  <generator uri="https://wordpress.org/" version="6.0.2">WordPress</generator>
{chr(10).join(entries)}
</feed>
"""


# --------------------------------------------------------------------------- south-caucasus-post

def render_post_article(a: Article, base: str) -> str:
    url = a.url(base)
    headline, stand = _plain(a.headline), _plain(a.standfirst)
    pub = a.published_dt
    credit = ""
    if a.extra.get("syndicated_from"):
        credit = (f'<div class="syndication-credit"><p>This article first appeared in '
                  f'<a href="{base}/ledger/">{esc(a.extra["syndicated_from"])}</a> and is republished '
                  f"with permission.</p></div>")
    return f"""<!doctype html>
<html lang="en" prefix="og: https://ogp.me/ns#">
<head>
<meta charset="utf-8">
<title>{esc(headline)} - South Caucasus Post</title>
<link rel="canonical" href="{url}">
<meta name="description" content="{esc(stand)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="South Caucasus Post">
<meta property="og:title" content="{esc(headline)}">
<meta property="og:description" content="{esc(stand)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{base}/post/media/2022/09/og-default.jpg">
<meta property="og:locale" content="en_US">
<meta property="article:published_time" content="{a.published}">
<meta property="article:modified_time" content="{a.modified}">
<meta property="article:section" content="{esc(a.section)}">
<meta property="article:author" content="{esc(a.authors[0])}">
{"".join(f'<meta property="article:tag" content="{esc(t)}">' for t in a.tags)}
<meta name="twitter:card" content="summary_large_image">
<link rel="stylesheet" href="{base}/post/assets/magazine.css">
</head>
<body class="magazine layout-wide">
{COOKIE_BANNER.format(privacy=base + "/post/privacy")}
<div class="promo-strip">Support independent journalism &mdash; <a href="{base}/post/donate">become a member</a></div>
<header class="mag-header">
  <button class="menu-toggle" aria-label="Menu">&#9776;</button>
  <a class="mag-logo" href="{base}/post/">South Caucasus <em>Post</em></a>
  <nav class="mag-nav"><a href="{base}/post/news/">News</a> <a href="{base}/post/analysis/">Analysis</a>
  <a href="{base}/post/karabakh/">Karabakh</a> <a href="{base}/post/culture/">Culture</a> <a href="{base}/post/podcast/">Podcast</a></nav>
  <form class="mag-search" action="{base}/post/search"><input name="q" placeholder="Search"></form>
</header>
<main id="main">
<article class="mag-article">
  <header class="mag-hero">
    <a class="kicker" href="{base}/post/{a.section.lower()}/">{esc(a.section)}</a>
    <h1 class="mag-title">{esc(headline)}</h1>
    <p class="dek">{a.standfirst}</p>
    <div class="mag-meta"><span class="author">By {esc(a.authors[0])}</span>
    <time datetime="{a.published}">{_human(pub, '%B {day}, %Y')}</time></div>
  </header>
  <div class="mag-body">
{a.body_html(base)}
  </div>
</article>
{credit}
<section class="after-article">
  {share_buttons(url, headline)}
  <div class="newsletter"><h3>The Weekly Post</h3><p>Our best reporting, every Friday. Join 18,000 readers.</p>
  <form action="{base}/post/newsletter"><input type="email" name="email" placeholder="you@example.com"><button>Sign up</button></form></div>
  {most_read("/post", base, heading="Trending now", cls="trending")}
</section>
</main>
<footer class="mag-footer"><div class="cols"><div><h4>South Caucasus Post</h4><p>Long reads and news from the region since 2015.</p></div>
<div><h4>Follow</h4><a href="https://twitter.com/">Twitter</a> <a href="https://t.me/">Telegram</a></div></div>
<p class="legal">&copy; 2022 South Caucasus Post. <a href="{base}/post/privacy">Privacy</a> &middot; <a href="{base}/post/cookies">Cookie settings</a></p></footer>
</body>
</html>
"""


def render_post_sitemap(articles: list[Article], base: str) -> str:
    urls = []
    for a in sorted(articles, key=lambda x: x.published_dt, reverse=True):
        urls.append(f"""  <url>
    <loc>{a.url(base)}</loc>
    <lastmod>{a.modified}</lastmod>
    <news:news>
      <news:publication>
        <news:name>South Caucasus Post</news:name>
        <news:language>en</news:language>
      </news:publication>
      <news:publication_date>{a.published}</news:publication_date>
      <news:title>{esc(_plain(a.headline))}</news:title>
    </news:news>
  </url>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{chr(10).join(urls)}
</urlset>
"""


# --------------------------------------------------------------------------- baku-observer

def _observer_chrome(title: str, head_extra: str, content: str, base: str, canonical: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(title)} :: Baku Observer</title>
<link rel="canonical" href="{canonical}">
{head_extra}
<link rel="stylesheet" type="text/css" href="{base}/observer/css/main.css">
</head>
<body id="observer">
{COOKIE_BANNER.format(privacy=base + "/observer/privacy.html")}
<table class="layout" width="100%" cellpadding="0" cellspacing="0"><tr>
<td class="left-col" valign="top" width="180">
  <div class="obs-logo"><a href="{base}/observer/">THE BAKU OBSERVER</a></div>
  <ul class="leftmenu">
    <li><a href="{base}/observer/politics/">Politics</a></li><li><a href="{base}/observer/economy/">Economy</a></li>
    <li><a href="{base}/observer/karabakh/">Karabakh</a></li><li><a href="{base}/observer/culture/">Culture</a></li>
    <li><a href="{base}/observer/sport/">Sport</a></li>
  </ul>
  <div class="weather">Weather: +27&deg;C, wind 5 m/s</div>
</td>
<td class="center-col" valign="top">
{content}
</td>
<td class="right-col" valign="top" width="240">
  {most_read("/observer", base, heading="Most read today", cls="box most-read")}
  <div class="box currency"><h3>Exchange rates</h3><p>USD 1.7000 &middot; EUR 1.6935 &middot; RUB 0.0282</p></div>
</td></tr></table>
<div class="bottom"><p>&copy; 2001&ndash;2022 The Baku Observer. Reprinting of materials requires a hyperlink.</p>
<p><a href="{base}/observer/about.html">About us</a> | <a href="{base}/observer/advert.html">Advertising</a> | <a href="{base}/observer/privacy.html">Privacy</a></p></div>
</body>
</html>
"""


def render_observer_article(a: Article, base: str) -> str:
    url = a.url(base)
    pub = a.published_dt
    content = f"""<div class="article" itemscope itemtype="https://schema.org/NewsArticle">
  <meta itemprop="mainEntityOfPage" content="{url}">
  <meta itemprop="dateModified" content="{a.modified}">
  <div class="rubric"><a href="{base}/observer/{a.section.lower()}/">{esc(a.section)}</a></div>
  <h1 itemprop="headline">{esc(_plain(a.headline))}</h1>
  <div class="info"><time itemprop="datePublished" datetime="{a.published}">{pub.strftime('%d.%m.%Y, %H:%M')}</time>
  | <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">{esc(a.authors[0])}</span></span>
  | Views: 1,284</div>
  <p class="lead" itemprop="description"><b>{a.standfirst}</b></p>
  <div class="text" itemprop="articleBody">
{a.body_html(base)}
  </div>
  <div class="print-links"><a href="{url}?print=1">Print version</a> | {share_buttons(url, _plain(a.headline))}</div>
</div>"""
    return _observer_chrome(_plain(a.headline), f'<meta name="description" content="{esc(_plain(a.standfirst))}">',
                            content, base, url)


def render_observer_listing(articles: list[Article], base: str, section: str, path: str) -> str:
    teasers = []
    for a in sorted(articles, key=lambda x: x.published_dt, reverse=True):
        teasers.append(f"""  <div class="teaser">
    <span class="date">{a.published_dt.strftime('%d.%m.%Y %H:%M')}</span>
    <h3><a href="{a.url(base)}">{esc(_plain(a.headline))}</a></h3>
    <p>{a.standfirst}</p>
  </div>""")
    content = f"""<h1 class="section-title">{esc(section)}</h1>
<p class="section-note">Latest from our newsroom</p>
<div class="teasers">
{chr(10).join(teasers)}
</div>
<div class="pager"><a href="{base}{path}?page=2">Older news &raquo;</a></div>"""
    return _observer_chrome(section, "", content, base, base + path)


# --------------------------------------------------------------------------- outlet front pages

def render_front(outlet: str, title: str, articles: list[Article], base: str, path: str) -> str:
    items = "\n".join(
        f'<li><a href="{a.url(base)}">{esc(_plain(a.headline))}</a> <small>{a.published}</small></li>'
        for a in sorted(articles, key=lambda x: x.published_dt, reverse=True)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>
<link rel="canonical" href="{base}{path}"></head>
<body class="front {outlet}"><header><h1>{esc(title)}</h1><nav><a href="{base}/">All demo outlets</a></nav></header>
<main><h2>Latest</h2><ul class="latest">
{items}
</ul></main><footer><p>&copy; 2022 {esc(title)}</p></footer></body></html>
"""


def render_index(base: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Demo news outlets</title></head>
<body><h1>Demo news outlets</h1>
<p>A local, offline news site for the monitor's demo and end-to-end tests. All outlets are fictional.</p>
<ul>
<li><a href="{base}/wire/">Caucasus Wire</a> &mdash; RSS: <a href="{base}{WIRE_RSS_PATH}">{base}{WIRE_RSS_PATH}</a></li>
<li><a href="{base}/ledger/">Yerevan Ledger</a> &mdash; Atom: <a href="{base}{LEDGER_ATOM_PATH}">{base}{LEDGER_ATOM_PATH}</a></li>
<li><a href="{base}/post/">South Caucasus Post</a> &mdash; news sitemap: <a href="{base}{POST_SITEMAP_PATH}">{base}{POST_SITEMAP_PATH}</a></li>
<li><a href="{base}/observer/">Baku Observer</a> &mdash; section: <a href="{base}{OBSERVER_LISTING_PATH}">{base}{OBSERVER_LISTING_PATH}</a></li>
<li>Kavkaz Vestnik (Russian, windows-1251) &mdash; RSS: <a href="{base}/vestnik/rss.xml">{base}/vestnik/rss.xml</a></li>
</ul></body></html>
"""


# --------------------------------------------------------------------------- the whole site

HTML = "text/html; charset=utf-8"
EPOCH_SITE = _dt("2022-09-01T00:00:00Z")

RENDERERS: dict[str, Callable[..., str]] = {
    "caucasus-wire": lambda a, base, r: render_wire_article(a, base, r),
    "yerevan-ledger": lambda a, base, r: render_ledger_article(a, base),
    "south-caucasus-post": lambda a, base, r: render_post_article(a, base),
    "baku-observer": lambda a, base, r: render_observer_article(a, base),
}
ENCODINGS = {"kavkaz-vestnik": "windows-1251"}     # every other outlet is UTF-8


def render_site(round_: int, base: str) -> dict[str, Page]:
    """Every page of the site (faults excluded) for one round, keyed by URL path."""
    if round_ not in CONTENT_ROUND:
        raise ValueError(f"round must be 0..{ROUNDS - 1}, got {round_!r}")
    r = CONTENT_ROUND[round_]
    base = base.rstrip("/")
    arts = articles_for_round(r)
    by_outlet: dict[str, list[Article]] = {}
    for a in arts:
        by_outlet.setdefault(a.outlet, []).append(a)

    def newest(xs: list[Article]) -> datetime:
        return max(x.modified_dt for x in xs)

    from monitor.demo import content_ru   # imported here: it builds on this module
    renderers = {**RENDERERS, content_ru.NAME: content_ru.render_article}
    pages: dict[str, Page] = {}
    for a in arts:
        enc = ENCODINGS.get(a.outlet, "utf-8")
        ctype = HTML if enc == "utf-8" else f"text/html; charset={enc}"
        pages[a.path] = Page(renderers[a.outlet](a, base, r).encode(enc), ctype, a.modified_dt)
    vestnik = by_outlet[content_ru.NAME]
    pages[content_ru.RSS_PATH] = Page(content_ru.render_rss(vestnik, base).encode(content_ru.ENCODING),
                                      content_ru.RSS_TYPE, newest(vestnik))

    wire, ledger = by_outlet["caucasus-wire"], by_outlet["yerevan-ledger"]
    post, obs = by_outlet["south-caucasus-post"], by_outlet["baku-observer"]
    pages[WIRE_RSS_PATH] = Page(render_wire_rss(wire, base).encode(), "application/rss+xml; charset=utf-8",
                                newest(wire))
    pages[LEDGER_ATOM_PATH] = Page(render_ledger_atom(ledger, base).encode(),
                                   "application/atom+xml; charset=utf-8", newest(ledger))
    pages[POST_SITEMAP_PATH] = Page(render_post_sitemap(post, base).encode(), "application/xml; charset=utf-8",
                                    newest(post))
    for section, path in (("Politics", OBSERVER_LISTING_PATH), ("Culture", "/observer/culture/")):
        pages[path] = Page(render_observer_listing(obs, base, section, path).encode(), HTML, newest(obs))
    pages["/observer/"] = pages[OBSERVER_LISTING_PATH]
    fronts = (("caucasus-wire", "Caucasus Wire", "/wire/", wire),
              ("yerevan-ledger", "Yerevan Ledger", "/ledger/", ledger),
              ("south-caucasus-post", "South Caucasus Post", "/post/", post))
    for outlet, title, path, xs in fronts:
        pages[path] = Page(render_front(outlet, title, xs, base, path).encode(), HTML, newest(xs))
    pages["/"] = Page(render_index(base).encode(), HTML, EPOCH_SITE)
    pages["/robots.txt"] = Page(
        b"# Demo news site: everything may be crawled.\nUser-agent: *\nAllow: /\n",
        "text/plain; charset=utf-8", EPOCH_SITE)
    return pages
