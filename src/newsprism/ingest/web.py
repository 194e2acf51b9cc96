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
from urllib.parse import SplitResult, urljoin, urlsplit

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
    """Raise ``UnsafeURLError`` unless ``url`` is http(s) to a public host (``FetchError``
    when it is not an address newsprism fetches at all, as ``parse_url`` says).

    Every address the host resolves to is checked; with ``allow_private`` only the
    address itself is.
    """
    parts = parse_url(url)
    if allow_private:
        return
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, ValueError) as error:  # ValueError: UnicodeError, a NUL in the name
        raise FetchError("Check the host name and the network.", source=url,
                         problem=f"the host {host} cannot be resolved") from error
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            raise UnsafeURLError(source=url, problem=f"{host} resolves to the non-public address {address}")


def parse_url(url: str) -> SplitResult:
    """``url``'s parts when it is an address newsprism may fetch: a valid URL (as
    ``urllib`` and httpx read it), http or https, with a host and a valid port. Else a
    ``FetchError`` saying what is wrong with it, in one line. Asks no DNS server."""
    shown = _shown(url)
    try:
        parts = urlsplit(url)
    except ValueError as error:  # "http://[::1": Invalid IPv6 URL
        raise _not_an_address(shown, error) from error
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError("Only http and https URLs are fetched.", source=shown,
                         problem=f"the scheme '{_shown(parts.scheme) or '(none)'}' is refused")
    if not parts.hostname:
        raise FetchError("Give a full URL such as https://example.org/story.", source=shown,
                         problem="the URL has no host")
    try:
        parts.port  # noqa: B018 - reading it checks it
    except ValueError as error:  # not a number, or out of range
        raise FetchError("Check the address.", source=shown, problem=f"the port is not valid ({error})") from error
    try:  # what httpx refuses (a control character, a host that is not IDNA) fails here, not in the fetch
        httpx.Request("GET", url)
    except (httpx.InvalidURL, ValueError) as error:  # ValueError: UnicodeError from the IDNA codec
        raise _not_an_address(shown, error) from error
    return parts


def join_url(base: str, link: str) -> str:
    """``link`` (from a feed, a sitemap) resolved against the ``base`` it was read from,
    checked by ``parse_url``: ``FetchError`` when it is not an address newsprism fetches."""
    try:
        joined = urljoin(base, link)
    except ValueError as error:
        raise _not_an_address(_shown(link), error) from error
    parse_url(joined)
    return joined


def url_host(url: str) -> str:
    """``url``'s host in lower case; ``""`` when it has none or is not a valid URL."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _not_an_address(shown: str, error: Exception) -> FetchError:
    return FetchError("Check the address.", source=shown, problem=f"it is not a valid web address ({error})")


def _shown(text: str) -> str:
    """``text`` for a one-line message: white space as one space, other control characters as ?."""
    return "".join(ch if ch.isprintable() else "?" for ch in " ".join(text.split()))


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
                try:
                    target = urljoin(current, location)
                except ValueError as error:  # the next hop's check_url says what else is wrong with it
                    raise FetchError("The site redirects to a malformed address.", source=url,
                                     problem=f"the server redirected to '{_shown(location)}', which is not "
                                             f"a valid web address ({error})") from error
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
