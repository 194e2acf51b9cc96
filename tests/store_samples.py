"""Small fictional articles for the store tests."""

from __future__ import annotations

from newsprism.records import Article


def article(number: int, **fields: object) -> Article:
    """A small fictional article; ``fields`` override the defaults."""
    defaults: dict[str, object] = {
        "id": f"art{number}",
        "text": f"Crews in Tarrowby cleared report number {number} from the flooded canal road.\n\n"
                f"The county engineer said pumping would continue for {number + 2} days.",
        "title": f"Canal road update {number}",
        "outlet": "Tarrowby Courier",
        "url": f"https://courier.example/canal/{number}",
        "published": f"2031-04-{number % 28 + 1:02d}",
        "content_hash": f"hash-{number}",
    }
    defaults.update(fields)
    return Article(**defaults)  # type: ignore[arg-type]
