"""Invented ECB+ topics in the corpus's XML format, for the evaluation tests."""

from __future__ import annotations

from pathlib import Path

# A mention: (mention id, cross-document chain or None, token numbers from 0, tag).
Mention = tuple[str, "str | None", list[int], str]


def write_topic(root: Path, docs: dict[str, tuple[list[list[str]], list[Mention]]], topic: int = 1) -> None:
    """Write each document (its sentences as tokens, and its mentions) under ``root/topic``.

    Sentence 0 of a document is its title line, as in the corpus."""
    folder = root / str(topic)
    folder.mkdir(parents=True)
    for name, (sentences, mentions) in docs.items():
        tokens, t_id = [], 0
        for number, words in enumerate(sentences):
            for word in words:
                t_id += 1
                tokens.append(f'<token t_id="{t_id}" sentence="{number}" number="{t_id}">{word}</token>')
        markables = "".join(
            f'<{tag} m_id="{m}">' + "".join(f'<token_anchor t_id="{t + 1}"/>' for t in ts) + f"</{tag}>"
            for m, _, ts, tag in mentions
        )
        relations = "".join(
            f'<CROSS_DOC_COREF r_id="{m}" note="{chain}"><source m_id="{m}"/><target m_id="99"/></CROSS_DOC_COREF>'
            for m, chain, _, _ in mentions
            if chain
        )
        (folder / name).write_text(
            f'<Document doc_name="{name}">{"".join(tokens)}<Markables>{markables}</Markables>'
            f"<Relations>{relations}</Relations></Document>",
            encoding="utf-8",
        )
