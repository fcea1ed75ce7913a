"""The quiz of a lesson: ``quiz("02_warrant_and_law")`` as the last line of a cell.

A bank is ``data/quizzes/<bank_id>.json`` (format: ``schemas/quiz.schema.json``,
example: ``schemas/quiz.example.json``). ``quiz(bank_id)`` returns a :class:`Quiz`
that shows

* in JupyterLab / Notebook: one widget per question (prompt, labelled inputs, a
  Check button, feedback in words with an icon, the explanation and the source),
  and a score line "3 of 5 answered, 2 correct";
* as ``text/plain``: a short stable line, ``Quiz "Title": 6 questions. Run this
  cell in Jupyter to answer.`` (not ipywidgets' repr, which changes between versions);
* as ``text/html`` and ``text/markdown`` for static viewers (GitHub, nbviewer, a
  built website): the questions and options without the answers (choices, ordering items and
  matching options in a deterministic shuffle seeded from the question id).

Feedback: a wrong answer says "Not quite" and what was wrong, keeps the inputs
as they are ("Try again"), and gives the explanation and the source. A bank may
set ``"reveal_after": N`` to hold the explanation back until the answer is right
or N wrong attempts were made (default :data:`REVEAL_AFTER` = 1: after every
answer), for instructors who want a second try to still mean something. Every graded answer is saved with
:func:`wanted.progress.record`; if saving fails, the feedback says so.

``load_bank(bank_id)`` raises :class:`~wanted.errors.QuizBankError`;
``quiz(bank_id)`` instead returns a short message display (no traceback in a
lesson). ``data_check_problems(question, load)`` proves a question against the
data tables (used by ``tests/test_quiz_banks.py``).
"""

from __future__ import annotations

import json
import re

import ipywidgets as widgets

from wanted import checking, paths
from wanted import progress as _progress
from wanted.errors import CourseError, QuizBankError

#: Wrong attempts after which the explanation is shown (a bank's "reveal_after" overrides it).
REVEAL_AFTER = 1
#: Okabe–Ito colours for the ✔/✘ icons: blue for right, vermillion for wrong. The words stay in the theme's
#: text colour: vermillion text on white is 3.9:1, under WCAG's 4.5:1 for text (icons need 3:1).
COLOUR_CORRECT = "#0072B2"
COLOUR_WRONG = "#D55E00"

_BANK_ID = re.compile(r"^[0-9]{2}_[a-z0-9_]+$")
_LABEL_STYLE = {"description_width": "initial"}
_VERDICT = {True: ("✔", COLOUR_CORRECT), False: ("✘", COLOUR_WRONG), None: ("⚠", "inherit")}
_schema_validator = None
#: ipywidgets gives radio and checkbox labels one fixed-height line, so long options overlap or
#: are cut off; inside a quiz they wrap instead. Scoped to the quiz's own class.
_CSS = """<style>
.wanted-quiz .widget-radio-box label { display: flex !important; align-items: flex-start; gap: 0.3em;
  height: auto !important; min-height: 1.5em; line-height: 1.35 !important; margin: 2px 0;
  white-space: normal !important; overflow: visible !important; }
.wanted-quiz .widget-radio-box label input { flex: none; order: -1; margin-top: 0.2em; }
.wanted-quiz .widget-checkbox { height: auto !important; }
.wanted-quiz .widget-checkbox label, .wanted-quiz .widget-checkbox .widget-label-basic,
.wanted-quiz .widget-checkbox span { height: auto !important; line-height: 1.35 !important;
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
.wanted-quiz .widget-checkbox label input { flex-shrink: 0; align-self: flex-start; margin-top: 0.2em; }
.wanted-quiz .widget-label { overflow: visible !important; }
</style>"""


# --------------------------------------------------------------------------- banks


