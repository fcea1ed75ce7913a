"""Fuzz wanted.checking with hypothesis: whatever a student (or a buggy widget) sends, never a traceback.

Normal runs: 2,000 generated inputs per question type (derandomized, so the
same inputs every run); ``make fuzz`` sets ``WANTED_FUZZ_EXAMPLES=100000``.

Properties, for every type:

* ``check`` never raises and returns a Result with a non-empty, short message;
* ``correct`` is True / False / None, and a graded answer says how it was read;
* the correct answer is graded correct; a complete but different answer is graded wrong;
* an incomplete answer (missing, repeated, foreign item, wrong type) is "not gradable" (None).

The strategies are cheap on purpose: questions come from a fixed pool (with
awkward texts: Unicode, spaces, look-alike options) and structured answers are
drawn as small integers (option indices, positions) mapped onto the question
in the test, so hypothesis spends its time on inputs, not on building questions.

Batches: hypothesis's own cost per example (~0.3 ms on a laptop, several ms on a
loaded CI runner) dwarfs a check (~5 µs), so each example is a batch of
:data:`BATCH` inputs and ``max_examples`` is ``WANTED_FUZZ_EXAMPLES / BATCH``.
Each test asserts that it really checked at least ``WANTED_FUZZ_EXAMPLES``
generated inputs. A failure names the offending input of the batch.
"""

import functools
import math
import os
import types

import pytest

from wanted.checking import Result, check, format_number, parse_number

