"""``python -m bench [NAME...]``: list the benchmarks, or run the named ones in turn.

Each benchmark is a script ``bench/bench_NAME.py`` with its own options (run it directly
for those); results are recorded by hand in docs/BENCHMARKS.md. Without a name this only
lists them, because a full run takes a long time (the 100k clustering set alone takes
about a quarter of an hour).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks() -> dict[str, Path]:
    return {path.stem.removeprefix("bench_"): path for path in sorted(HERE.glob("bench_*.py"))}


def main(names: list[str]) -> int:
    found = benchmarks()
    if not names:
        for name, path in found.items():
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
            print(f"{name:14s} {' '.join(doc.split(chr(10) + chr(10))[0].split())}")
        print("\nrun: python -m bench NAME [NAME...]   (or python bench/bench_NAME.py --help)")
        return 0
    unknown = [n for n in names if n not in found]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(found)}", file=sys.stderr)
        return 2
    for name in names:
        print(f"== {name}", flush=True)
        status = subprocess.run([sys.executable, str(found[name])], check=False).returncode
        if status:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
