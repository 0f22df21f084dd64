"""Write docs/checks.md, the catalogue of check rules, from the rules registered in mbnlp.checks.

python scripts/build_checks_doc.py            # writes docs/checks.md
python scripts/build_checks_doc.py --check    # exit 1 if docs/checks.md is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mbnlp.checks.catalogue import catalogue_markdown

TARGET = Path(__file__).parents[1] / "docs" / "checks.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="Only compare; exit 1 when the file differs.")
    args = parser.parse_args()
    text = catalogue_markdown()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date: run python scripts/build_checks_doc.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
