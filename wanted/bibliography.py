"""The readable bibliography, ``lessons/sources.md``, generated from ``data/sources.csv``.

``make bibliography`` rewrites it; a test fails when the file is out of date,
so the bibliography can never drift from the data.
"""

import csv
from pathlib import Path

from . import paths

KIND_TITLES = {
    "court": "Court decisions (as quoted in the sources)",
    "icc-press": "ICC press releases and publications",
    "treaty": "Treaty texts",
    "government": "Governments and officials",
    "scholarly": "Scholarship and legal commentary",
    "ngo": "Non-governmental organisations",
    "news": "News reports",
    "dataset": "Data sets",
    "reference": "Reference works",
}

HEADER = """# Sources

This bibliography is generated from `data/sources.csv` by `make bibliography`;
do not edit it by hand. Each entry gives its identifier (used by the data
tables' `source_ids` column and the quiz banks' `source` field), the outlet and
date, how we read it, and its licence. Links point to the pages as cited; some
were read in stored copies, as the access note says.
"""


def rows(csv_path: Path | None = None) -> list[dict]:
    """The rows of ``sources.csv`` as dicts (standard library only: no pandas needed)."""
    csv_path = csv_path or paths.DATA / "sources.csv"
    with open(csv_path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def render(sources: list[dict]) -> str:
    """Markdown for ``sources``, grouped by kind, sorted by outlet, date and title."""
    out = [HEADER]
    groups: dict[str, list[dict]] = {}
    for row in sources:
        groups.setdefault(row.get("kind", "") or "reference", []).append(row)
    order = list(KIND_TITLES) + sorted(set(groups) - set(KIND_TITLES))
    for kind in order:
        if kind not in groups:
            continue
        out.append(f"\n## {KIND_TITLES.get(kind, kind.title())}\n")
        for r in sorted(groups[kind], key=lambda r: (r.get("outlet", "").lower(), r.get("published", ""), r.get("title", ""))):
            date = f", {r['published']}" if r.get("published") else ""
            note = f" {r['access_note'].rstrip('.')}." if r.get("access_note") else ""
            licence = f" Licence: {r['licence'].rstrip('.')}." if r.get("licence") else ""
            link = f"<{r['url']}> " if r.get("url") else "(no link) "  # an empty <> renders as a stray "<>"
            out.append(f"- <a id=\"{r['source_id']}\"></a>**{r['title']}** — {r.get('outlet', '')}{date}. "
                       f"{link}`{r['source_id']}`.{note}{licence}")
    return "\n".join(out) + "\n"


def write(target: Path | None = None) -> bool:
    """Regenerate ``lessons/sources.md``; return True if it changed."""
    target = target or paths.LESSONS / "sources.md"
    text = render(rows())
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return False
    target.write_text(text, encoding="utf-8")
    return True


def register_cli(sub):
    p = sub.add_parser("bibliography", help="regenerate lessons/sources.md from data/sources.csv")
    p.set_defaults(func=lambda args: print("lessons/sources.md " + ("updated" if write() else "unchanged")) or 0)