def available_banks() -> list[str]:
    """The bank ids in ``data/quizzes/``, sorted."""
    folder = paths.QUIZZES
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def _validator():
    global _schema_validator
    if _schema_validator is None:
        import jsonschema  # lazy: keeps `import wanted.quiz` fast

        schema_file = paths.SCHEMAS / "quiz.schema.json"
        try:
            schema = json.loads(schema_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise QuizBankError(f"Cannot read the quiz schema {schema_file}: {exc}.") from exc
        _schema_validator = jsonschema.Draft202012Validator(schema)
    return _schema_validator


def schema_errors(bank: object) -> list[str]:
    """Schema violations of a bank, one line each (``where: what``); [] if valid."""
    lines = []
    for error in sorted(_validator().iter_errors(bank), key=lambda e: list(map(str, e.absolute_path))):
        where = error.json_path
        if isinstance(bank, dict) and len(error.absolute_path) >= 2 and error.absolute_path[0] == "questions":
            try:
                where += f" (question id {bank['questions'][error.absolute_path[1]].get('id')!r})"
            except (IndexError, KeyError, TypeError, AttributeError):
                pass
        lines.append(f"{where}: {error.message[:300]}")
    return lines


def bank_problems(bank: dict) -> list[str]:
    """What the schema cannot say: unique ids, one correct option, sane ranges, unique items."""
    problems = []
    seen: set[str] = set()
    for n, q in enumerate(bank.get("questions", []), 1):
        qid = q.get("id")
        where = f"question {n} ({qid!r})"
        if qid in seen:
            problems.append(f"{where}: the id is used twice in this bank; ids must be unique.")
        seen.add(qid)
        kind = q.get("type")
        if kind in ("multiple_choice", "many_choice"):
            texts = [a["answer"] for a in q["answers"]]
            right = sum(1 for a in q["answers"] if a["correct"])
            if kind == "multiple_choice" and right != 1:
                problems.append(f"{where}: a multiple_choice needs exactly one correct answer, it has {right}.")
            if kind == "many_choice" and right < 1:
                problems.append(f"{where}: a many_choice needs at least one correct answer.")
            if len(set(texts)) != len(texts):
                problems.append(f"{where}: two options have the same text.")
        elif kind == "numeric":
            spec = q["answer"]
            if "range" in spec and spec["range"][0] > spec["range"][1]:
                problems.append(f"{where}: range low {spec['range'][0]} is above high {spec['range'][1]}.")
        elif kind == "ordering":
            if len(set(q["items"])) != len(q["items"]):
                problems.append(f"{where}: ordering items must be unique.")
        elif kind == "matching":
            for side in ("left", "right"):
                texts = [p[side] for p in q["pairs"]]
                if len(set(texts)) != len(texts):
                    problems.append(f"{where}: the {side} texts of the pairs must be unique.")
    return problems


def load_bank(bank_id: str) -> dict:
    """Read and validate ``data/quizzes/<bank_id>.json``. Raises :class:`QuizBankError`."""
    available = available_banks()
    listing = ", ".join(available) if available else f"none: {paths.QUIZZES} has no .json files"
    if not isinstance(bank_id, str):
        raise QuizBankError(f"A quiz is named by its bank id (text), not {type(bank_id).__name__}. "
                            f"Available banks: {listing}.")
    bank_id = bank_id.strip().removesuffix(".json")
    if not _BANK_ID.match(bank_id):
        raise QuizBankError(f"{checking.echo(bank_id)!r} is not a bank id (like '02_warrant_and_law'). "
                            f"Available banks: {listing}.")
    file = paths.QUIZZES / f"{bank_id}.json"
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuizBankError(f"There is no quiz bank {bank_id!r} ({file} not found). "
                            f"Available banks: {listing}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuizBankError(f"Cannot read the quiz bank {file}: {exc}.") from exc
    try:
        bank = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QuizBankError(f"The quiz bank {file} is not valid JSON: {exc.msg} at line {exc.lineno}, "
                            f"column {exc.colno}. Fix the file (a JSON linter shows the spot).") from exc
    return validate_bank(bank, str(file), expected_id=bank_id)


def validate_bank(bank: object, where: str = "the bank", expected_id: str | None = None) -> dict:
    """Return ``bank`` if it is valid (schema + :func:`bank_problems`), else raise :class:`QuizBankError`."""
    problems = schema_errors(bank)
    if not problems:
        problems = bank_problems(bank)
        if expected_id is not None and bank["id"] != expected_id:
            problems.append(f"$.id: is {bank['id']!r} but the file is named {expected_id}.json; make them equal.")
    if problems:
        shown = "\n  ".join(problems[:10])
        more = f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise QuizBankError(f"The quiz bank {where} does not match schemas/quiz.schema.json:\n  {shown}{more}")
    return bank


# --------------------------------------------------------------------------- static views


def _shuffle_key(seed: str, text: str) -> str:
    import hashlib  # lazy: loading OpenSSL is a measurable part of import time

    return hashlib.sha256(f"{seed}\x00{text}".encode()).hexdigest()


def shuffled(items: list[str], seed: str) -> list[str]:
    """``items`` in a fixed pseudo-random order derived from ``seed`` (never the given order).

    Sorting by a SHA-256 of seed + text gives the same order on every machine and
    Python version, with no random state.
    """
    out = sorted(items, key=lambda t: _shuffle_key(seed, t))
    if len(out) > 1 and out == list(items):
        out = out[1:] + out[:1]  # a shuffle that happens to be the answer would give it away
    return out


def option_order(question: dict, seed: str) -> list[int]:
    """The indices of a choice question's answers in the order they are shown.

    Authors tend to put the right option second or third; shown in bank order,
    "pick a middle one" would be a strategy. The order is a fixed shuffle (as in
    :func:`shuffled`), the same in the widget and the static copy; answers keep
    their bank index, so checking and saved progress do not depend on it.
    """
    answers = question["answers"]
    return sorted(range(len(answers)), key=lambda i: _shuffle_key(seed, answers[i]["answer"]))


def plain_repr(bank: dict) -> str:
    """``Quiz "Title": 6 questions. Run this cell in Jupyter to answer.``"""
    n = len(bank["questions"])
    return f'Quiz "{bank["title"]}": {n} question{"s" if n != 1 else ""}. Run this cell in Jupyter to answer.'


_HOW = {
    "multiple_choice": "Choose one:",
    "many_choice": "Choose all that apply:",
    "ordering": "Put these in order (they are shown shuffled):",
    "matching": "Match each line with one option:",
}


def _static_questions(bank: dict):
    """Per question: its text, how to answer, the lines to match (matching) and the options, in display order."""
    for q in bank["questions"]:
        seed = f"{bank['id']}/{q['id']}"
        kind, lefts, options = q["type"], [], []
        if kind == "numeric":
            unit = q.get("unit", "").strip()
            how = f"Answer with a number{f' (unit: {unit})' if unit else ''}."
        else:
            how = _HOW[kind]
        if kind in ("multiple_choice", "many_choice"):
            options = [q["answers"][i]["answer"] for i in option_order(q, seed)]
        elif kind == "ordering":
            options = shuffled(q["items"], seed)
        elif kind == "matching":
            lefts = [p["left"] for p in q["pairs"]]
            options = shuffled([p["right"] for p in q["pairs"]], seed)
        yield q["question"], how, lefts, options


def _static_intro(bank: dict) -> str:
    n = len(bank["questions"])
    return (f'({n} question{"s" if n != 1 else ""}). This is a static copy: open the notebook in Jupyter and run '
            "the cell to answer and get feedback.")


def static_html(bank: dict) -> str:
    """The questions and options as HTML, without answers, explanations or feedback."""
    esc = checking.escape
    parts = [f'<div class="wanted-quiz-static"><p><strong>Quiz: {esc(bank["title"])}</strong> '
             f"{esc(_static_intro(bank))}</p>"]
    if bank.get("intro"):
        parts.append(f"<p>{esc(bank['intro'])}</p>")
    parts.append("<ol>")
    for question, how, lefts, options in _static_questions(bank):
        parts.append(f"<li><p>{esc(question)}</p><p><em>{esc(how)}</em></p>")
        if lefts:
            parts.append("<ul>" + "".join(f"<li>{esc(left)}</li>" for left in lefts) + "</ul>")
            parts.append("<p><em>Options, in no particular order:</em></p>")
        if options:
            parts.append("<ul>" + "".join(f"<li>{esc(o)}</li>" for o in options) + "</ul>")
        parts.append("</li>")
    parts.append("</ol></div>")
    return "".join(parts)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def static_markdown(bank: dict) -> str:
    """The same static copy as Markdown, for viewers that prefer it to HTML."""
    def md(text: str) -> str:
        return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))

    lines = [f"**Quiz: {md(bank['title'])}** {md(_static_intro(bank))}", ""]
    if bank.get("intro"):
        lines += [md(bank["intro"]), ""]
    for n, (question, how, lefts, options) in enumerate(_static_questions(bank), 1):
        lines += [f"{n}. {md(question)}", "", f"   *{md(how)}*", ""]
        if lefts:
            lines += [f"   - {md(left)}" for left in lefts] + ["", "   *Options, in no particular order:*", ""]
        if options:
            lines += [f"   - {md(o)}" for o in options] + [""]
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- sources


