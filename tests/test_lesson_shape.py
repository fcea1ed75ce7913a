"""Every lesson has the same shape (Carpentries-style), checked here.

Front matter (title, estimated time, questions, objectives, what you will do),
a body with citations, challenges with solutions, a chart with alt text or an
interactive, a quiz of enough questions, key points, and links to its exercise
and the bibliography. See CONTRIBUTING.md.
"""

import csv
import json
import re
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT

LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
MIN_QUESTIONS = {"00": 3, "06": 10}
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
QUIZ_CALL = re.compile(r"""quiz\(\s*["']([\w-]+)["']\s*\)""")


def source_urls():
    with open(ROOT / "data" / "sources.csv", newline="", encoding="utf-8") as fh:
        return {row["url"].strip() for row in csv.DictReader(fh)}


def markdown(nb):
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def test_all_lessons_present():
    names = [p.name for p in LESSONS]
    for expected in ["00_start_here.ipynb", "01_the_visit.ipynb", "02_warrant_and_law.ipynb",
                     "03_enforcement.ipynb", "04_precedents.ipynb", "05_energy.ipynb", "06_consequences.ipynb"]:
        assert expected in names, f"lessons/{expected} is missing"


@pytest.fixture(params=LESSONS, ids=[p.stem for p in LESSONS])
def lesson(request):
    path = request.param
    return path, nbformat.read(path, as_version=4)


def test_front_matter(lesson):
    path, nb = lesson
    src = nb.cells[0].source
    number = int(path.name[:2])
    assert re.match(rf"#\s+Lesson {number}\b", src), f"{path.name}: title must be '# Lesson {number} — …'"
    m = re.search(r"\*\*Estimated time:\*\*\s*(\d+)\s*min", src)
    assert m, f"{path.name}: '**Estimated time:** N minutes' missing"
    minutes = int(m.group(1))
    low, high = (5, 20) if number == 0 else (20, 35)
    assert low <= minutes <= high, f"{path.name}: estimated time {minutes} min outside {low}–{high}"
    # The reading part must be honest: 240 words a minute is about the average adult's silent reading of
    # non-fiction (Brysbaert 2019, 238 wpm), already fast for legal prose. Link targets are not read.
    reading = re.search(r"reading\s+(\d+)", src)
    assert reading, f"{path.name}: say how the time splits, e.g. '(reading 20, activities 15)'"
    words = sum(len(re.sub(r"\]\([^)]*\)", "]", c.source).split()) for c in nb.cells if c.cell_type == "markdown")
    assert words / int(reading.group(1)) <= 240, (
        f"{path.name}: {words} words of prose in {reading.group(1)} minutes of reading is "
        f"{words / int(reading.group(1)):.0f} words a minute; raise the estimate or shorten the lesson")
    for heading in ["Questions", "Objectives", "What you will do"]:
        assert re.search(rf"^##\s+{heading}", src, re.M), f"{path.name}: first cell lacks '## {heading}'"
    objectives = re.search(r"^##\s+Objectives\s*\n(.*?)(^##|\Z)", src, re.M | re.S).group(1)
    assert len(re.findall(r"^\s*[-*\d]", objectives, re.M)) >= 2, f"{path.name}: list at least two objectives"


def test_has_chart_with_alt_or_interactive(lesson):
    path, nb = lesson
    charts = widgets = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data and out.get("metadata", {}).get("image/png", {}).get("alt"):
                charts += 1
            if "application/vnd.jupyter.widget-view+json" in data:
                widgets += 1
    assert charts >= 1, f"{path.name}: no chart with alt text (use wanted.charts.show)"
    if path.name != "00_start_here.ipynb":
        assert widgets >= 2, f"{path.name}: expected an interactive besides the quiz"


def test_quiz_with_enough_questions(lesson):
    path, nb = lesson
    banks = [m for c in nb.cells if c.cell_type == "code" for m in QUIZ_CALL.findall(c.source)]
    assert banks, f"{path.name}: no quiz(\"…\") cell"
    total = 0
    for bank in banks:
        bank_file = ROOT / "data" / "quizzes" / f"{bank}.json"
        assert bank_file.exists(), f"{path.name}: quiz bank {bank_file.name} missing"
        total += len(json.loads(bank_file.read_text(encoding="utf-8"))["questions"])
    need = MIN_QUESTIONS.get(path.name[:2], 6)
    assert total >= need, f"{path.name}: quiz has {total} questions, needs ≥ {need}"


