"""Answer checking for the quizzes: plain functions, no widgets, no pandas.

``check(question, response)`` grades one response to one question of a bank
(see ``schemas/quiz.schema.json``) and returns a :class:`Result`:

* ``correct`` — ``True`` / ``False``, or ``None`` when the input cannot be graded
  (nothing selected, not a number, an item used twice, a wrong Python type…);
* ``message`` — one or two short sentences for the student, never empty;
* ``understood`` — how the response was read, as text (``"95 %"``,
  ``"B → A → C"``), or ``None`` when it could not be read. The widget shows it
  and the progress file stores it.

What each question type expects as ``response``:

=================  =========================================================
multiple_choice    the option's index (``int``) or its text (``str``)
many_choice        a list/tuple/set of indices or texts (the ticked options)
numeric            text as typed (see :func:`parse_number`), or an int/float
ordering           a list of the items, first position first (``None`` for an
                   empty position)
matching           a list of right texts in the order of the pairs'
                   left texts, or a dict ``{left: right}``
=================  =========================================================

Bad input never raises: anything else gets ``correct=None`` and a message that
says what was wrong. Every call is pure Python and takes microseconds
(``make bench`` times the slowest question and response of every type).

Numbers (:func:`parse_number`)
------------------------------
Accepted: ``95``, ``-3``, ``+3``, ``95.0``, ``.5``, ``95%``, ``95 %`` (a ``%``
sign, or the question's unit written after the number, is ignored), ``95,0`` (a
comma is a decimal separator only when it is the only separator and 1–2 digits
follow it), ``1e2`` (read as 100, and the message says so), and thousands
separated by spaces in groups of three (``1 000`` or ``12 345 678``, also with a
no-break or thin space: the usual style in French, Russian and Mongolian text).
Rejected with a message: blank text, ``1,000`` / ``1,000,000`` / ``1.000,5``
(ambiguous: is the comma a decimal point or a thousands separator? — write
``1000``), ``NaN``, ``inf``, numbers too large to hold, and anything longer than
:data:`MAX_LENGTH` characters.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

#: Longest typed answer we try to read; longer text gets a message, not a parse.
MAX_LENGTH = 100

#: How much of a student's text we echo back in a message.
_ECHO = 30

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?: \d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d{1,2}")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\t": " "})
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_NOT_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "-∞", "+∞"}


class Parsed(NamedTuple):
    """A typed number as read by :func:`parse_number`: ``value`` is ``None`` when unreadable."""

    value: float | None
    message: str


class Result(NamedTuple):
    """The verdict on one response. ``correct=None`` means "could not be graded"."""

    correct: bool | None
    message: str
    understood: str | None = None


# --------------------------------------------------------------------------- text helpers


def echo(text: str, limit: int = _ECHO) -> str:
    """The student's text, shortened to ``limit`` characters, for quoting in a message."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: object) -> str:
    """HTML-escape text, like ``html.escape`` (which would cost an import of ``html.entities``)."""
    return str(text).translate(_HTML)


def format_number(value: float) -> str:
    """A number as a student would write it: ``2023`` not ``2023.0``, ``23.6`` not ``23.600000000000001``.

    Up to 12 significant digits (the shortest form that reads back exactly when it has that few).
    """
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = repr(float(value))
    if len(text.split("e")[0].replace("-", "").replace(".", "").lstrip("0")) > 12:
        text = format(value, ".12g")
    return text


def with_unit(value: float, unit: str = "") -> str:
    """``95 %``, ``0.49 TWh``, ``the year 2023``, ``12`` (no unit)."""
    number = format_number(value)
    unit = (unit or "").strip()
    if not unit:
        return number
    if unit.lower() == "year":
        return f"the year {number}"
    return f"{number} {unit}"


def _type_name(obj: object) -> str:
    names = {list: "a list", tuple: "a tuple", dict: "a dictionary", set: "a set",
             bool: "True/False", type(None): "nothing", bytes: "bytes", str: "text",
             int: "a whole number", float: "a number"}
    return names.get(type(obj), f"an object of type {type(obj).__name__}")


# --------------------------------------------------------------------------- numbers