_MD_LINK = re.compile(r"^\s*\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)\s*$")


def source_html(source_id: str) -> str:
    """The source as an HTML link via ``wanted.data.cite`` (markdown), falling back to the id."""
    try:
        from wanted import data  # lazy: imports pandas

        cited = data.cite(source_id)
    except Exception:  # noqa: BLE001 — a missing citation must never break the feedback
        return checking.escape(source_id)
    match = _MD_LINK.match(str(cited))
    if match and match["url"].startswith(("http://", "https://", "../", "./")):
        return (f'<a href="{checking.escape(match["url"])}" target="_blank" rel="noopener" '
                'style="text-decoration:underline">'
                f'{checking.escape(match["text"])}</a>')
    return checking.escape(str(cited))


# --------------------------------------------------------------------------- widgets


def _wide(**kw) -> widgets.Layout:
    return widgets.Layout(width="auto", max_width="100%", **kw)


class QuestionView:
    """The widgets of one question; ``check()`` is what the Check button runs."""

    def __init__(self, bank_id: str, number: int, question: dict, on_result=None, reveal_after: int = REVEAL_AFTER):
        self.bank_id = bank_id
        self.reveal_after = reveal_after
        self.question = question
        self.on_result = on_result
        self.attempts = 0
        self.wrong = 0
        self.last: checking.Result | None = None
        self.graded: bool | None = None  # the latest gradable verdict (an ungradable try does not erase it)
        kind = question["type"]
        seed = f"{bank_id}/{question['id']}"
        self.prompt = widgets.HTML(f"<p><strong>{number}. {checking.escape(question['question'])}</strong></p>")
        if kind == "multiple_choice":
            self.radio = widgets.RadioButtons(
                options=[(question["answers"][i]["answer"], i) for i in option_order(question, seed)], value=None,
                description="Choose one:", style=_LABEL_STYLE, layout=_wide())
            self.inputs = [self.radio]
            body = self.radio
        elif kind == "many_choice":
            self.order = option_order(question, seed)
            self.boxes = [widgets.Checkbox(value=False, description=question["answers"][i]["answer"], indent=False,
                                           style=_LABEL_STYLE, layout=_wide())
                          for i in self.order]
            self.inputs = list(self.boxes)
            body = widgets.VBox([widgets.HTML("<em>Tick all that apply:</em>"), *self.boxes])
        elif kind == "numeric":
            unit = question.get("unit", "").strip()
            self.text = widgets.Text(
                value="", placeholder=f"a number, e.g. 23.6{f' ({unit})' if unit else ''}",
                description=f"Your answer{f' ({unit})' if unit else ''}:", style=_LABEL_STYLE,
                layout=_wide(min_width="22em"), continuous_update=True)
            self.inputs = [self.text]
            body = self.text
        elif kind == "ordering":
            options = shuffled(question["items"], seed)
            n = len(options)
            self.slots = [widgets.Dropdown(options=options, value=None,
                                           description=f"Position {i} of {n}{' (first)' if i == 1 else ''}"
                                                       f"{' (last)' if i == n else ''}:",
                                           style=_LABEL_STYLE, layout=_wide())
                          for i in range(1, n + 1)]
            self.inputs = list(self.slots)
            body = widgets.VBox([widgets.HTML("<em>Choose the item for each position:</em>"), *self.slots])
        elif kind == "matching":
            options = shuffled([p["right"] for p in question["pairs"]], seed)
            self.slots = [widgets.Dropdown(options=options, value=None, description=f"{p['left']}:",
                                           style=_LABEL_STYLE, layout=_wide())
                          for p in question["pairs"]]
            self.inputs = list(self.slots)
            body = widgets.VBox([widgets.HTML("<em>Choose the match for each line:</em>"), *self.slots])
        else:  # validate_bank rules this out; keep the widget alive anyway
            self.inputs = []
            body = widgets.HTML(f"<em>Unknown question type {checking.escape(str(kind))}.</em>")
        self.button = widgets.Button(description="Check", tooltip=f"Check your answer to question {number}",
                                     icon="check", layout=widgets.Layout(width="auto", align_self="flex-start"))
        self.button.on_click(lambda _button: self.check())
        self.feedback = widgets.HTML("", layout=widgets.Layout(min_height="1em"))
        self.box = widgets.VBox([self.prompt, body, self.button, self.feedback],
                                layout=widgets.Layout(margin="0 0 1.2em 0"))

    def response(self) -> object:
        """The current input as :func:`wanted.checking.check` expects it."""
        kind = self.question["type"]
        if kind == "multiple_choice":
            return self.radio.value
        if kind == "many_choice":
            return sorted(i for i, box in zip(self.order, self.boxes) if box.value)
        if kind == "numeric":
            return self.text.value
        if kind in ("ordering", "matching"):
            return [slot.value for slot in self.slots]
        return None

    def check(self, response: object = ..., _record: bool = True) -> checking.Result:
        """Grade the current input (or ``response``), show the feedback, save progress. Never raises."""
        if response is ...:
            response = self.response()
        try:
            result = checking.check(self.question, response)
        except Exception as exc:  # noqa: BLE001 — last safety net: a bug must not become a traceback
            result = checking.Result(None, f"Sorry, this answer could not be checked ({type(exc).__name__}). "
                                           "Please tell your instructor.")
        if result.correct is not None:
            self.attempts += 1
            self.wrong += 0 if result.correct else 1
            self.graded = result.correct
        self.last = result
        # Feedback first, then the save (two fsyncs): the student should not wait for the disk.
        self.feedback.value = self._feedback_html(result, "")
        if self.on_result is not None:
            self.on_result()
        if result.correct is not None and _record:
            try:
                notice = _progress.record(self.bank_id, self.question["id"], result.correct,
                                          result.understood if result.understood is not None else response)
            except CourseError as exc:
                notice = str(exc)
            except Exception as exc:  # noqa: BLE001
                notice = f"Your answer could not be saved ({type(exc).__name__})."
            if notice:
                self.feedback.value = self._feedback_html(result, notice)
        return result

    def _feedback_html(self, result: checking.Result, notice: str) -> str:
        esc = checking.escape
        icon, colour = _VERDICT[result.correct]
        lines = [f'<p><span style="color:{colour};font-weight:bold" aria-hidden="true">{icon}</span> '
                 f'<strong>{esc(result.message)}</strong></p>']
        if result.correct is False:
            lines.append("<p>Try again: your answer is still there; change it and press Check.</p>")
        if result.correct or (result.correct is False and self.wrong >= self.reveal_after):
            lines.append(f"<p><strong>Explanation:</strong> {esc(self.question['explanation'])}</p>")
        if result.correct is not None:
            lines.append(f"<p><strong>Source:</strong> {source_html(self.question['source'])}</p>")
        if notice:
            lines.append(f"<p><em>{esc(notice)}</em></p>")
        # role=alert, not status: ipywidgets replaces the HTML widget's whole content on every update, so the
        # feedback's element is new each time, and screen readers announce only an alert when it appears; a
        # status region is announced only when it changes after it was there (w3c/aria#1216).
        return '<div role="alert">' + "".join(lines) + "</div>"


