"""Errors newsprism raises. Each class's docstring is its message template.

The CLI turns any ``NewsprismError`` into one line on standard error and a non-zero exit
status; per-input problems become ``Failure`` records instead, so a batch goes on.
"""

from __future__ import annotations


class NewsprismError(Exception):
    """Something went wrong in newsprism."""

    def __init__(self, detail: str = "", **context: object) -> None:
        message = (self.__doc__ or "").strip().splitlines()[0].format(**context) if context else ""
        text = " ".join(part for part in (message, detail) if part) or (self.__doc__ or "").strip()
        super().__init__(text)


class InputError(NewsprismError):
    """Cannot read input {source}."""


class EmptyInputError(InputError):
    """Input {source} is empty: nothing to analyse; check the file or the scraper that wrote it."""


class BinaryInputError(InputError):
    """Input {source} is binary, not text or HTML: pass the article's text or page instead."""


class ArticleTooLongError(InputError):
    """Input {source} is too long to be one article ({chars} characters after cleaning; the limit is {limit}): split it into its articles."""


class ArticleTooShortError(InputError):
    """Input {source} holds no article: only {words} word(s) left after cleaning ("{text}"); check the file or the scraper that wrote it."""


class NulBytesError(InputError):
    """Input {source} holds {count} NUL byte(s) in otherwise readable text: remove them and pass it again."""


class InputTooLargeError(InputError):
    """Input {source} is larger than the {limit} byte cap: split it or raise the cap with --max-bytes."""


class MalformedInputError(InputError):
    """Input {source} is malformed: {problem}."""


class FetchError(InputError):
    """Cannot fetch {source}: {problem}."""

    # the HTTP status that refused the request, and the seconds its Retry-After asked for
    status: int | None = None
    retry_after: float | None = None


class RobotsRefusedError(FetchError):
    """Not fetching {source}: {problem}."""


class UnsafeURLError(FetchError):
    """Refused to fetch {source}: {problem}. Pass --allow-private to fetch local or private addresses."""


class CleanError(NewsprismError):
    """Cannot clean {source}: {problem}."""


class StoreError(NewsprismError):
    """The article store at {location} failed: {problem}."""


class ConcurrentUpdateError(NewsprismError):
    """Another ingest or review changed the stories of {location} while this one ran: this run's articles are stored, run the command again to give the rest their stories."""


class MissingDependencyError(NewsprismError):
    """{feature} needs the optional package {package}: install it with pip install 'newsprism[{extra}]'."""
