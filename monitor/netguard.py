"""Keep the crawler out of private networks: a hostile or compromised feed must not make it fetch
internal services or cloud metadata addresses.

* :func:`refusal_reason` is the address rule alone: loopback, private, link-local, multicast,
  unspecified, reserved and every other not globally routable address (IPv4 and IPv6, including
  IPv4-mapped IPv6) are refused.
* :class:`PrivateNetworkMiddleware` (a downloader middleware, before robots.txt) applies it to every
  request — start URLs, links, redirects (a redirect is a new request through the same chain),
  robots.txt — after DNS: an IP host is checked as it is, a host name by every address it resolves
  to. Only ``http`` and ``https`` are fetched. A source may reach its own start-URL hosts (so a local
  demo or test site works) and the hosts of its ``allow_private_hosts``; any other refused request
  is dropped (``IgnoreRequest``), counted (``monitor/private_network_refused``, and per reason) and
  logged once per host with the reason.
* :class:`GuardedResolver` (``TWISTED_DNS_RESOLVER``) checks again at connection time: the address Scrapy
  connects to is the one it resolves, and a host name resolving to a refused address fails the
  lookup unless some source in the process allows that host — so a DNS answer that changes between
  the check and the connection (rebinding) cannot get through either.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.error import DNSLookupError

logger = logging.getLogger("monitor.netguard")

SCHEMES = ("http", "https")
#: Host names allowed to resolve to refused addresses, from every source in this process.
ALLOWED_ANYWHERE: set[str] = set()
_LOGGED: set[str] = set()  # names the resolver refused, logged once per process


def refusal_reason(address: str) -> str | None:
    """Why the crawler must not connect to ``address`` (an IPv4 or IPv6 literal), or None.

    >>> refusal_reason("93.184.216.34") is None
    True
    >>> refusal_reason("10.1.2.3"), refusal_reason("169.254.169.254"), refusal_reason("::1")
    ('a private address', 'a link-local address', 'a loopback address')
    >>> refusal_reason("::ffff:127.0.0.1")
    'a loopback address'
    """
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:  # an IPv4 address inside IPv6 (::ffff:a.b.c.d, 6to4, Teredo) counts as itself
            return refusal_reason(str(embedded))
    checks = (("is_loopback", "a loopback address"), ("is_link_local", "a link-local address"),
              ("is_multicast", "a multicast address"), ("is_unspecified", "an unspecified address"),
              ("is_reserved", "a reserved address"), ("is_private", "a private address"))
    for attribute, reason in checks:
        if getattr(ip, attribute):
            return reason
    if not ip.is_global:
        return "not a globally routable address"
    return None


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def resolve_all(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (empty when it does not resolve: the download then fails)."""
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})
    except (socket.gaierror, UnicodeError, OSError):
        return []


#: Private hosts distributed writers' request messages allowed (a worker process only).
WRITER_GRANTED: set[str] = set()


def allowed_hosts_of(source: Any) -> set[str]:
    """A source's start-URL hosts and its ``allow_private_hosts``."""
    if source is None:
        return set()
    hosts = {host_of(u) for u in getattr(source, "start_urls", ())}
    hosts |= {h.lower() for h in getattr(source, "allow_private_hosts", ())}
    return {h for h in hosts if h}


class PrivateNetworkMiddleware:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.logged: set[str] = set()
        # host -> addresses, so a site's many links cost one lookup; the resolver re-checks at connect time
        self.resolved: dict[tuple[str, int], list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "PrivateNetworkMiddleware":
        if not crawler.settings.getbool("MONITOR_PRIVATE_NETWORK_GUARD", True):
            raise NotConfigured("MONITOR_PRIVATE_NETWORK_GUARD is off")
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Any) -> None:
        ALLOWED_ANYWHERE.update(self.allowed_hosts())

    def allowed_hosts(self) -> set[str]:
        return allowed_hosts_of(getattr(getattr(self.crawler, "spider", None), "source", None))

    def granted(self, request: Request) -> set[str]:
        """A distributed worker has no sources file: each request message names the private hosts its
        source allows (the writer puts them there), and the worker's robots.txt requests for those
        hosts follow them. Spiders of a source never use this."""
        if getattr(getattr(self.crawler, "spider", None), "source", None) is not None:
            return set()
        named = set((request.meta.get("monitor_message") or {}).get("private_hosts") or ())
        if named:
            WRITER_GRANTED.update(named)
            ALLOWED_ANYWHERE.update(named)  # the resolver's check at connection time
        return WRITER_GRANTED

    async def process_request(self, request: Request, spider: Any = None) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in SCHEMES:
            self._refuse(request, parts.scheme or "?", f"the {parts.scheme or 'empty'} scheme is never fetched",
                         "scheme")
        host = (parts.hostname or "").lower()
        if not host or host in self.allowed_hosts() or host in self.granted(request):
            return None
        if is_ip(host):
            reason = refusal_reason(host)
            if reason:
                self._refuse(request, host, f"{host} is {reason}", reason)
            return None
        from twisted.internet import threads

        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = self.resolved.get((host, port))
        if addresses is None:
            addresses = await maybe_deferred_to_future(threads.deferToThread(resolve_all, host, port))
            if len(self.resolved) >= 4096:
                self.resolved.clear()
            self.resolved[(host, port)] = addresses
        for address in addresses:
            reason = refusal_reason(address)
            if reason:
                self._refuse(request, host, f"{host} resolves to {address}, {reason}", reason)
        return None

    def _refuse(self, request: Request, host: str, why: str, reason: str) -> None:
        reason_key = reason.removeprefix("a ").removeprefix("an ").replace(" ", "_")
        self.stats.inc_value("monitor/private_network_refused")
        self.stats.inc_value(f"monitor/private_network_refused/{reason_key}")
        if host not in self.logged:
            self.logged.add(host)
            name = getattr(getattr(self.crawler, "spider", None), "name", "?")
            logger.warning("source %s: refused %s: %s (allow a host with allow_private_hosts in the source)",
                           name, request.url, why)
        raise IgnoreRequest(f"private network: {why}")


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing host names whose address is not public (unless allowed)."""

    enabled = True

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> "GuardedResolver":
        """``crawler`` is the crawler process: one resolver serves every source in it, so the names it
        lets through are every source's allowed hosts (the middleware still checks per source)."""
        resolver = super().from_crawler(crawler, reactor)
        resolver.enabled = crawler.settings.getbool("MONITOR_PRIVATE_NETWORK_GUARD", True)
        loader = getattr(crawler, "spider_loader", None)
        for name in (loader.list() if loader is not None else []):
            try:
                ALLOWED_ANYWHERE.update(allowed_hosts_of(getattr(loader.load(name), "source", None)))
            except Exception:  # noqa: BLE001 - a spider that cannot load is reported by the crawl itself
                continue
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> Any:  # noqa: N802 - Twisted's name
        d = super().getHostByName(name, timeout)
        d.addCallback(self._check, name)
        return d

    def _check(self, address: str, name: str) -> str:
        reason = refusal_reason(address)
        if reason and name.lower() not in ALLOWED_ANYWHERE and self.enabled:
            if name not in _LOGGED:
                _LOGGED.add(name)
                logger.warning("refused to connect to %s: it resolves to %s, %s (allow a host with "
                               "allow_private_hosts in the source)", name, address, reason)
            raise DNSLookupError(f"{name} resolves to {address}, {reason}: refused")
        return address