class Quiz:
    """A displayed bank: the widget in Jupyter, a stable text line and a static HTML copy elsewhere."""

    def __init__(self, bank: dict):
        self.bank = bank
        self.title = widgets.HTML(f"<h3>Quiz: {checking.escape(bank['title'])}</h3>"
                                  + (f"<p>{checking.escape(bank['intro'])}</p>" if bank.get("intro") else ""))
        self.questions = [QuestionView(bank["id"], n, q, on_result=self._update_score,
                                       reveal_after=bank.get("reveal_after", REVEAL_AFTER))
                          for n, q in enumerate(bank["questions"], 1)]
        self.score = widgets.HTML("")
        self._update_score()
        self.widget = widgets.VBox([widgets.HTML(_CSS), self.title, *(q.box for q in self.questions), self.score])
        self.widget.add_class("wanted-quiz")

    def score_text(self) -> str:
        """``"3 of 5 answered, 2 correct"`` (answered = checked with a gradable answer; latest verdict counts)."""
        answered = sum(1 for q in self.questions if q.attempts)
        correct = sum(1 for q in self.questions if q.graded is True)
        return f"{answered} of {len(self.questions)} answered, {correct} correct"

    def _update_score(self) -> None:
        self.score.value = f"<p><strong>Score:</strong> {self.score_text()}</p>"

    def __repr__(self) -> str:
        return plain_repr(self.bank)

    def _repr_html_(self) -> str:
        return static_html(self.bank)

    def _repr_markdown_(self) -> str:
        return static_markdown(self.bank)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = plain_repr(self.bank)
        bundle["text/html"] = static_html(self.bank)
        bundle["text/markdown"] = static_markdown(self.bank)
        return bundle


