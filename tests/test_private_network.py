"""The crawler stays out of private networks unless a source allows a host.

The address rule alone (no traffic: it only classifies addresses), then real crawls: a feed on
127.0.0.1 linking and redirecting to 127.0.0.2 and to ``localhost``, where servers record every hit.
"""

import json
import sqlite3
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from alert_receivers import ARTICLE, CRAWL_SETTINGS, rss
from conftest import run_monitor
from monitor.netguard import refusal_reason
from monitor.sources import SourcesError, load_sources


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "a loopback address"), ("127.255.255.254", "a loopback address"), ("::1", "a loopback address"),
    ("10.0.0.1", "a private address"), ("172.16.5.4", "a private address"), ("192.168.1.1", "a private address"),
    ("fd12:3456::1", "a private address"), ("fc00::1", "a private address"),
    ("169.254.169.254", "a link-local address"), ("fe80::1", "a link-local address"),
    ("224.0.0.1", "a multicast address"), ("ff02::1", "a multicast address"),
    ("0.0.0.0", "an unspecified address"), ("::", "an unspecified address"),
    ("240.0.0.1", "a reserved address"), ("255.255.255.255", "a reserved address"),
    ("100.64.0.1", "not a globally routable address"),  # carrier-grade NAT
    ("::ffff:10.0.0.1", "a private address"), ("::ffff:169.254.169.254", "a link-local address"),
    ("2002:a00:1::", "a private address"),  # 6to4 wrapping 10.0.0.1
    ("fe80::1%eth0", "a link-local address"), ("[::1]", "a loopback address"),
])
def test_refused_addresses(address, reason):
    assert refusal_reason(address) == reason


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "2a00:1450:4001::200e"])
def test_public_addresses_pass(address):
    assert refusal_reason(address) is None


def test_a_name_is_not_an_address():
    assert refusal_reason("example.com") == "not an IP address"