#: Generated inputs per question type (``make fuzz``: 100000).
INPUTS = int(os.environ.get("WANTED_FUZZ_EXAMPLES", 2000))
#: Inputs per hypothesis example.
BATCH = 50
@functools.cache
def strategies() -> types.SimpleNamespace:
    """hypothesis and the strategies, on first use: importing hypothesis costs seconds in every pytest worker,
    and only the worker that runs these tests needs it (its pytest plugin is off: pyproject.toml)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    SETTINGS = settings(
        max_examples=max(1, -(-INPUTS // BATCH)),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

    HUGE = st.sampled_from(["x" * 10_000, "9" * 10_000, "1" * 101, "%" * 5000, " " * 10_000, "1e" + "9" * 400])
    JUNK = st.one_of(
        st.none(), st.booleans(), st.integers(min_value=-10**400, max_value=10**400),
        st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), HUGE, st.binary(max_size=4),
        st.lists(st.one_of(st.none(), st.integers(-2, 9), st.text(max_size=5)), max_size=6),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
        st.sets(st.integers(-2, 9), max_size=4), st.builds(object), st.complex_numbers(max_magnitude=10),
    ).map(lambda x: ("junk", x))
    #: Positions drawn as integers: -1 = an empty slot (None), n..9 = a text that is not an option.
    INDICES = st.lists(st.integers(-1, 9), max_size=9).map(lambda x: ("indices", x))
    #: A permutation of 0..9, cut down to the question's size in the test: complete answers, often wrong.
    PERMUTATION = st.permutations(range(10)).map(lambda x: ("permutation", x))

    NUMBERISH = st.one_of(
        st.text(alphabet="0123456789.,eE+-% \u00a0−", max_size=16),
        st.tuples(st.integers(-10**7, 10**7), st.sampled_from(["", ".", ",", ",", "e", "E-"]), st.integers(0, 99999),
                  st.sampled_from(["", "%", " %", " TWh", " year", "  "])).map(
            lambda t: f"{t[0]}{t[1]}{t[2] if t[1] else ''}{t[3]}"),
        st.integers(0, 10**12).map(lambda n: f"{n:,}".replace(",", st_sep(n))),  # thousands groups
        st.sampled_from(["NaN", "nan", "inf", "-inf", "Infinity", "∞", "1,000", "95 %", "95,0", "1e2", "", " ",
                         "2023 years", "0.5 TWh", "1 000", "95,00", "95,000", "1e999", "-0", ".5", "5.", "1 00"]),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
    ).map(lambda x: ("text", x))

    return types.SimpleNamespace(st=st, given=given, SETTINGS=SETTINGS, JUNK=JUNK, INDICES=INDICES,
                                 PERMUTATION=PERMUTATION, NUMBERISH=NUMBERISH)


OPTION_TEXTS = [
    ["Art. 86", "Art. 89", "Art. 27", "Art. 127"],
    ["2-3 September 2024", "2-3 September 2024 ", "17 March 2023"],  # differ only by a trailing space
    ["Да", "Монгол", "中国", "العربية", "e\u0301", "é"],  # Unicode, combining accent vs composed
    ["A", "B", "C", "D", "E", "F", "G", "H"],
    ["x" * 300, "y", "; ", "0", "1"],
]
POOL = range(len(OPTION_TEXTS))


def _base(kind: str, **fields) -> dict:
    return {"id": "q", "type": kind, "question": "?", "explanation": "e", "source": "s", **fields}


def choice_question(kind: str, pool: int) -> tuple[dict, set[int]]:
    texts = OPTION_TEXTS[pool]
    right = {pool % len(texts)} if kind == "multiple_choice" else {i for i in range(len(texts)) if (i + pool) % 2}
    return _base(kind, answers=[{"answer": t, "correct": i in right} for i, t in enumerate(texts)]), right


def assert_well_formed(result):
    assert isinstance(result, Result)
    assert result.correct in (True, False, None)
    assert isinstance(result.message, str) and result.message.strip()
    assert len(result.message) < 1000
    if result.correct is not None:
        assert isinstance(result.understood, str)


def build(drawn, texts: list[str]) -> object:
    """Turn a drawn ("indices"/"permutation"/"junk", value) into a response over ``texts``."""
    tag, value = drawn
    if tag == "junk":
        return value
    if tag == "permutation":
        return [texts[i] for i in value if i < len(texts)]
    return [None if i < 0 else texts[i] if i < len(texts) else f"not an option {i}" for i in value]


def run_batches(case, check_one) -> None:
    """Check BATCH cases per hypothesis example; assert that at least INPUTS were checked."""
    checked = 0
    h = strategies()

    @h.SETTINGS
    @h.given(h.st.lists(case, min_size=BATCH, max_size=BATCH))
    def run(batch):
        nonlocal checked
        for args in batch:
            checked += 1
            try:
                check_one(*args)
            except AssertionError as exc:
                raise AssertionError(f"{exc}\nfailing input: {args!r:.500}") from exc

    run()
    assert checked >= INPUTS


def test_fuzz_multiple_choice():
    h = strategies()
    run_batches(h.st.tuples(h.st.sampled_from(POOL),
                            h.st.one_of(h.JUNK, h.st.integers(-2, 9).map(lambda i: ("index", i)), h.INDICES)),
                one_multiple_choice)


def test_fuzz_many_choice():
    h = strategies()
    run_batches(h.st.tuples(h.st.sampled_from(POOL), h.st.one_of(h.JUNK, h.INDICES, h.PERMUTATION)), one_many_choice)


def test_fuzz_numeric():
    h = strategies()
    run_batches(h.st.tuples(h.st.sampled_from(range(len(NUMERIC_POOL))), h.st.one_of(h.JUNK, h.NUMBERISH)), one_numeric)


def test_fuzz_ordering():
    h = strategies()
    run_batches(h.st.tuples(h.st.sampled_from(range(len(ORDER_POOL))), h.st.one_of(h.JUNK, h.INDICES, h.PERMUTATION)),
                one_ordering)


def test_fuzz_matching():
    h = strategies()
    run_batches(h.st.tuples(h.st.sampled_from(range(len(MATCH_POOL))), h.st.one_of(h.JUNK, h.INDICES, h.PERMUTATION),
                            h.st.booleans()), one_matching)


def one_multiple_choice(pool, drawn):
    question, right = choice_question("multiple_choice", pool)
    texts = [a["answer"] for a in question["answers"]]
    tag, value = drawn
    response = (texts[value[0]] if value and 0 <= value[0] < len(texts) else None) if tag == "indices" else value
    result = check(question, response)
    assert_well_formed(result)
    (index,) = right
    assert check(question, index).correct is True
    assert check(question, texts[index]).correct is True
    if tag == "index" and 0 <= value < len(texts):
        assert result.correct is (value == index)
    if response is None or isinstance(response, (list, dict, set, tuple)):
        assert result.correct is None


def one_many_choice(pool, drawn):
    question, right = choice_question("many_choice", pool)
    texts = [a["answer"] for a in question["answers"]]
    response = build(drawn, texts)
    if drawn[0] == "indices":  # also as indices, which the widget sends
        response = [i if 0 <= i < len(texts) else None for i in drawn[1]]
    result = check(question, response)
    assert_well_formed(result)
    assert check(question, sorted(right)).correct is True
    assert check(question, [texts[i] for i in right]).correct is True
    if (isinstance(response, list) and response
            and all(type(i) is int and 0 <= i < len(texts) for i in response)):
        assert result.correct is (set(response) == right)
    if response is None or response == [] or None in (response if isinstance(response, list) else []):
        assert result.correct is None


def st_sep(n: int) -> str:
    """A thousands separator chosen from the number itself (cheaper than drawing one)."""
    return [" ", "\u00a0", ",", "\u202f"][n % 4]


NUMERIC_POOL = [
    _base("numeric", unit="%", answer={"value": 95, "tolerance": 0.5}),
    _base("numeric", unit="year", answer={"value": 2023, "tolerance": 0}),
    _base("numeric", unit="TWh", answer={"range": [0.4, 0.6]}),
    _base("numeric", unit="", answer={"value": -3.25, "tolerance": 0}),
    _base("numeric", unit="states", answer={"range": [1000, 1000000]},
          mistakes=[{"range": [0, 999], "feedback": "Too few."}]),
]
def one_numeric(pool, drawn):
    question = NUMERIC_POOL[pool]
    response = drawn[1]
    result = check(question, response)
    assert_well_formed(result)
    parsed = parse_number(response, question["unit"])
    assert parsed.message.strip()
    assert (result.correct is None) == (parsed.value is None)
    if parsed.value is not None:
        assert math.isfinite(parsed.value)
        assert "Read your answer as" in result.message
        # What we say we understood reads back as the same number (to 12 digits).
        assert parse_number(format_number(parsed.value)).value == pytest.approx(parsed.value, rel=1e-11)
    if isinstance(response, float) and math.isfinite(response):
        assert parse_number(repr(response)).value == response
    spec = question["answer"]
    target = spec["value"] if "value" in spec else (spec["range"][0] + spec["range"][1]) / 2
    assert check(question, format_number(target)).correct is True
    assert check(question, f"{format_number(target)} {question['unit']}").correct is True


ORDER_POOL = [
    ["warrant", "BRICS", "visit", "finding"],
    ["request", "arrest", "surrender", "finding", "referral"],
    ["Да", "Монгол", "中国"],
    ["a", "a ", " a", "b", "c", "d", "e", "f", "g", "h"],  # look-alikes differ by spaces
    ["x" * 300, "y" * 300, "z"],
]


def one_ordering(pool, drawn):
    items = ORDER_POOL[pool]
    question = _base("ordering", items=items)
    response = build(drawn, items)
    result = check(question, response)
    assert_well_formed(result)
    assert check(question, list(items)).correct is True
    assert check(question, tuple(items)).correct is True
    if drawn[0] != "junk":
        complete = len(response) == len(items) and set(response) == set(items)
        if complete:
            assert result.correct is (response == items)
        else:  # missing, repeated, empty or foreign items are never graded
            assert result.correct is None


MATCH_POOL = [
    [("Art. 27", "no immunity"), ("Art. 59", "arrest"), ("Art. 127", "withdrawal")],
    [("Chad", "2011"), ("Malawi", "2011 "), ("Djibouti", "2016"), ("Uganda", "2016 "), ("Jordan", "2017")],
    [("中国", "China"), ("Монгол", "Mongolia"), ("Россия", "Russia"), ("e\u0301", "é")],
    [("L" + str(i), "R" + str(i)) for i in range(10)],
]


def one_matching(pool, drawn, as_dict):
    lefts = [a for a, _ in MATCH_POOL[pool]]
    rights = [b for _, b in MATCH_POOL[pool]]
    question = _base("matching", pairs=[{"left": a, "right": b} for a, b in MATCH_POOL[pool]])
    response = build(drawn, rights)
    if as_dict and drawn[0] != "junk":
        response = dict(zip(lefts, response))
    result = check(question, response)
    assert_well_formed(result)
    assert check(question, list(rights)).correct is True
    assert check(question, dict(zip(lefts, rights))).correct is True
    if drawn[0] != "junk":
        chosen = list(response.values()) if isinstance(response, dict) else response
        complete = len(chosen) == len(rights) and set(chosen) == set(rights)
        if complete:
            assert result.correct is (chosen == rights)
        else:
            assert result.correct is None