class QuizMessage:
    """What :func:`quiz` shows instead of a traceback when a bank cannot be loaded."""

    def __init__(self, message: str):
        self.message = message

    def __repr__(self) -> str:
        return f"Quiz not available: {self.message}"

    def _repr_html_(self) -> str:
        text = checking.escape(self.message).replace("\n", "<br>")
        return f'<div class="wanted-quiz-error" role="alert"><p><strong>⚠ Quiz not available:</strong> {text}</p></div>'

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": repr(self), "text/html": self._repr_html_()}


def quiz(bank_id: str) -> Quiz | QuizMessage:
    """The quiz for one lesson, e.g. ``quiz("02_warrant_and_law")`` (last line of a cell).

    A bad bank id or a broken bank gives a short message (listing the available
    banks) instead of a traceback; use :func:`load_bank` to get the exception.
    A bank given as a dict is validated and shown (for instructors' experiments).
    """
    try:
        bank = validate_bank(bank_id) if isinstance(bank_id, dict) else load_bank(bank_id)
        return Quiz(bank)
    except CourseError as exc:
        return QuizMessage(str(exc))


# --------------------------------------------------------------------------- data checks


def _is_missing(value) -> bool:
    try:
        return value is None or bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):
        return False


def _is_date(value) -> bool:
    return hasattr(value, "strftime") and hasattr(value, "year")


