"""Every question bank in data/quizzes: valid, sourced, consistent with the data, and safe to show.

The data_check semantics are defined in schemas/quiz.schema.json ($defs/data_check)
and implemented by wanted.quiz.data_check_problems; the unit tests at the end pin
them down on small hand-made tables.
"""

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import ipywidgets as widgets
import jsonschema
import pandas as pd
import pytest

from wanted import paths
from wanted.errors import QuizBankError
from wanted.quiz import (
    Quiz, QuizMessage, bank_problems, data_check_problems, load_bank, quiz, shuffled, static_html, static_markdown,
)

SCHEMA_FILE = paths.SCHEMAS / "quiz.schema.json"
EXAMPLE_FILE = paths.SCHEMAS / "quiz.example.json"
SOURCES_CSV = paths.DATA / "sources.csv"
BANK_FILES = sorted(paths.QUIZZES.glob("*.json"))
BANK_IDS = [p.stem for p in BANK_FILES]
ALL_FILES = BANK_FILES + [EXAMPLE_FILE]
PLAIN = re.compile(r'^Quiz "[^"\n]+": \d+ questions?\. Run this cell in Jupyter to answer\.$')
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def questions(path: Path, kind: str | None = None) -> list[dict]:
    return [q for q in read(path)["questions"] if kind is None or q["type"] == kind]


def source_ids(csv_path: Path) -> set[str]:
    """The source_id column of a sources CSV, read with the csv module (no pandas)."""
    with open(csv_path, newline="", encoding="utf-8") as handle:
        return {row["source_id"].strip() for row in csv.DictReader(handle)}


def unresolved_sources(bank: dict, known: set[str]) -> list[str]:
    return [f"{bank['id']}/{q['id']}: source {q['source']!r}" for q in bank["questions"] if q["source"] not in known]


# --------------------------------------------------------------------------- structure


def test_banks_exist():
    assert BANK_IDS, f"no question banks in {paths.QUIZZES}"
    assert "00_start_here" in BANK_IDS


def test_schema_is_valid_draft_2020_12():
    schema = read(SCHEMA_FILE)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_bank_validates_against_schema(path):
    validator = jsonschema.Draft202012Validator(read(SCHEMA_FILE))
    errors = [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(read(path))]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda p: p.stem)
def test_bank_id_is_file_name(path):
    assert read(path)["id"] == path.stem


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_question_ids_unique(path):
    ids = [q["id"] for q in questions(path)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_question_rules(path):
    for q in questions(path):
        where = f"{path.stem}/{q['id']}"
        kind = q["type"]
        if kind in ("multiple_choice", "many_choice"):
            right = sum(a["correct"] for a in q["answers"])
            if kind == "multiple_choice":
                assert right == 1, f"{where}: {right} correct answers, need exactly 1"
            else:
                assert right >= 1, f"{where}: no correct answer"
        elif kind == "numeric":
            spec = q["answer"]
            assert ("value" in spec and "tolerance" in spec) or ("range" in spec), where
            if "range" in spec:
                assert spec["range"][0] <= spec["range"][1], where
            assert "unit" in q, where
        elif kind == "ordering":
            assert len(q["items"]) >= 3 and len(set(q["items"])) == len(q["items"]), where
        elif kind == "matching":
            lefts = [p["left"] for p in q["pairs"]]
            rights = [p["right"] for p in q["pairs"]]
            assert len(q["pairs"]) >= 3, where
            assert len(set(lefts)) == len(lefts) and len(set(rights)) == len(rights), where
        assert q["explanation"].strip() and q["source"].strip(), where
    assert bank_problems(read(path)) == []


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda p: p.stem)
def test_question_counts_follow_contributing(path):
    bank = read(path)
    n = len(bank["questions"])
    if path.stem.startswith("00_"):
        assert n == 3
    else:
        assert n >= (10 if path.stem.startswith("06_") else 6), f"{path.stem}: only {n} questions"
        assert len({q["type"] for q in bank["questions"]}) >= 3, f"{path.stem}: mix question types"


