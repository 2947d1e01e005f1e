"""The client's real address behind the load balancer, taken only from proxies we trust.

Behind a balancer every request arrives from the balancer's address. With DJANGO_TRUSTED_PROXIES
set to the balancers' addresses (or networks), a request that comes from one of them has its client
address read from X-Forwarded-For, right to left, skipping our own proxies: the first address that is
not ours is the client. Rate limits, lockouts, logs and the audit trail all read `REMOTE_ADDR`, which
this middleware rewrites, so one setting serves them all. A request from anywhere else has its
X-Forwarded-* headers removed: nobody can claim another address, or HTTPS, by sending a header.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT")
MAX_FORWARDED_HOPS = 20  # a longer X-Forwarded-For is not read past its last 20 entries


@lru_cache(maxsize=8)
def trusted_networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def parse_address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip().strip("[]")
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def real_client_address(meta: dict, proxies: tuple[str, ...]) -> str:
    """The client address for a request whose peer is `meta['REMOTE_ADDR']`, given the trusted proxies."""
    peer = meta.get("REMOTE_ADDR", "")
    networks = trusted_networks(tuple(proxies))
    if not networks or not is_trusted(parse_address(peer), networks):
        return peer
    hops = [hop for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")[-MAX_FORWARDED_HOPS:] if hop.strip()]
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            return peer  # a garbled header: keep the last address we know to be true
        if not is_trusted(address, networks):
            return str(address)
    return peer


class TrustedProxyMiddleware:
    """Rewrite REMOTE_ADDR to the real client address; drop X-Forwarded-* unless a trusted proxy sent them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        proxies = tuple(settings.TRUSTED_PROXIES)
        peer = meta.get("REMOTE_ADDR", "")
        meta["MYIPO_PEER_ADDR"] = peer
        if proxies and is_trusted(parse_address(peer), trusted_networks(proxies)):
            meta["REMOTE_ADDR"] = real_client_address(meta, proxies)
        else:
            for header in FORWARDED_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)


def client_address(request) -> str | None:
    """The client's address as the portal records it (after TrustedProxyMiddleware)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def client_network_key(request) -> str:
    """What a per-address limit counts by: the IPv4 address, or the /64 an IPv6 client holds."""
    address = parse_address(client_address(request) or "")
    if address is None:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