def _cell_matches(cell, wanted) -> bool:
    if isinstance(wanted, list):
        return any(_cell_matches(cell, w) for w in wanted)
    if _is_missing(cell):
        return False
    if _is_date(cell):
        return cell.strftime("%Y-%m-%d") == str(wanted)
    if isinstance(wanted, bool) or isinstance(cell, bool) or type(cell).__name__ == "bool_":
        return isinstance(wanted, bool) and bool(cell) == wanted
    if isinstance(wanted, (int, float)):
        try:
            return float(cell) == float(wanted)
        except (TypeError, ValueError):
            return False
    text, wanted = str(cell).strip(), str(wanted).strip()
    return text == wanted or wanted in (part.strip() for part in text.split("; "))


def _rows(frame, key: dict) -> list:
    missing = [c for c in key if c not in frame.columns]
    if missing:
        raise LookupError(f"the table has no column {missing[0]!r}")
    return [i for i, row in frame.iterrows() if all(_cell_matches(row[c], v) for c, v in key.items())]


def value_text(value) -> str:
    """A table value as text for comparison: "2 September 2024", "2023", "23.6", strings as they are."""
    if _is_date(value):
        return f"{value.day} {value.strftime('%B')} {value.year}"
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return str(bool(value))
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value).strip()
    if isinstance(value, str):
        return value.strip()
    return checking.format_number(number)


