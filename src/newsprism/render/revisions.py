"""What changed between two stored revisions of one article: an outlet's later edit of a
page it had published (a number corrected, a paragraph added, a quote softened, a title
rewritten), read paragraph by paragraph and, within a changed paragraph, word by word.

Paragraphs are aligned in order (``difflib`` over whole paragraphs); a run of replaced
paragraphs is paired in order, and a pair that shares less than ``SAME_PARAGRAPH`` of its
words is shown as one paragraph removed and one added, not as a rewrite. Words are
compared as ``render/diff.py`` compares quotes, so typography alone (curly or straight
quotation marks) is not shown as a change.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from newsprism.records import Article
from newsprism.render.diff import inline_diff, word_changes

# Metadata compared between revisions, with the label shown.
FIELDS = (("title", "Title"), ("outlet", "Outlet"), ("authors", "Authors"), ("published", "Published"),
          ("dateline", "Dateline"), ("url", "URL"))
# Least share of a paragraph's words two paired paragraphs must share to read as one edited.
SAME_PARAGRAPH = 0.5

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class ParagraphChange:
    """One paragraph across two revisions. ``kind``: same, changed, added or removed;
    ``old`` and ``new`` its text in each (empty in the one that lacks it). An edited
    paragraph also has ``inline``, the new text with the edit in place (``inline_diff``:
    same / old / new runs), and ``changes``, the differing phrases as (old, new) pairs."""

    kind: str
    old: str
    new: str
    inline: tuple[tuple[str, str], ...] = ()
    changes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RevisionDiff:
    """Two revisions of an article compared: metadata fields that differ (field, label,
    old, new) and every paragraph in reading order."""

    article_id: str
    old_revision: int
    new_revision: int
    fields: tuple[tuple[str, str, str, str], ...]
    paragraphs: tuple[ParagraphChange, ...]

    @property
    def changed(self) -> bool:
        return bool(self.fields) or any(p.kind != "same" for p in self.paragraphs)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def _value(article: Article, name: str) -> str:
    value = getattr(article, name)
    return "; ".join(value) if isinstance(value, tuple) else (value or "")


def _shared(a: str, b: str) -> float:
    """The share of the longer paragraph's words the two have in common, in order."""
    wa, wb = a.split(), b.split()
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(wa), len(wb), 1)


def _replaced(old: list[str], new: list[str]) -> list[ParagraphChange]:
    out = []
    for a, b in zip(old, new, strict=False):
        if _shared(a, b) >= SAME_PARAGRAPH:
            changes = tuple(word_changes(a, b))
            if changes:
                out.append(ParagraphChange("changed", a, b, tuple(inline_diff(a, b)), changes))
            else:  # typography alone
                out.append(ParagraphChange("same", a, b))
        else:
            out += [ParagraphChange("removed", a, ""), ParagraphChange("added", "", b)]
    out += [ParagraphChange("removed", a, "") for a in old[len(new):]]
    out += [ParagraphChange("added", "", b) for b in new[len(old):]]
    return out


def diff_revisions(old: Article, new: Article, *, old_revision: int, new_revision: int) -> RevisionDiff:
    """Compare two revisions of one article (``old`` the earlier)."""
    fields = tuple((name, label, _value(old, name), _value(new, name)) for name, label in FIELDS
                   if _value(old, name) != _value(new, name))
    a, b = _paragraphs(old.text), _paragraphs(new.text)
    paragraphs: list[ParagraphChange] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            paragraphs += [ParagraphChange("same", p, p) for p in a[i1:i2]]
        elif tag == "delete":
            paragraphs += [ParagraphChange("removed", p, "") for p in a[i1:i2]]
        elif tag == "insert":
            paragraphs += [ParagraphChange("added", "", p) for p in b[j1:j2]]
        else:
            paragraphs += _replaced(a[i1:i2], b[j1:j2])
    return RevisionDiff(new.id, old_revision, new_revision, fields, tuple(paragraphs))


def revisions_to_dict(diff: RevisionDiff | None, article_id: str) -> dict:
    """The comparison as JSON-ready data (``newsprism revisions --json``, ``/api/revisions``);
    an article with one revision has nothing to compare (revisions null, lists empty)."""
    if diff is None:
        return {"article": article_id, "old_revision": None, "new_revision": None, "fields": [], "paragraphs": []}
    return {
        "article": diff.article_id,
        "old_revision": diff.old_revision,
        "new_revision": diff.new_revision,
        "fields": [{"field": name, "old": old, "new": new} for name, _, old, new in diff.fields],
        "paragraphs": [
            {"kind": p.kind, "old": p.old, "new": p.new, "changes": [{"old": o, "new": n} for o, n in p.changes]}
            for p in diff.paragraphs
        ],
    }
