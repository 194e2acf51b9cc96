"""Render a report: JSON (the contract), terminal summaries and a static HTML folder."""

from __future__ import annotations