def _transform(value, spec: dict):
    if spec.get("as") == "year" and _is_date(value):
        value = value.year
    if "scale" in spec and not _is_missing(value):
        value = float(value) * spec["scale"]
    return value


def data_value(spec: dict, frame):
    """The value a ``data_check`` takes from ``frame`` (a list for agg "set"). Raises LookupError."""
    column = spec.get("column")
    if column is not None and column not in frame.columns:
        raise LookupError(f"the table has no column {column!r}")
    if "days_between" in spec:
        dates = []
        for key in spec["days_between"]:
            rows = _rows(frame, key)
            if len(rows) != 1:
                raise LookupError(f"days_between key {key} matches {len(rows)} rows, not exactly 1")
            value = frame.loc[rows[0], column] if column is not None else None
            if not _is_date(value):
                raise LookupError(f"days_between needs a date column; {column!r} of {key} is {value!r}")
            dates.append(value)
        return (dates[1] - dates[0]).days
    if "key" in spec:
        rows = _rows(frame, spec["key"])
        if len(rows) != 1:
            raise LookupError(f"key {spec['key']} matches {len(rows)} rows, not exactly 1")
        if column is None:
            raise LookupError("a data_check with key needs a column")
        return _transform(frame.loc[rows[0], column], spec)
    agg = spec.get("agg")
    if agg is None:
        raise LookupError("a data_check needs key (one row) or agg (over the rows matching where)")
    rows = _rows(frame, spec["where"]) if "where" in spec else list(frame.index)
    if agg == "count":
        return len(rows)
    if column is None:
        raise LookupError(f"agg {agg!r} needs a column")
    values = [_transform(v, spec) for v in frame.loc[rows, column] if not _is_missing(v)]
    if agg == "set":
        out = []
        for v in values:
            if value_text(v) not in map(value_text, out):
                out.append(v)
        return out
    if agg == "nunique":
        return len({value_text(v) for v in values})
    if not values:
        raise LookupError(f"no values to aggregate ({agg}) in column {column!r}")
    if agg == "sum":
        return sum(float(v) for v in values)
    if agg == "mean":
        return sum(float(v) for v in values) / len(values)
    return min(values) if agg == "min" else max(values)


def data_check_problems(question: dict, load=None) -> list[str]:
    """Why ``question`` disagrees with its ``data_check`` (see the schema); [] if it agrees or has none.

    ``load(table) -> DataFrame`` defaults to ``wanted.data.load``. Never raises:
    a table that cannot be loaded is reported as a problem.
    """
    spec = question.get("data_check")
    if not spec:
        return []
    where = f"question {question.get('id')!r}, data_check on table {spec.get('table')!r}"
    try:
        if load is None:
            from wanted.data import load
        frame = load(spec["table"])
    except Exception as exc:  # noqa: BLE001 — reported, not raised
        return [f"{where}: cannot load the table ({type(exc).__name__}: {exc})"]
    try:
        return [f"{where}: {p}" for p in _agreement(question, spec, frame)]
    except LookupError as exc:
        return [f"{where}: {exc.args[0] if exc.args else exc}"]