# --------------------------------------------------------------------------- sources and data


def test_sources_csv_exists():
    assert SOURCES_CSV.is_file(), (
        f"{SOURCES_CSV} is missing: every quiz question's `source` must be a source_id in it. "
        "Create the data package's sources table (see CONTRIBUTING.md)."
    )


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_every_source_resolves(path):
    if not SOURCES_CSV.is_file():
        pytest.fail(f"{SOURCES_CSV} does not exist, so no quiz source can be resolved")
    missing = unresolved_sources(read(path), source_ids(SOURCES_CSV))
    assert not missing, f"not in {SOURCES_CSV.name}: " + "; ".join(missing)


def test_source_resolution_on_a_fixture_copy(tmp_path):
    fixture = tmp_path / "sources.csv"
    fixture.write_text("source_id,title,url\nicc-pr,ICC press release,https://x\n tass ,TASS,https://y\n",
                       encoding="utf-8")
    known = source_ids(fixture)
    bank = {"id": "t", "questions": [{"id": "a", "source": "icc-pr"}, {"id": "b", "source": "tass"},
                                      {"id": "c", "source": "nowhere"}]}
    assert unresolved_sources(bank, known) == ["t/c: source 'nowhere'"]


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_data_checks_hold(path):
    checked = [q for q in questions(path) if q.get("data_check")]
    if not checked:
        pytest.skip(f"{path.stem} has no data_check")
    from wanted.data import load  # noqa: PLC0415 — fails clearly if the data package is missing

    problems = [p for q in checked for p in data_check_problems(q, load)]
    assert not problems, "\n".join(problems)


def test_warm_up_bank_has_a_data_check():
    assert any(q.get("data_check") for q in questions(paths.QUIZZES / "00_start_here.json"))
    kinds = {q["type"] for q in questions(paths.QUIZZES / "00_start_here.json")}
    assert kinds == {"multiple_choice", "numeric", "ordering"}


# --------------------------------------------------------------------------- display


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_static_html_reveals_no_answer(path):
    bank = read(path)
    page = static_html(bank)
    assert page == static_html(bank)  # deterministic
    remainder = page
    for q in bank["questions"]:
        assert q["explanation"] not in page
        for a in q.get("answers", []):
            if a.get("feedback"):
                assert a["feedback"] not in page
        for m in q.get("mistakes", []):
            assert m["feedback"] not in page
        if q["type"] == "ordering":
            shown = [item for item in re.findall(r"<li>(.*?)</li>", _section(page, q)) if item]
            assert shown != [_esc(i) for i in q["items"]], f"{q['id']}: ordering shown in the correct order"
        if q["type"] == "matching":
            rights = [_esc(p["right"]) for p in q["pairs"]]
            shown = [i for i in re.findall(r"<li>(.*?)</li>", _section(page, q)) if i in rights]
            assert shown != rights, f"{q['id']}: matching options shown in the correct order"
        # Strip every text that belongs to the bank: what is left is our markup, which must not mark answers.
        for text in [q["question"], *(a["answer"] for a in q.get("answers", [])), *q.get("items", []),
                     *(p[s] for p in q.get("pairs", []) for s in ("left", "right"))]:
            remainder = remainder.replace(_esc(text), "")
    lowered = remainder.lower()
    for marker in ("correct", "✔", "✓", "checked", "selected", "answer:", "solution"):
        assert marker not in lowered, f"{marker!r} in the static HTML of {path.stem}"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_static_markdown_has_every_question_and_option_but_no_answer(path):
    bank = read(path)
    page = static_markdown(bank)
    flat = page.replace("\\", "")
    for q in bank["questions"]:
        assert " ".join(q["question"].split()) in flat
        for text in [*(a["answer"] for a in q.get("answers", [])), *q.get("items", []),
                     *(p["right"] for p in q.get("pairs", []))]:
            assert f"- {' '.join(text.split())}" in flat, text
        assert q["explanation"] not in flat
        for hint in [a.get("feedback") for a in q.get("answers", [])] + [m["feedback"] for m in q.get("mistakes", [])]:
            assert not hint or hint not in flat
    assert Quiz(bank)._repr_mimebundle_()["text/markdown"] == page