def test_allow_private_hosts_in_the_sources_file(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('[[source]]\nname = "a"\nkind = "feed"\nstart_urls = ["http://127.0.0.1/rss"]\n'
                    'allow_private_hosts = ["Intranet.example", "10.0.0.5", "[fd00::1]"]\n')
    [source] = load_sources(str(path))
    assert source.allow_private_hosts == ("intranet.example", "10.0.0.5", "fd00::1")
    path.write_text('[[source]]\nname = "a"\nkind = "feed"\nstart_urls = ["http://127.0.0.1/rss"]\n'
                    'allow_private_hosts = ["http://10.0.0.5/"]\n')
    with pytest.raises(SourcesError, match=r"source 'a'.allow_private_hosts: expected a bare host name"):
        load_sources(str(path))


class Recorder:
    """A server on ``host`` that records every request and answers from ``routes``:
    ``{path: (status, headers, body)}``; anything else is a small article."""

    def __init__(self, host: str, routes: dict | None = None):
        self.hits: list[str] = []
        self.routes = routes or {}
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                recorder.hits.append(self.path)
                status, headers, body = recorder.routes.get(self.path, (200, {"Content-Type": "text/html"}, ARTICLE.format(
                    title=f"Internal page {self.path}", place="Jermuk", count=7).encode()))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def network():
    internal = Recorder("127.0.0.2")  # stands for an internal service / metadata address
    local_name = Recorder("127.0.0.1")  # reached only as http://localhost:PORT/ (a name, resolved)
    feed = Recorder("127.0.0.1")
    local = local_name.base.replace("127.0.0.1", "localhost")
    feed.routes.update({
        "/rss.xml": (200, {"Content-Type": "application/rss+xml"}, rss("", [
            f"{feed.base}/good.html", f"{internal.base}/a.html", f"{feed.base}/redirect",
            f"{local}/c.html", "file:///etc/hostname", f"{feed.base}/to-file"])),
        "/redirect": (302, {"Location": f"{internal.base}/b.html"}, b""),
        "/to-file": (302, {"Location": "file:///etc/hostname"}, b""),
        "/good.html": (200, {"Content-Type": "text/html"}, ARTICLE.format(
            title="Border fighting near Sotk", place="Sotk", count=12).encode()),
    })
    yield feed, internal, local_name
    for server in (feed, internal, local_name):
        server.close()


def crawl(tmp_path, feed, extra: str = ""):
    sources = tmp_path / "sources.toml"
    sources.write_text(textwrap.dedent(f"""
        [[source]]
        name = "wire"
        kind = "feed"
        start_urls = ["{feed.base}/rss.xml"]
        {extra}
    """))
    db = tmp_path / "net.db"
    settings = [s if s != "ROBOTSTXT_OBEY=0" else "ROBOTSTXT_OBEY=1" for s in CRAWL_SETTINGS]
    result = run_monitor("crawl", "--db", str(db), "--sources", str(sources), *settings, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    conn = sqlite3.connect(db)
    urls = [r[0] for r in conn.execute("select url from articles")]
    [stats] = conn.execute("select stats from crawl_runs order by id desc limit 1").fetchone()
    conn.close()
    return result, urls, json.loads(stats)


@pytest.mark.e2e
def test_links_and_redirects_to_private_hosts_are_refused(tmp_path, network):
    feed, internal, local_name = network
    result, urls, stats = crawl(tmp_path, feed)
    assert internal.hits == [] and local_name.hits == []  # not one request, not even robots.txt
    assert urls == [f"{feed.base}/good.html"]  # the source's own host is allowed
    assert "/redirect" in feed.hits  # the redirect was followed only as far as the guard
    # /a.html, the redirect to /b.html, localhost; and the redirect to file:// (the feed's file:// link
    # itself never becomes a request)
    assert stats["monitor/private_network_refused"] == 4
    assert stats["monitor/private_network_refused/scheme"] == 1
    assert stats["monitor/private_network_refused/loopback_address"] == 3
    log = result.stderr
    assert log.count(f"refused {internal.base}/") == 1  # logged once per host, with the reason
    assert "127.0.0.2 is a loopback address" in log and "allow_private_hosts" in log
    assert "localhost resolves to 127.0.0.1, a loopback address" in log or "localhost resolves to ::1" in log
    assert "Traceback" not in log


@pytest.mark.e2e
def test_a_source_can_allow_a_private_host(tmp_path, network):
    feed, internal, local_name = network
    _, urls, stats = crawl(tmp_path, feed, 'allow_private_hosts = ["127.0.0.2"]')
    assert {"/a.html", "/b.html"} <= set(internal.hits) and local_name.hits == []
    assert f"{internal.base}/a.html" in urls
    assert stats["monitor/private_network_refused"] == 2  # localhost and file:// are still refused


def test_the_resolver_refuses_names_of_private_addresses_unless_allowed():
    from twisted.internet.error import DNSLookupError

    from monitor import netguard

    resolver = netguard.GuardedResolver(None, 0, 1.0)
    with pytest.raises(DNSLookupError, match="resolves to 10.0.0.7, a private address"):
        resolver._check("10.0.0.7", "rebound.example")
    assert resolver._check("93.184.216.34", "news.example") == "93.184.216.34"
    netguard.ALLOWED_ANYWHERE.add("intranet.example")
    try:
        assert resolver._check("10.0.0.7", "intranet.example") == "10.0.0.7"
    finally:
        netguard.ALLOWED_ANYWHERE.discard("intranet.example")


@pytest.mark.e2e
def test_the_connection_time_check_holds_without_the_middleware(tmp_path, network):
    """With the request check switched off, the resolver alone still keeps a name of a loopback
    address out: the address checked is the one the connection uses (no rebinding gap)."""
    feed, internal, local_name = network
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "wire"\nkind = "feed"\nstart_urls = ["{feed.base}/rss.xml"]\n')
    result = run_monitor("crawl", "--db", str(tmp_path / "n.db"), "--sources", str(sources), *CRAWL_SETTINGS,
                         "-s", 'DOWNLOADER_MIDDLEWARES={"monitor.netguard.PrivateNetworkMiddleware": null}',
                         cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert local_name.hits == []  # http://localhost:PORT/ never connected
    assert "refused to connect to localhost: it resolves to 127.0.0.1, a loopback address" in result.stderr
    assert "DNS_RESOLVER setting is deprecated" not in result.stderr
