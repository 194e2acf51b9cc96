"""Pages over HTTP(S), with the guards a fetcher of untrusted URLs needs.

Every hop of a redirect is checked again: the scheme must be http or https and every
address the host resolves to must be public unless ``allow_private`` is set. (The check
resolves the host itself and httpx resolves it again to connect, so a DNS server that
answers differently within milliseconds could still steer a request; run behind an
egress proxy where that matters.)
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import socket
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

import httpx

from newsprism.errors import FetchError, NewsprismError, UnsafeURLError
from newsprism.ingest.decode import decode_bytes
from newsprism.records import RawDocument

# A page of a news site is 50 KB-3 MB; 10 MB leaves room for pages with inline scripts and
# images as data URIs while bounding memory per fetch.
DEFAULT_FETCH_MAX_BYTES = 10 * 1024 * 1024
# Seconds for connecting and between bytes, and for the whole response; news sites answer
# within 1-3 s, so 15 s only gives up on a stalled server.
DEFAULT_TIMEOUT = 15.0
# Redirect hops followed (http -> https -> www -> canonical is 3 on common news sites).
MAX_REDIRECTS = 5
USER_AGENT = "newsprism/0.1 (news comparison research)"

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain", "text/markdown")
_CHARSET = re.compile(r"charset=([\w.:-]+)", re.IGNORECASE)


def fetch_url(
    url: str,
    *,
    client: httpx.Client | None = None,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_FETCH_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> RawDocument:
    """Fetch one page: ``RawDocument.html`` for HTML, ``.text`` for plain text.

    ``meta["url"]`` is the final URL after redirects. Raises ``UnsafeURLError`` for a
    refused scheme or address and ``FetchError`` for anything else that goes wrong.
    """
    response = fetch_response(url, client=client, allow_private=allow_private, max_bytes=max_bytes,
                              timeout=timeout)
    final_url, content_type, body = response.url, response.headers.get("content-type", ""), response.body
    kind = content_type.split(";")[0].strip().lower()
    if kind and not kind.startswith(_HTML_TYPES + _TEXT_TYPES) and not kind.startswith("text/"):
        raise FetchError("Give the URL of an article page.", source=url,
                         problem=f"the response is {kind}, not a text or HTML page")
    try:
        decoded = decode_bytes(body, source=url, declared=_charset(content_type))
    except NewsprismError as error:
        raise FetchError(source=url, problem=str(error)) from error
    meta: dict[str, Any] = {"id": url_id(final_url), "url": final_url}
    if decoded.encoding:
        meta["decoded_from"] = decoded.encoding
    if kind.startswith(_TEXT_TYPES):
        return RawDocument(url, text=decoded.text, meta=meta)
    return RawDocument(url, html=decoded.text, meta=meta)


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Raise ``UnsafeURLError`` unless ``url`` is http(s) to a public host.

    Every address the host resolves to is checked; with ``allow_private`` only the
    scheme is.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError("Only http and https URLs are fetched.", source=url,
                         problem=f"the scheme '{parts.scheme or '(none)'}' is refused")
    host = parts.hostname
    if not host:
        raise FetchError("Give a full URL such as https://example.org/story.", source=url, problem="the URL has no host")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as error:
        raise FetchError(source=url, problem="the port is not a number") from error
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError("Check the host name and the network.", source=url,
                         problem=f"the host {host} cannot be resolved") from error
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            raise UnsafeURLError(source=url, problem=f"{host} resolves to the non-public address {address}")


# --------------------------------------------------------------------------- helpers


@contextmanager
def _client(client: httpx.Client | None, timeout: float) -> Iterator[httpx.Client]:
    if client is not None:
        yield client
        return
    with httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT}, follow_redirects=False) as own:
        yield own


class Response(NamedTuple):
    """What a fetch got: the final URL after redirects, the status (2xx, or 304 to a
    conditional request), the headers and the body; ``moved`` is the final URL when every
    redirect on the way was permanent (301, 308), so the URL asked for should be updated."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes
    moved: str | None = None


def fetch_response(url: str, *, client: httpx.Client | None = None, allow_private: bool = False,
                   max_bytes: int = DEFAULT_FETCH_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT,
                   headers: Mapping[str, str] | None = None) -> Response:
    """GET ``url``, following redirects by hand and checking every hop. ``headers`` are
    added to the request (e.g. ``If-None-Match``). An answer of 400 or more raises
    ``FetchError`` with its ``status`` (and ``retry_after`` in seconds when the server
    gave one in seconds)."""
    seen: set[str] = set()
    current = url
    permanent = True  # every hop so far
    with _client(client, timeout) as http:
        for _ in range(MAX_REDIRECTS + 1):
            check_url(current, allow_private=allow_private)
            seen.add(current)
            status, answer, body = _get(http, current, url, max_bytes, timeout, headers or {})
            location = answer.get("location", "")
            if status in _REDIRECTS and location:
                target = urljoin(current, location)
                if target in seen:
                    raise FetchError("The site redirects in a circle; try the final URL in a browser.", source=url,
                                     problem=f"redirect loop at {target}")
                current = target
                permanent = permanent and status in _PERMANENT
                continue
            if status >= 400:
                error = FetchError("Check the URL; the page may have moved or need a login.", source=url,
                                   problem=f"the server answered HTTP {status}")
                error.status = status
                retry_after = answer.get("retry-after", "").strip()
                error.retry_after = float(retry_after) if retry_after.isdigit() else None
                raise error
            return Response(current, status, answer, body, current if permanent and current != url else None)
    raise FetchError("Use the final URL instead.", source=url, problem=f"more than {MAX_REDIRECTS} redirects")


def _get(http: httpx.Client, current: str, url: str, max_bytes: int, timeout: float,
         extra: Mapping[str, str]) -> tuple[int, httpx.Headers, bytes]:
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
               **extra}
    too_big = f"the response is larger than the {max_bytes} byte cap (raise it with --max-bytes)"
    try:
        with http.stream("GET", current, headers=headers, follow_redirects=False, timeout=timeout) as response:
            status = response.status_code
            if status in _REDIRECTS or status >= 400 or status == 304:
                return status, response.headers, b""
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(source=url, problem=too_big)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(source=url, problem=too_big)
                if time.monotonic() > deadline:
                    raise FetchError("Try again later or raise the timeout.", source=url,
                                     problem=f"the response took longer than {timeout:g} s")
                chunks.append(chunk)
            return status, response.headers, b"".join(chunks)
    except httpx.TimeoutException as error:
        raise FetchError("Try again later or raise the timeout.", source=url,
                         problem=f"no answer within {timeout:g} s ({type(error).__name__})") from error
    except httpx.HTTPError as error:
        raise FetchError("Check the URL and the network.", source=url, problem=f"{type(error).__name__}: {error}") from error


def _charset(content_type: str) -> str | None:
    match = _CHARSET.search(content_type)
    return match.group(1).strip("\"'") if match else None


def url_id(url: str) -> str:
    """A readable, stable id for a fetched page: last path segment + a short hash."""
    parts = urlsplit(url)
    segment = next((part for part in reversed(parts.path.split("/")) if part), parts.hostname or "page")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", segment.rsplit(".", 1)[0]).strip("-").lower()[:60] or "page"
    return f"{slug}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:8]}"