def _esc(text: str) -> str:
    import html

    return html.escape(text)  # the same escaping as wanted.checking.escape


def _section(page: str, q: dict) -> str:
    start = page.index(_esc(q["question"]))
    end = page.find("</li><li><p>", start)
    return page[start:end if end > 0 else None]


def test_shuffle_is_deterministic_and_never_the_answer():
    items = ["a", "b", "c"]
    assert shuffled(items, "x/y") == shuffled(items, "x/y")
    for seed in (f"bank/q{i}" for i in range(200)):
        assert shuffled(items, seed) != items
        assert sorted(shuffled(items, seed)) == items


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_quiz_builds_and_shows_stable_text(bank_id):
    shown = quiz(bank_id)
    assert isinstance(shown, Quiz), getattr(shown, "message", shown)
    bundle = shown._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "text/markdown", WIDGET_VIEW}
    assert PLAIN.match(bundle["text/plain"]), bundle["text/plain"]
    assert bundle[WIDGET_VIEW]["model_id"] == shown.widget.model_id
    assert bundle["text/html"] == static_html(load_bank(bank_id))
    assert repr(shown) == bundle["text/plain"]


def _inputs(widget) -> list:
    found = []
    if isinstance(widget, (widgets.RadioButtons, widgets.Checkbox, widgets.Text, widgets.Dropdown,
                           widgets.Button, widgets.Textarea, widgets.ToggleButtons, widgets.SelectMultiple)):
        found.append(widget)
    for child in getattr(widget, "children", ()):
        found.extend(_inputs(child))
    return found


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_every_input_has_a_label(bank_id):
    shown = quiz(bank_id)
    inputs = _inputs(shown.widget)
    assert len(inputs) >= 2 * len(shown.questions)
    for w in inputs:
        assert w.description.strip(), f"unlabelled {type(w).__name__} in {bank_id}"
        if not isinstance(w, widgets.Button):
            assert w.style.description_width == "initial", f"label may be truncated: {w.description!r}"
    for w in inputs:
        if isinstance(w, widgets.Text):
            assert w.placeholder.strip()


def test_bad_bank_id_lists_available_banks():
    with pytest.raises(QuizBankError) as info:
        load_bank("99_no_such_bank")
    assert "Available banks:" in str(info.value) and "00_start_here" in str(info.value)
    shown = quiz("99_no_such_bank")
    assert isinstance(shown, QuizMessage)
    bundle = shown._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Quiz not available: There is no quiz bank '99_no_such_bank'")
    assert "Traceback" not in bundle["text/plain"] and "00_start_here" in bundle["text/plain"]
    assert WIDGET_VIEW not in bundle
    for bad in (None, 2, ["00_start_here"], "../../etc/passwd", "", "x" * 10_000):
        assert isinstance(quiz(bad), QuizMessage)
        with pytest.raises(QuizBankError):
            load_bank(bad)
    assert isinstance(quiz("00_start_here.json"), Quiz)


