from datetime import timedelta
from pathlib import Path

import pytest

from monitor.sources import SourcesError, load_sources, parse_duration, parse_sources, select_sources

GOOD = """
[defaults]
interval = "10m"

[[source]]
name = "wire"
kind = "feed"
start_urls = ["https://example.com/rss.xml"]
allowed_domains = ["example.com"]

[[source]]
name = "post"
kind = "sitemap"
start_urls = ["https://post.example/news-sitemap.xml"]
cron = "*/20 * * * *"

[[source]]
name = "observer"
kind = "listing"
start_urls = ["https://obs.example/politics/"]
article_pattern = "/\\\\d{4}/"
interval = "45s"
[source.selectors]
headline = "h1.title"
"""


def test_parse_good_file():
    wire, post, observer = parse_sources(GOOD, "good.toml")
    assert wire.interval == timedelta(minutes=10) and wire.cron is None
    assert post.cron == "*/20 * * * *" and post.interval is None
    assert observer.interval == timedelta(seconds=45)
    assert observer.selectors == {"headline": "h1.title"}
    assert observer.article_pattern == "/\\d{4}/"


def test_packaged_default_is_valid_and_covers_all_kinds():
    sources = load_sources(None)
    assert len(sources) >= 8
    assert {s.kind for s in sources} == {"feed", "sitemap", "listing"}
    assert len({s.name for s in sources}) == len(sources)


@pytest.mark.parametrize("text, key", [
    ("[[source]]\nname = 'x'\nkind = 'rss'\nstart_urls = ['https://a.b/']", "source 'x'.kind"),
    ("[[source]]\nname = 'x'\nkind = 'feed'", "source 'x'.start_urls"),
    ("[[source]]\nname = 'x'\nkind = 'feed'\nstart_urls = ['ftp://a']", "source 'x'.start_urls"),
    ("[[source]]\nname = 'x'\nkind = 'feed'\nstart_urls = ['https://a.b/']\nallowed_domains = ['https://a.b']",
     "source 'x'.allowed_domains"),
    ("[[source]]\nname = 'x'\nkind = 'feed'\nstart_urls = ['https://a.b/']\ninterval = 'often'", "source 'x'.interval"),
    ("[[source]]\nname = 'x'\nkind = 'feed'\nstart_urls = ['https://a.b/']\ncron = '61 * * * *'", "source 'x'.cron"),
    ("[[source]]\nname = 'x'\nkind = 'feed'\nstart_urls = ['https://a.b/']\ncron = '* * * * *'\ninterval = '5m'", "source 'x'"),
    ("[[source]]\nname = 'x'\nkind = 'listing'\nstart_urls = ['https://a.b/']", "source 'x'.article_pattern"),
    ("[[source]]\nname = 'x'\nkind = 'listing'\nstart_urls = ['https://a.b/']\narticle_pattern = '(['", "source 'x'.article_pattern"),
    ("[[source]]\nname = 'x'\nkind = 'feed'\nstart_urls = ['https://a.b/']\nstart_url = 'typo'", "unknown key 'start_url'"),
    ("[[source]]\nname = 'x'\nkind = 'feed'\nstart_urls = ['https://a.b/']\n[source.selectors]\nbody = 'div[['", "selectors.body"),
    ("[[source]]\nname = 'Bad Name'\nkind = 'feed'\nstart_urls = ['https://a.b/']", "source[0].name"),
    ("[[source]]\nname = 'x'\nkind = 'feed'\nstart_urls = ['https://a.b/']\n[[source]]\nname = 'x'\nkind = 'feed'\nstart_urls = ['https://a.b/']", "defined twice"),
    ("[defaults]\nintervall = '5m'\n[[source]]\nname = 'x'\nkind = 'feed'\nstart_urls = ['https://a.b/']", "defaults.intervall"),
    ("title = 'no sources'", "unknown top-level key 'title'"),
    ("", "no [[source]] tables"),
    ("[[source]\nname = 'x'", "not valid TOML"),
])
def test_bad_files_name_file_and_key(text, key):
    with pytest.raises(SourcesError) as err:
        parse_sources(text, "/etc/monitor/sources.toml")
    message = str(err.value)
    assert message.startswith("/etc/monitor/sources.toml:")
    assert key in message


def test_missing_and_undecodable_files(tmp_path: Path):
    with pytest.raises(SourcesError, match="not found"):
        load_sources(tmp_path / "nope.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("# caf\xe9\n".encode("latin-1"))
    with pytest.raises(SourcesError, match="not UTF-8"):
        load_sources(bad)


def test_durations():
    assert parse_duration("90s", "x") == timedelta(seconds=90)
    assert parse_duration("2h", "x") == timedelta(hours=2)
    assert parse_duration(30, "x") == timedelta(seconds=30)
    with pytest.raises(SourcesError):
        parse_duration(True, "x")


def test_select_sources():
    sources = parse_sources(GOOD)
    assert [s.name for s in select_sources(sources, ["post"])] == ["post"]
    assert len(select_sources(sources, [])) == 3
    with pytest.raises(SourcesError, match="unknown source 'nope'"):
        select_sources(sources, ["nope"])
