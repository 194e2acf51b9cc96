"""The package's public API is what __all__ says, and every name in it exists."""

from __future__ import annotations

import newsprism


def test_exported_members_exist():
    for name in newsprism.__all__:
        assert hasattr(newsprism, name), name


def test_exported_members_cover_public_names():
    public = {n for n in dir(newsprism) if not n.startswith("_") and n != "annotations"}
    modules = {n for n in public if type(getattr(newsprism, n)).__name__ == "module"}
    assert public - modules <= set(newsprism.__all__), public - modules - set(newsprism.__all__)