def test_broken_banks_give_clear_messages(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "QUIZZES", tmp_path)
    (tmp_path / "01_bad_json.json").write_text('{"id": "01_bad_json",\n "title": }')
    with pytest.raises(QuizBankError, match=r"not valid JSON: .* line 2"):
        load_bank("01_bad_json")
    bank = read(EXAMPLE_FILE)
    bank["id"] = "02_bad_schema"
    bank["questions"][2]["answer"] = {"value": 2023}  # tolerance missing
    (tmp_path / "02_bad_schema.json").write_text(json.dumps(bank))
    with pytest.raises(QuizBankError, match=r"questions\[2\].*'warrant_year'"):
        load_bank("02_bad_schema")
    bank = read(EXAMPLE_FILE)
    bank["id"] = "03_two_right"
    bank["questions"][0]["answers"][0]["correct"] = True
    bank["questions"].append(dict(bank["questions"][1]))
    (tmp_path / "03_two_right.json").write_text(json.dumps(bank))
    message = str(quiz("03_two_right").message)
    assert "exactly one correct answer, it has 2" in message and "used twice" in message
    bank["id"] = "04_other"
    (tmp_path / "04_wrong_id.json").write_text(json.dumps(read(EXAMPLE_FILE)))
    with pytest.raises(QuizBankError, match="named 04_wrong_id.json"):
        load_bank("04_wrong_id")


def test_import_is_lazy():
    """A lesson's ``from wanted.quiz import quiz`` does not pay for pandas or jsonschema (``make bench`` times it)."""
    code = "import wanted.quiz, sys; print('pandas' in sys.modules, 'jsonschema' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert run.stdout.split() == ["False", "False"]  # imported only when a bank is validated or data is checked


# --------------------------------------------------------------------------- data_check semantics


TABLE = pd.DataFrame({
    "event_id": ["warrant", "brics", "visit", "finding", "same-day"],
    "date": pd.to_datetime(["2023-03-17", "2023-08-22", "2024-09-02", "2024-10-24", "2024-10-24"]),
    "state": ["-", "South Africa", "Mongolia", "Mongolia", "Mongolia; Russia"],
    "share": [0.1, 0.2, 0.236, 0.3, None],
    "count": [1, 2, 3, 4, 5],
})


def dc(question: dict) -> list[str]:
    return data_check_problems(question, load=lambda name: TABLE)


def q(kind: str, check: dict, **fields) -> dict:
    return {"id": "t", "type": kind, "question": "?", "explanation": "e", "source": "s",
            "data_check": {"table": "timeline", **check}, **fields}


def mc(*answers, right=0):
    return [{"answer": a, "correct": i == right} for i, a in enumerate(answers)]


def test_data_check_date_in_correct_option():
    check = {"key": {"event_id": "visit"}, "column": "date"}
    assert dc(q("multiple_choice", check, answers=mc("2 September 2024", "17 March 2023"))) == []
    assert dc(q("multiple_choice", check, answers=mc("3 September 2024", "17 March 2023")))
    # The value must not also appear in a wrong option.
    assert dc(q("multiple_choice", check, answers=mc("2 September 2024", "On 2 September 2024, at night")))


def test_data_check_expect_phrase():
    check = {"key": {"event_id": "visit"}, "column": "date", "expect": "September 2024"}
    assert dc(q("multiple_choice", check, answers=mc("2-3 September 2024", "August 2023"))) == []
    assert dc(q("multiple_choice", check, answers=mc("2-3 October 2024", "August 2023")))


def test_data_check_numeric_year_scale_and_agg():
    year = {"key": {"event_id": "warrant"}, "column": "date", "as": "year"}
    assert dc(q("numeric", year, unit="year", answer={"value": 2023, "tolerance": 0})) == []
    assert dc(q("numeric", year, unit="year", answer={"value": 2024, "tolerance": 0}))
    share = {"key": {"event_id": "visit"}, "column": "share", "scale": 100}
    assert dc(q("numeric", share, unit="%", answer={"range": [23, 24]})) == []
    assert dc(q("numeric", share, unit="%", answer={"value": 0.236, "tolerance": 0.01}))
    count = {"where": {"state": "Mongolia"}, "agg": "count"}  # multi-valued "Mongolia; Russia" counts too
    assert dc(q("numeric", count, unit="events", answer={"value": 3, "tolerance": 0})) == []
    total = {"where": {"date": ["2023-03-17", "2023-08-22"]}, "column": "count", "agg": "sum"}
    assert dc(q("numeric", total, unit="", answer={"value": 3, "tolerance": 0})) == []
    assert dc(q("numeric", {"column": "count", "agg": "max"}, unit="", answer={"value": 5, "tolerance": 0})) == []
    assert dc(q("numeric", {"column": "share", "agg": "mean"}, unit="", answer={"range": [0.2, 0.22]})) == []


