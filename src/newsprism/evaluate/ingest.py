"""Ingest quality: does text survive the trip through legacy encodings and back?

    python -m newsprism.evaluate.ingest [--sample N]

Takes real article bodies from the AllSides sample (``content_original`` of
``../shared/corpora/allsides-sample/jsons``), encodes each in a legacy encoding, decodes
it with ``decode_bytes`` and counts exact recoveries. Only texts that the encoding changes
(non-ASCII characters present) are counted. Also reports how many of the sample's files
``read_inputs`` reads without a failure.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from newsprism.errors import NewsprismError
from newsprism.ingest import decode_bytes, read_inputs
from newsprism.records import Failure

ALLSIDES = Path(__file__).resolve().parents[3].parent / "shared" / "corpora" / "allsides-sample" / "jsons"
ENCODINGS = ("cp1252", "latin-1", "cp1251", "utf-16", "utf-8-sig")


def recovery(texts: list[str], encoding: str) -> tuple[int, int]:
    """``(exact recoveries, texts tried)`` for ``texts`` encoded in ``encoding``."""
    exact = tried = 0
    for text in texts:
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        if data == text.encode("utf-8"):
            continue
        tried += 1
        try:
            exact += decode_bytes(data, source="sample").text == text.lstrip("\ufeff")
        except NewsprismError:
            pass
    return exact, tried


def main() -> None:
    parser = argparse.ArgumentParser(description="Ingest decoding quality on the AllSides sample.")
    parser.add_argument("--sample", type=int, default=300, help="articles to re-encode (default 300)")
    args = parser.parse_args()
    if not ALLSIDES.is_dir():
        raise SystemExit(f"needs {ALLSIDES} (the shared corpora), which is absent")
    files = sorted(ALLSIDES.glob("*.json"))
    items = list(read_inputs([str(ALLSIDES)]))
    failures = sum(isinstance(item, Failure) for item in items)
    print(f"read_inputs: {len(items) - failures}/{len(files)} files read, {failures} failures")
    chosen = random.Random(0).sample(files, min(args.sample, len(files)))
    texts = [json.loads(path.read_text(encoding="utf-8"))["content_original"] for path in chosen]
    for encoding in ENCODINGS:
        exact, tried = recovery(texts, encoding)
        print(f"{encoding:10} exact recovery {exact}/{tried} = {exact / max(tried, 1):.3f}")


if __name__ == "__main__":
    main()