def parse_number(text: object, unit: str = "") -> Parsed:
    """Read a typed number. Never raises; the message always says what was understood.

    ``unit`` (e.g. ``"%"``) is stripped when written after the number and used
    in the message: ``parse_number("95 %", "%")`` →
    ``Parsed(95.0, "Read your answer as 95 %.")``. The accepted forms are listed
    in the module docstring.
    """
    if isinstance(text, bool) or text is None or not isinstance(text, (str, int, float)):
        if text is None:
            return Parsed(None, "No answer yet: type a number in the box.")
        return Parsed(None, f"Expected a number typed as text, but got {_type_name(text)}.")
    if isinstance(text, (int, float)):
        if isinstance(text, int) and abs(text) >= 10**300:
            return Parsed(None, "That number is too large to be a sensible answer: type a smaller number.")
        value = float(text)
        if not math.isfinite(value):
            return Parsed(None, "That is not a finite number: type a number such as 95.")
        return Parsed(value, f"Read your answer as {with_unit(value, unit)}.")

    raw = text
    if len(raw) > MAX_LENGTH:
        return Parsed(None, f"That answer is too long ({len(raw)} characters): type just the number, e.g. 95.")
    s = raw.translate(_SPACES).translate(_MINUS).strip()
    if not s:
        return Parsed(None, "The box is empty: type a number, e.g. 95.")
    # Strip a trailing unit: "%" always, and the question's own unit word ("TWh", "years").
    s = _strip_unit(s, unit)
    if not s:
        return Parsed(None, f"“{echo(raw)}” has a unit but no number: type a number, e.g. 95.")
    if s.lower() in _NOT_FINITE:
        return Parsed(None, f"“{echo(raw)}” cannot be graded: it is not a finite number. Type a number, e.g. 95.")

    note = ""
    if _NUMBER.fullmatch(s):
        number = s
        if "e" in s.lower():
            note = f" (from {echo(s)})"
    elif _GROUPED.fullmatch(s):
        number = s.replace(" ", "")
        note = " (the spaces read as thousands separators)"
    elif _DECIMAL_COMMA.fullmatch(s):
        number = s.replace(",", ".")
        note = " (the comma read as a decimal point)"
    elif "," in s and re.fullmatch(r"[+-]?[\d.,]+", s):
        return Parsed(None, f"“{echo(raw)}” is ambiguous: is the comma a decimal point or a thousands "
                            "separator? Write the number without commas, e.g. 1000 or 1.5.")
    elif re.fullmatch(r"[+-]?[\d ]+(?:\.\d+)?", s):
        return Parsed(None, f"Could not read “{echo(raw)}”: spaces may only separate groups of three "
                            "digits (1 000). Type the number without spaces, e.g. 1000.")
    else:
        return Parsed(None, f"Could not read “{echo(raw)}” as a number: type digits only, e.g. 95 or 23.6.")

    try:
        value = float(number)
    except ValueError:  # unusual Unicode digits that the pattern accepted but float() does not
        return Parsed(None, f"Could not read “{echo(raw)}” as a number: type digits only, e.g. 95 or 23.6.")
    if not math.isfinite(value):
        return Parsed(None, f"“{echo(raw)}” is too large to be a sensible answer: type a smaller number.")
    return Parsed(value, f"Read your answer as {with_unit(value, unit)}{note}.")


def _strip_unit(s: str, unit: str) -> str:
    """Drop a trailing "%" or the question's unit word (also its plural, or singular: "1 day") from typed text."""
    lowered = s.lower()
    unit = (unit or "").strip().lower()
    words = (unit + "s", unit, unit[:-1] if len(unit) > 2 and unit.endswith("s") else unit)
    for suffix in ("%", *words) if unit and unit != "%" else ("%",):
        if lowered.endswith(suffix):
            return s[: len(s) - len(suffix)].rstrip()
    return s


# --------------------------------------------------------------------------- dispatch


def check(question: dict, response: object) -> Result:
    """Grade ``response`` to one ``question`` of a bank. Never raises for any response.

    ``question`` is assumed valid against the schema (``wanted.quiz.load_bank``
    checks banks); an unknown ``type`` still gives a ``Result``, not an exception.
    """
    kind = question.get("type") if isinstance(question, dict) else None
    checker = _CHECKERS.get(kind)
    if checker is None:
        return Result(None, f"This question has an unknown type ({echo(repr(kind))}): tell your instructor.")
    return checker(question, response)