def test_data_check_days_between():
    check = {"column": "date", "days_between": [{"event_id": "visit"}, {"event_id": "finding"}]}
    assert dc(q("numeric", check, unit="days", answer={"value": 52, "tolerance": 0})) == []
    assert dc(q("numeric", check, unit="days", answer={"value": 3, "tolerance": 0}))
    assert "matches 0 rows" in dc(q("numeric", {**check, "days_between": [{"event_id": "x"}, {"event_id": "visit"}]},
                                    unit="days", answer={"value": 3, "tolerance": 0}))[0]
    assert "needs a date column" in dc(q("numeric", {**check, "column": "share"}, unit="days",
                                         answer={"value": 3, "tolerance": 0}))[0]


def test_data_check_many_choice_set():
    check = {"where": {"date": "2024-10-24"}, "column": "event_id", "agg": "set"}
    answers = [{"answer": "finding", "correct": True}, {"answer": "same-day", "correct": True},
               {"answer": "visit", "correct": False}]
    assert dc(q("many_choice", check, answers=answers)) == []
    answers[2]["correct"] = True
    assert dc(q("many_choice", check, answers=answers))


def test_data_check_ordering():
    check = {"order_by": "date", "item_keys": [{"event_id": e} for e in ("warrant", "brics", "visit")]}
    assert dc(q("ordering", check, items=["w", "b", "v"])) == []
    wrong = {"order_by": "date", "item_keys": [{"event_id": e} for e in ("brics", "warrant", "visit")]}
    assert "does not come strictly before" in dc(q("ordering", wrong, items=["b", "w", "v"]))[0]
    tie = {"order_by": "date", "item_keys": [{"event_id": e} for e in ("warrant", "finding", "same-day")]}
    assert dc(q("ordering", tie, items=["w", "f", "s"]))  # a tie has no order
    short = {"order_by": "date", "item_keys": [{"event_id": "warrant"}]}
    assert dc(q("ordering", short, items=["w", "f", "s"]))


def test_data_check_matching():
    check = {"column": "state", "item_keys": [{"event_id": "brics"}, {"event_id": "visit"}, {"event_id": "finding"}]}
    pairs = [{"left": "BRICS", "right": "in South Africa"}, {"left": "visit", "right": "to Mongolia"},
             {"left": "finding", "right": "against Mongolia"}]
    assert dc(q("matching", check, pairs=pairs)) == []
    pairs[0]["right"] = "in Brazil"
    assert "South Africa" in dc(q("matching", check, pairs=pairs))[0]


def test_data_check_reports_bad_keys_and_tables():
    assert "matches 0 rows" in dc(q("numeric", {"key": {"event_id": "nope"}, "column": "count"},
                                    unit="", answer={"value": 1, "tolerance": 0}))[0]
    assert "matches 3 rows" in dc(q("numeric", {"key": {"state": "Mongolia"}, "column": "count"},
                                    unit="", answer={"value": 1, "tolerance": 0}))[0]
    assert "no column 'nope'" in dc(q("numeric", {"key": {"event_id": "visit"}, "column": "nope"},
                                      unit="", answer={"value": 1, "tolerance": 0}))[0]

    def missing(name):
        raise FileNotFoundError(f"data/{name}.csv")

    problems = data_check_problems(q("numeric", {"key": {"event_id": "x"}, "column": "c"}, unit="",
                                     answer={"value": 1, "tolerance": 0}), load=missing)
    assert "cannot load the table" in problems[0] and "timeline.csv" in problems[0]
