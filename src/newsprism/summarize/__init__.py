"""Neutral, cited, extractive summaries of a story."""

from __future__ import annotations

from newsprism.summarize.extractive import DEFAULT_SUMMARY_WORDS, loaded_words, summarize

__all__ = ["DEFAULT_SUMMARY_WORDS", "loaded_words", "summarize"]