def _option_texts(question: dict) -> list[str]:
    return [a["answer"] for a in question["answers"]]


def _resolve_option(question: dict, item: object) -> tuple[int | None, str | None]:
    """(index, None) for a valid option given by index or text, else (None, why)."""
    texts = _option_texts(question)
    if isinstance(item, bool) or item is None:
        return None, f"Expected an option, but got {_type_name(item)}."
    if isinstance(item, int):
        if 0 <= item < len(texts):
            return item, None
        return None, f"There is no option number {item}: choose one of the {len(texts)} options."
    if isinstance(item, str):
        if len(item) > 10 * MAX_LENGTH:
            return None, f"That is not one of the options (a text of {len(item)} characters)."
        try:
            return texts.index(item), None
        except ValueError:
            stripped = item.strip()
            for i, t in enumerate(texts):
                if t.strip() == stripped:
                    return i, None
            return None, f"“{echo(item)}” is not one of the options."
    return None, f"Expected an option (its text or number), but got {_type_name(item)}."


def _check_multiple_choice(question: dict, response: object) -> Result:
    if response is None or (isinstance(response, str) and not response.strip()):
        return Result(None, "No option selected: choose one of the options, then press Check.")
    if isinstance(response, (list, tuple, set, dict)):
        return Result(None, f"Choose exactly one option (got {_type_name(response)}).")
    index, why = _resolve_option(question, response)
    if index is None:
        return Result(None, why)
    answer = question["answers"][index]
    understood = answer["answer"]
    extra = (" " + answer["feedback"]) if answer.get("feedback") else ""
    if answer.get("correct"):
        return Result(True, "Correct." + extra, understood)
    return Result(False, "Not quite." + extra, understood)


def _check_many_choice(question: dict, response: object) -> Result:
    if response is None:
        return Result(None, "Nothing selected: tick every option that applies, then press Check.")
    if isinstance(response, (str, bytes, dict)) or not isinstance(response, (list, tuple, set, frozenset)):
        return Result(None, f"Expected the ticked options as a list, but got {_type_name(response)}.")
    if len(response) > 10 * len(question["answers"]) + 10:
        return Result(None, f"Too many selections ({len(response)}): tick the options that apply.")
    chosen: set[int] = set()
    for item in response:
        index, why = _resolve_option(question, item)
        if index is None:
            return Result(None, why)
        chosen.add(index)
    if not chosen:
        return Result(None, "Nothing selected: tick every option that applies, then press Check.")
    answers = question["answers"]
    right = {i for i, a in enumerate(answers) if a.get("correct")}
    understood = "; ".join(answers[i]["answer"] for i in sorted(chosen))
    feedback = " ".join(answers[i]["feedback"] for i in sorted(chosen) if answers[i].get("feedback"))
    extra = (" " + feedback) if feedback else ""
    if chosen == right:
        return Result(True, "Correct." + extra, understood)
    hits, wrong = len(chosen & right), len(chosen - right)
    parts = [f"you ticked {hits} of the {len(right)} options that apply"]
    if wrong:
        parts.append(f"and {wrong} that {'does' if wrong == 1 else 'do'} not")
    return Result(False, "Not quite: " + " ".join(parts) + "." + extra, understood)


def _in_spec(value: float, spec: dict) -> bool:
    if "range" in spec:
        low, high = spec["range"]
        return low <= value <= high
    # A tiny relative slack so that 0.1 + 0.2 style float noise never fails an exact answer.
    return abs(value - spec["value"]) <= spec["tolerance"] + 1e-9 * max(1.0, abs(spec["value"]))


def _check_numeric(question: dict, response: object) -> Result:
    unit = question.get("unit", "")
    parsed = parse_number(response, unit)
    if parsed.value is None:
        return Result(None, parsed.message)
    understood = with_unit(parsed.value, unit)
    if _in_spec(parsed.value, question["answer"]):
        return Result(True, f"Correct. {parsed.message}", understood)
    hint = next((m["feedback"] for m in question.get("mistakes", ()) if _in_spec(parsed.value, m)), "")
    return Result(False, f"Not quite. {parsed.message}" + (f" {hint}" if hint else ""), understood)