def _agreement(q: dict, spec: dict, frame) -> list[str]:
    kind = q["type"]
    if kind == "ordering":
        keys, items = spec.get("item_keys", []), q["items"]
        if "order_by" not in spec or len(keys) != len(items):
            return [f"ordering needs order_by and one item_key per item ({len(items)}), got {len(keys)}"]
        if spec["order_by"] not in frame.columns:
            return [f"the table has no column {spec['order_by']!r}"]
        values = []
        for key, item in zip(keys, items):
            rows = _rows(frame, key)
            if len(rows) != 1:
                return [f"item key {key} (for {item!r}) matches {len(rows)} rows, not exactly 1"]
            value = frame.loc[rows[0], spec["order_by"]]
            if _is_missing(value):
                return [f"item key {key} has no {spec['order_by']}"]
            values.append(value)
        for (a, b), (ia, ib) in zip(zip(values, values[1:]), zip(items, items[1:])):
            if not a < b:
                return [f"{ia!r} ({value_text(a)}) does not come strictly before {ib!r} ({value_text(b)}) "
                        f"by {spec['order_by']}"]
        return []
    if kind == "matching":
        keys, pairs, column = spec.get("item_keys", []), q["pairs"], spec.get("column")
        if column is None or len(keys) != len(pairs):
            return [f"matching needs column and one item_key per pair ({len(pairs)}), got {len(keys)}"]
        if column not in frame.columns:
            return [f"the table has no column {column!r}"]
        problems = []
        for key, pair in zip(keys, pairs):
            rows = _rows(frame, key)
            if len(rows) != 1:
                problems.append(f"item key {key} matches {len(rows)} rows, not exactly 1")
                continue
            text = value_text(_transform(frame.loc[rows[0], column], spec))
            if text.lower() not in pair["right"].lower():
                problems.append(f"the table says {text!r} for {pair['left']!r}, not in {pair['right']!r}")
        return problems

    value = data_value(spec, frame)
    if kind == "numeric":
        if isinstance(value, list) or _is_missing(value):
            return [f"the table value {value!r} is not a number"]
        try:
            number = float(value)
        except (TypeError, ValueError):
            return [f"the table value {value!r} is not a number"]
        result = checking.check(q, number)
        if result.correct is not True:
            return [f"the table value {checking.format_number(number)} is not accepted by the answer "
                    f"{q['answer']}"]
        return []
    texts = [a["answer"].lower() for a in q["answers"]]
    right = [a["correct"] for a in q["answers"]]
    if isinstance(value, list):  # agg "set"
        wanted = [value_text(v).lower() for v in value]
        problems = [f"option {a['answer']!r} is marked correct={a['correct']} but the table says "
                    f"{'it is' if any(w in t for w in wanted) else 'it is not'} among {sorted(wanted)}"
                    for a, t in zip(q["answers"], texts) if a["correct"] != any(w in t for w in wanted)]
        problems += [f"no correct option mentions {w!r}" for w in wanted
                     if not any(w in t for t, r in zip(texts, right) if r)]
        return problems
    if "expect" in spec:
        phrase = spec["expect"].lower()
        problems = []
        if phrase not in value_text(value).lower():
            problems.append(f"expect {spec['expect']!r} is not in the table's {value_text(value)!r}")
        if not any(phrase in t for t, r in zip(texts, right) if r):
            problems.append(f"expect {spec['expect']!r} is not in the correct option")
        return problems
    text = value_text(value).lower()
    problems = []
    if not any(text in t for t, r in zip(texts, right) if r):
        problems.append(f"the table value {value_text(value)!r} is not in a correct option")
    wrong_hits = [a["answer"] for a, t, r in zip(q["answers"], texts, right) if not r and text in t]
    if wrong_hits:
        problems.append(f"the table value {value_text(value)!r} also appears in wrong option {wrong_hits[0]!r}")
    return problems


__all__ = ["quiz", "load_bank", "validate_bank", "available_banks", "Quiz", "QuizMessage", "static_html",
           "plain_repr", "shuffled", "option_order", "static_markdown", "data_check_problems", "data_value", "value_text", "REVEAL_AFTER"]

