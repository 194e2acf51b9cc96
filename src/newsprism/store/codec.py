"""Turn records into JSON-ready values and back, guided by their type hints.

The store keeps lists of records (``Article.removed``, ``headings``, ``evidence``) in JSON
columns, and any ``Article`` field it has no column for in one ``extra`` JSON object, so a
field added to ``Article`` later still round-trips without a migration.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any


def to_json(value: Any) -> Any:
    """A JSON-ready copy of ``value``: records become objects, tuples become lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    return value


def from_json(data: Any, hint: Any) -> Any:
    """Rebuild a value of type ``hint`` from what :func:`to_json` made of it."""
    if data is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return from_json(data, options[0]) if len(options) == 1 else data
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_json(item, args[0]) for item in data)
        if args:
            return tuple(from_json(item, arg) for item, arg in zip(data, args, strict=True))
        return tuple(data)
    if origin is list:
        (arg,) = typing.get_args(hint) or (Any,)
        return [from_json(item, arg) for item in data]
    if origin is dict:
        args = typing.get_args(hint)
        value_hint = args[1] if len(args) == 2 else Any
        return {key: from_json(item, value_hint) for key, item in data.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = field_hints(hint)
        known = {f.name for f in dataclasses.fields(hint)}
        return hint(**{k: from_json(v, hints[k]) for k, v in data.items() if k in known})
    return data


@cache
def field_hints(cls: type) -> dict[str, Any]:
    """The resolved type hints of a record class's fields."""
    return typing.get_type_hints(cls)
