"""English given names from the ``nicknames`` package's curated table, loaded once per process.

The table (Apache-2.0) lists about 2,000 given names with their short forms ("Frederick" /
"Fred"). The entity stage reads it to join a short first name to its full form; the cleaner
asks whether a word is a given name at all (a link "Headline: Jane Doe" names its author).
"""

from __future__ import annotations

from functools import lru_cache

from nicknames import NickNamer


@lru_cache(maxsize=1)
def nicknamer() -> NickNamer:
    """The table, loaded on first use."""
    return NickNamer()


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    table = nicknamer()
    return frozenset(table.canonical_lookup) | frozenset(table.nickname_lookup)


def is_given_name(word: str) -> bool:
    """Whether ``word`` is a given name the table lists ("Clara", "Peter"; not "Tuesday"; many
    names outside English, such as "Anton" or "Nadia", are missing)."""
    return word.lower() in _given_names()
