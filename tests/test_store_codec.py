"""The store's record <-> JSON codec, which keeps Article fields added after the schema
(the ``extra`` column) and the JSON list columns."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from newsprism.records import Coverage, Entity, Mention, Removed, Span
from newsprism.store.codec import from_json, to_json


@dataclass(frozen=True)
class _Future:
    """A record shaped like fields someone might add to Article later."""

    spans: tuple[Span, ...] = ()
    pair: tuple[str, int] = ("", 0)
    counts: dict[str, int] = field(default_factory=dict)
    maybe: Removed | None = None
    nested: tuple[tuple[str, ...], ...] = ()
    score: float = 0.0
    flag: bool = False


def _through_json(value: object, hint: object) -> object:
    return from_json(json.loads(json.dumps(to_json(value))), hint)


def test_store_codec_round_trips_nested_records() -> None:
    value = _Future(spans=(Span(1, 4), Span(9, 12)), pair=("x", 3), counts={"a1": 2, "a2": 5},
                    maybe=Removed("Subscribe now", "newsletter", 14), nested=(("a", "b"), ()), score=0.25,
                    flag=True)
    assert _through_json(value, _Future) == value
    assert _through_json(_Future(), _Future) == _Future()


def test_store_codec_round_trips_project_records() -> None:
    entity = Entity(id="e1", name="Mara Quell", type="PERSON", variants=("Mara Quell", "M. Quell"),
                    articles=("a1", "a2"), counts={"a1": 3})
    coverage = Coverage(outlets=("Post", "Herald"), matrix={"c1": ("Post",)}, exclusive={"Post": ("c1",)},
                        omitted={"Herald": ("c1",)})
    mention = Mention(article="a1", text="rose 4%", start=10, end=17)
    for value in (entity, coverage, mention):
        assert _through_json(value, type(value)) == value


def test_store_codec_ignores_fields_a_record_no_longer_has() -> None:
    data = {"start": 2, "end": 5, "dropped_field": "old"}
    assert from_json(data, Span) == Span(2, 5)
