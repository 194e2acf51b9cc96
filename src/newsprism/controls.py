"""Control characters: text newsprism reads must never carry them to a reader.

An escape sequence (ESC, CSI) in a scraped title, a file name or an address would, printed
raw, let the text clear a terminal, retitle its window or forge a link. The cleaner drops
them from every text it repairs; the terminal renderer and the command line drop them from
whatever they print (texts stored before, file names, addresses).
"""

from __future__ import annotations

import re

# C0 but tab and newline, DEL, and C1.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """``text`` without control characters."""
    return CONTROL.sub("", text) if CONTROL.search(text) else text