def test_key_points_exercise_and_sources_at_end(lesson):
    path, nb = lesson
    md = markdown(nb)
    tail = "\n".join(md[-4:])
    assert re.search(r"^##\s+Key points", tail, re.M), f"{path.name}: '## Key points' must be near the end"
    key = re.search(r"^##\s+Key points\s*\n(.*?)(^##|\Z)", tail, re.M | re.S).group(1)
    assert len(re.findall(r"^\s*[-*]", key, re.M)) >= 3, f"{path.name}: at least three key points"
    if path.name != "00_start_here.ipynb":
        stem = path.stem
        assert f"../exercises/{stem}.ipynb" in tail, f"{path.name}: link to ../exercises/{stem}.ipynb at the end"
    assert "sources.md" in tail, f"{path.name}: point to sources.md at the end"


def test_challenges_with_solutions(lesson):
    path, nb = lesson
    if path.name == "00_start_here.ipynb":
        pytest.skip("the start-here notebook has a warm-up instead of challenges")
    challenges = [s for s in markdown(nb) if "**Challenge" in s]
    assert len(challenges) >= 2, f"{path.name}: at least two challenge blocks"
    for s in challenges:
        assert "<details>" in s and "Solution" in s, f"{path.name}: every challenge has a <details> solution"


def test_citations_resolve_to_sources_csv(lesson):
    """Every web link in a lesson is a source listed in data/sources.csv."""
    path, nb = lesson
    known = source_urls()
    links = [url for s in markdown(nb) for _, url in LINK.findall(s) if url.startswith("http")]
    if path.name != "00_start_here.ipynb":
        assert len(links) >= 8, f"{path.name}: only {len(links)} citations; cite sources for factual sentences"
    unknown = sorted({u for u in links if u not in known})
    assert not unknown, f"{path.name}: links not in data/sources.csv: {unknown[:5]}"


def test_local_links_resolve(lesson):
    path, nb = lesson
    for s in markdown(nb):
        for _, target in LINK.findall(s):
            if target.startswith(("http", "#", "mailto:")):
                continue
            file_part, _, anchor = target.partition("#")
            dest = (path.parent / file_part).resolve()
            assert dest.exists(), f"{path.name}: link to missing file {target}"
            if anchor and dest.suffix == ".md" and dest.exists():
                assert f'id="{anchor}"' in dest.read_text(encoding="utf-8"), f"{path.name}: no anchor #{anchor} in {file_part}"


def test_glossary_entries_have_lesson():
    text = (ROOT / "lessons" / "glossary.md").read_text(encoding="utf-8")
    anchors = re.findall(r'<a id="([^"]+)"></a>', text)
    assert len(anchors) >= 8, "the glossary should define the module's core terms"
    assert len(anchors) == len(set(anchors)), "duplicate glossary anchors"
    entries = re.split(r'<a id="[^"]+"></a>', text)[1:]
    for anchor, entry in zip(anchors, entries):
        assert re.search(r"First used in: Lesson \d", entry), f"glossary #{anchor}: say where it is first used"


GLOSSARY_LINK = re.compile(r"\]\(glossary\.md#([^)\s]+)\)")


def test_glossary_first_use_is_first_link():
    """Each entry's "First used in: Lesson N" is the first lesson that links to it, and every entry is linked.

    Lessons link a glossary term on its first use, so the lowest-numbered lesson whose markdown links
    `glossary.md#<id>` is where the term first appears; the label must agree with it.
    """
    text = (ROOT / "lessons" / "glossary.md").read_text(encoding="utf-8")
    anchors = re.findall(r'<a id="([^"]+)"></a>', text)
    entries = re.split(r'<a id="[^"]+"></a>', text)[1:]
    first_link = {}
    for path in LESSONS:  # sorted by file name, so lesson 00 comes first
        for src in markdown(nbformat.read(path, as_version=4)):
            for anchor in GLOSSARY_LINK.findall(src):
                first_link.setdefault(anchor, int(path.name[:2]))
    problems = []
    for anchor, entry in zip(anchors, entries):
        m = re.search(r"First used in: Lesson (\d+)", entry)
        if not m:
            continue  # reported by test_glossary_entries_have_lesson
        said = int(m.group(1))
        if anchor not in first_link:
            problems.append(f"#{anchor}: no lesson links glossary.md#{anchor}; link it where it is first used "
                            f"(the glossary says lesson {said})")
        elif first_link[anchor] != said:
            problems.append(f"#{anchor}: glossary says 'First used in: Lesson {said}', "
                            f"but the first lesson that links it is lesson {first_link[anchor]}")
    assert not problems, "\n".join(problems)