def _as_sequence(response: object, what: str) -> tuple[list | None, str | None]:
    if response is None:
        return None, f"No answer yet: {what}, then press Check."
    if isinstance(response, (str, bytes, dict, set, frozenset)) or not isinstance(response, (list, tuple)):
        return None, f"Expected a list, but got {_type_name(response)}."
    return list(response), None


def _duplicates(values: list[str]) -> str | None:
    seen: dict[str, int] = {}
    for position, value in enumerate(values, 1):
        if value in seen:
            return f"“{echo(value)}” is used twice (positions {seen[value]} and {position})"
        seen[value] = position
    return None


def _check_ordering(question: dict, response: object) -> Result:
    items = question["items"]
    order, why = _as_sequence(response, "choose an item for every position")
    if order is None:
        return Result(None, why)
    if len(order) > len(items):
        return Result(None, f"There are only {len(items)} positions, but {len(order)} items were given.")
    for position, item in enumerate(order, 1):
        if item is None or (isinstance(item, str) and not item.strip()):
            return Result(None, f"Position {position} is empty: choose an item for every position.")
        if not isinstance(item, str):
            return Result(None, f"Position {position} holds {_type_name(item)}, not one of the items.")
        if item not in items:
            return Result(None, f"Position {position}: “{echo(item)}” is not one of the items.")
    if len(order) < len(items):
        missing = next(i for i in items if i not in order)
        return Result(None, f"“{echo(missing)}” is missing: put every item in one position.")
    twice = _duplicates(order)
    if twice:
        missing = next(i for i in items if i not in order)
        return Result(None, f"{twice}, and “{echo(missing)}” is missing: each item goes in exactly one position.")
    understood = " → ".join(order)
    if order == items:
        return Result(True, "Correct: that is the right order.", understood)
    in_place = sum(a == b for a, b in zip(order, items))
    return Result(False, f"Not quite: {in_place} of {len(items)} items are in the right position.", understood)


def _check_matching(question: dict, response: object) -> Result:
    pairs = question["pairs"]
    lefts = [p["left"] for p in pairs]
    rights = [p["right"] for p in pairs]
    if isinstance(response, dict):
        unknown = next((k for k in response if k not in lefts), None)
        if unknown is not None:
            if not isinstance(unknown, str):
                return Result(None, f"A key of the dictionary is {_type_name(unknown)}, not one of the texts on "
                                    "the left.")
            return Result(None, f"“{echo(unknown)}” is not one of the texts on the left.")
        chosen = [response.get(left) for left in lefts]
    else:
        chosen, why = _as_sequence(response, "choose a match for every line")
        if chosen is None:
            return Result(None, why)
        if len(chosen) > len(lefts):
            return Result(None, f"There are only {len(lefts)} lines to match, but {len(chosen)} matches were given.")
        chosen = chosen + [None] * (len(lefts) - len(chosen))
    for left, right in zip(lefts, chosen):
        if right is None or (isinstance(right, str) and not right.strip()):
            return Result(None, f"“{echo(left)}” has no match yet: choose one for every line.")
        if not isinstance(right, str):
            return Result(None, f"The match for “{echo(left)}” is {_type_name(right)}, not one of the options.")
        if right not in rights:
            return Result(None, f"“{echo(right)}” is not one of the options.")
    twice = _duplicates(chosen)
    if twice:
        return Result(None, twice.replace("positions", "lines") + ": each option goes with exactly one line.")
    understood = "; ".join(f"{left} → {right}" for left, right in zip(lefts, chosen))
    right_count = sum(a == b for a, b in zip(chosen, rights))
    if right_count == len(pairs):
        return Result(True, "Correct: every match is right.", understood)
    return Result(False, f"Not quite: {right_count} of {len(pairs)} matches are right.", understood)


_CHECKERS = {
    "multiple_choice": _check_multiple_choice,
    "many_choice": _check_many_choice,
    "numeric": _check_numeric,
    "ordering": _check_ordering,
    "matching": _check_matching,
}

#: The question types :func:`check` knows.
TYPES = tuple(_CHECKERS)
