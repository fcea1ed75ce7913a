"""Exercises: one source (``solutions/``), two outputs (``exercises/`` and the answer key).

How it fits together (the nbgrader convention, made lighter):

* A solution notebook marks each answer cell with metadata
  ``{"wanted": {"task": "e5.t2", "kind": "dataframe", "points": 2, "variable": "shares", …}}``
  and wraps the solution code in ``### BEGIN SOLUTION`` / ``### END SOLUTION``.
  A line ``### PLACEHOLDER: shares = ...  # a DataFrame with columns year, share``
  inside the block is what the student sees instead; without it they see
  ``...  # YOUR CODE HERE``. Written answers are markdown cells with
  ``{"wanted": {"task": "e1.w1", "kind": "written", "points": 3}}`` whose text
  between ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->`` is a model
  answer.
* Cells tagged ``hidden`` (metadata ``tags``) are hidden checks: they prove
  that the solution earns full marks and print the answer key
  (:func:`export_key`). nbval re-executes them, so the key can never drift
  from the solution code.
* ``make exercises`` (:func:`generate`) writes ``exercises/NN_name.ipynb``
  (solutions replaced by placeholders, hidden cells removed, outputs of the
  solution removed) and ``exercises/checks.json``: what each self-check needs,
  with digests instead of answers.

``check(task_id, answer)`` is the student's self-check. It never shows the
correct answer: it compares digests and reports, in words, what is wrong.
The grader (:mod:`wanted.grading`) does not use ``check`` at all; it decides
points in its own process from plain values exported from the kernel.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .errors import CheckError

BEGIN, END, PLACEHOLDER = "### BEGIN SOLUTION", "### END SOLUTION", "### PLACEHOLDER:"
MD_BEGIN, MD_END = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
WRITTEN_PROMPT = "*Write your answer here, replacing this line.*"
KEY_MARK = "WANTED-ANSWER-KEY "
KINDS = {"dataframe", "number", "sequence", "set", "mapping", "choice", "chart", "written"}
MAX_ITEMS = 100_000  # larger answers are refused before any comparison (a student may pass a huge object)


# ---------------------------------------------------------------------------
# Plain data: the only thing that crosses from a kernel to the grader
# ---------------------------------------------------------------------------

def to_plain(value, _depth=0):
    """Convert an answer to plain JSON data, or ``{"unsupported": type}``.

    Only exact built-in types, pandas DataFrame/Series and matplotlib figures
    are converted: a subclass that lies about equality or about its contents
    is reported as unsupported, never trusted.
    """
    kind = type(value)
    if value is None or value is Ellipsis:
        return {"missing": True}
    if kind is bool:
        return value
    if kind is int:
        return value if abs(value) < 2**53 else float(value)
    if kind is float:
        return value if math.isfinite(value) else {"nonfinite": repr(value)}
    if kind is str:
        return value if len(value) <= 20_000 else {"too_large": "str"}
    if _depth > 3:
        return {"unsupported": "nested too deeply"}
    if kind in (list, tuple):
        if len(value) > MAX_ITEMS:
            return {"too_large": kind.__name__}
        return [to_plain(v, _depth + 1) for v in value]
    if kind in (set, frozenset):
        if len(value) > MAX_ITEMS:
            return {"too_large": kind.__name__}
        return sorted((to_plain(v, _depth + 1) for v in value), key=repr)
    if kind is dict:
        if len(value) > MAX_ITEMS:
            return {"too_large": "dict"}
        return {"mapping": [[to_plain(k, _depth + 1), to_plain(v, _depth + 1)] for k, v in value.items()]}
    module = getattr(kind, "__module__", "")
    name = kind.__name__
    if module.startswith("numpy") and hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        return to_plain(value.item(), _depth)
    if module.startswith("pandas") and name == "DataFrame":
        if value.size > MAX_ITEMS:
            return {"too_large": "DataFrame"}
        rows = value.astype(object).where(value.notna(), None).values.tolist()
        return {"dataframe": {"columns": [str(c) for c in value.columns],
                              "rows": [[_scalar(v) for v in row] for row in rows]}}
    if module.startswith("pandas") and name == "Series":
        return to_plain(value.tolist(), _depth)
    # `.values`, `.unique()` or `np.array(...)`: a 1-D array of values is a list. Exact library types only
    # (checked by module), and converted through tolist(), so no user-defined __eq__ is ever called.
    if module.startswith(("numpy", "pandas")) and getattr(value, "ndim", None) == 1 and hasattr(value, "tolist"):
        if len(value) > MAX_ITEMS:
            return {"too_large": name}
        return to_plain(list(value.tolist()), _depth)
    if module.startswith("matplotlib") and name == "Figure":
        axes = value.axes
        ax = axes[0] if axes else None
        return {"chart": {
            "title": (next((t for t in (ax.get_title(loc) for loc in ("center", "left", "right")) if t), "")
                      if ax else "") or (value._suptitle.get_text() if value._suptitle else ""),
            "xlabel": ax.get_xlabel() if ax else "", "ylabel": ax.get_ylabel() if ax else "",
            "artists": (len(ax.lines) + len(ax.patches) + len(ax.collections)) if ax else 0,
            "alt": getattr(value, "_wanted_alt", ""),
        }}
    return {"unsupported": f"{module}.{name}" if module not in ("builtins", "") else name}


def _scalar(v):
    if v is None or type(v) in (bool, int, str):
        return v
    if type(v) is float:
        return v if math.isfinite(v) else None
    if hasattr(v, "item"):
        return _scalar(v.item())
    if hasattr(v, "isoformat"):  # Timestamp / date: compare as ISO date text
        return v.isoformat()[:10]
    return str(v)


# ---------------------------------------------------------------------------
# Comparison (used by the self-check on digests and by the grader on values)
# ---------------------------------------------------------------------------

def _norm(v, spec):
    """Canonical text of one scalar: numbers rounded to the task's decimals, text trimmed and case-folded."""
    if isinstance(v, bool) or v is None:
        return repr(v)
    if isinstance(v, (int, float)):
        return repr(round(float(v), spec.get("decimals", 2)) + 0.0)
    return " ".join(str(v).split()).casefold()


def _show(normed: str) -> str:
    """A normalised key as a student would write it (2013, not 2013.0)."""
    return normed[:-2] if normed.endswith(".0") and normed[:-2].lstrip("-").isdigit() else normed


def digest(text: str) -> str:
    return hashlib.sha256(("wanted:" + text).encode()).hexdigest()[:16]


def _df_rows(plain, spec):
    """{key-column value: canonical row text} for a plain DataFrame, using the task's columns."""
    df = plain["dataframe"]
    cols = [c for c in spec["columns"]]
    idx = [df["columns"].index(c) for c in cols]
    key_col = spec.get("key", cols[0])
    k = df["columns"].index(key_col)
    return {_norm(row[k], spec): "|".join(_norm(row[i], spec) for i in idx) for row in df["rows"]}


def key_summary(spec: dict, key) -> dict:
    """What the self-check needs to know about the correct answer: digests, never values."""
    kind = spec["kind"]
    if kind == "dataframe":
        rows = _df_rows(key, spec)
        if spec.get("name_missing"):  # the row keys are given in the task (e.g. the years 2010-2024)
            return {"rows": {k: digest(v) for k, v in rows.items()}, "named": True}
        return {"rows": {digest("key:" + k): digest(v) for k, v in rows.items()}, "named": False}
    if kind == "number":
        return {"digest": digest(_norm(key, spec)),
                "mistakes": [{"digest": digest(_norm(m["value"], spec)), "message": m["message"]}
                             for m in spec.get("mistakes", [])]}
    if kind in ("sequence", "choice"):
        items = key if kind == "sequence" else [key]
        return {"digest": digest("\n".join(_norm(v, spec) for v in items)), "n": len(items)}
    if kind == "set":
        return {"digest": digest("\n".join(sorted(_norm(v, spec) for v in key))), "n": len(key)}
    if kind == "mapping":
        pairs = {_norm(k, spec): _norm(v, spec) for k, v in key["mapping"]}
        return {"pairs": {k: digest(k + "=>" + v) for k, v in pairs.items()}}
    return {}


@dataclass
class Verdict:
    """Outcome of comparing one answer with one task: ``ok`` None means not gradable yet."""

    ok: bool | None
    message: str
    fraction: float = 0.0


def _describe(plain) -> str:
    if isinstance(plain, dict):
        for tag in ("unsupported", "too_large", "nonfinite"):
            if tag in plain:
                return f"{tag.replace('_', ' ')}: {plain[tag]}" if tag != "unsupported" else f"an object of type {plain[tag]}"
        if "dataframe" in plain:
            return "a DataFrame"
        if "mapping" in plain:
            return "a dict"
        if "chart" in plain:
            return "a figure"
    return {list: "a list", str: "a string", bool: "True/False", int: "a number", float: "a number"}.get(type(plain), "something else")


EXPECT = {"dataframe": "a DataFrame", "number": "a number", "sequence": "a list of strings, in order",
          "set": "a list of the options you select", "choice": "one option, as a string",
          "mapping": "a dict {item: match, …}", "chart": "the matplotlib figure `fig`"}


def _decimals(spec) -> str:
    d = spec.get("decimals", 2)
    return "as a whole number" if d == 0 else f"to {d} decimal{'s' if d != 1 else ''}"


def judge(spec: dict, plain, summary: dict) -> Verdict:
    """Compare the plain answer with the task using digests only. Never reveals the answer."""
    kind = spec["kind"]
    if isinstance(plain, dict) and plain.get("missing"):
        return Verdict(None, "Not answered yet: replace the `...` with your answer and run the cell again.")
    if isinstance(plain, dict) and ("unsupported" in plain or "too_large" in plain or "nonfinite" in plain):
        return Verdict(False, f"Expected {spec.get('expect', EXPECT.get(kind, kind))}; got {_describe(plain)}. "
                              "Use a plain value of the kind the task asks for.")
    try:
        return _JUDGES[kind](spec, plain, summary)
    except (KeyError, ValueError, TypeError, IndexError):
        return Verdict(False, f"Expected {spec.get('expect', EXPECT.get(kind, kind))}; got {_describe(plain)} that could not be read.")


def _judge_dataframe(spec, plain, summary):
    cols = spec["columns"]
    if isinstance(plain, list):
        return Verdict(False, f"Expected a DataFrame with columns {', '.join(cols)}; got one column of values "
                              "(a Series or a list). If you grouped and counted with .size(), add "
                              ".reset_index(name=...) to turn it into a DataFrame.")
    if not (isinstance(plain, dict) and "dataframe" in plain):
        return Verdict(False, f"Expected a DataFrame with columns {', '.join(cols)}; got {_describe(plain)}.")
    have = plain["dataframe"]["columns"]
    missing = [c for c in cols if c not in have]
    if missing:
        return Verdict(False, f"Expected a DataFrame with columns {', '.join(cols)}; "
                              f"missing column(s): {', '.join(missing)} (you have: {', '.join(have) or 'none'}).")
    raw = _df_rows(plain, spec)
    named = summary.get("named", True)
    # Without "named", the expected keys are digests: we can say *how many* rows are missing, not which.
    rows = raw if named else {digest("key:" + k): v for k, v in raw.items()}
    label = dict(zip(rows, (_show(k) for k in raw)))
    want = summary["rows"]
    key_col = spec.get("key", cols[0])
    absent = [k for k in want if k not in rows]
    extra = [k for k in rows if k not in want]
    if len(plain["dataframe"]["rows"]) != len(rows):
        return Verdict(False, f"Some values of `{key_col}` appear more than once; each should appear once.")
    if absent and len(absent) == len(want) == len(rows):
        texts = [row[plain["dataframe"]["columns"].index(key_col)] for row in plain["dataframe"]["rows"]]
        typed = all(isinstance(t, str) and t.strip().lstrip("-").isdigit() for t in texts)
        return Verdict(False, f"None of your `{key_col}` values is one the task expects, although you have the right "
                              "number of rows: " + ("check their type (a whole number such as 2011, not the text "
                                                    "'2011')." if typed else "check their spelling and your filter."))
    if absent:
        which = (f" — {key_col} {', '.join(_show(a) for a in absent[:3])}{' …' if len(absent) > 3 else ''}"
                 if named else "")
        return Verdict(False, f"{len(absent)} expected row(s) missing{which}. Check your filter.", 0.0)
    if extra:
        shown = ", ".join(label[e] for e in extra[:3])
        return Verdict(False, f"{len(extra)} row(s) should not be there — {key_col} {shown}"
                              f"{' …' if len(extra) > 3 else ''}. Check your filter.", 0.0)
    wrong = [k for k in want if digest(rows[k]) != want[k]]
    if wrong:
        shown = ", ".join(label[w] for w in wrong[:3])
        return Verdict(False, f"The right rows, but {len(wrong)} of {len(want)} have values that differ from the "
                              f"expected ones ({key_col} {shown}{' …' if len(wrong) > 3 else ''}). "
                              f"Check the formula and the units (values are compared {_decimals(spec)}).",
                       0.5 * (1 - len(wrong) / len(want)))
    return Verdict(True, "Correct: the right rows and values.", 1.0)


def _judge_number(spec, plain, summary):
    if isinstance(plain, list):
        return Verdict(False, f"Expected one number{' in ' + spec['unit'] if spec.get('unit') else ''}; got several "
                              "values (a Series, a row or a list): pick the one number, e.g. with .iloc[0].")
    if isinstance(plain, bool) or not isinstance(plain, (int, float)):
        extra = " Write the number without units or quotes." if isinstance(plain, str) else ""
        return Verdict(False, f"Expected a number{' in ' + spec['unit'] if spec.get('unit') else ''}; got {_describe(plain)}.{extra}")
    if spec.get("whole") and float(plain) != int(plain):
        return Verdict(False, f"{spec.get('whole_reason', 'This answer is a count')}: it must be a whole number.")
    d = digest(_norm(plain, spec))
    if d == summary["digest"]:
        return Verdict(True, f"Correct (compared {_decimals(spec)}).", 1.0)
    for m in summary.get("mistakes", []):
        if m["digest"] == d:
            return Verdict(False, m["message"])
    return Verdict(False, f"Not the expected value (compared {_decimals(spec)}"
                          f"{', unit ' + spec['unit'] if spec.get('unit') else ''}). {spec.get('hint', 'Check your calculation.')}")


def _strings(plain):
    if not isinstance(plain, list) or not all(isinstance(v, str) for v in plain):
        raise ValueError
    return plain


def _judge_sequence(spec, plain, summary):
    options = spec.get("options", [])
    if not isinstance(plain, list):
        return Verdict(False, f"Expected a list of {summary['n']} items in order; got {_describe(plain)}.")
    items = _strings(plain)
    normed = [_norm(v, spec) for v in items]
    known = {_norm(o, spec) for o in options}
    unknown = [v for v, n in zip(items, normed) if known and n not in known]
    if unknown:
        return Verdict(False, f"'{unknown[0][:60]}' is not one of the items to order. Copy them from the task.")
    dupes = sorted({v for v, n in zip(items, normed) if normed.count(n) > 1})
    if dupes:
        return Verdict(False, f"'{dupes[0][:60]}' appears more than once; each item goes in the list once.")
    if len(items) != summary["n"]:
        return Verdict(False, f"Your list has {len(items)} item(s); the task has {summary['n']}.")
    if digest("\n".join(normed)) == summary["digest"]:
        return Verdict(True, "Correct order.", 1.0)
    return Verdict(False, "All the items are there, but not yet in the right order.")


def _judge_set(spec, plain, summary):
    if not isinstance(plain, list):
        return Verdict(False, f"Expected a list of the items you select; got {_describe(plain)}.")
    items = _strings(plain)
    known = {_norm(o, spec) for o in spec.get("options", [])}
    unknown = [v for v in items if known and _norm(v, spec) not in known]
    if unknown:
        return Verdict(False, f"'{unknown[0][:60]}' is not one of the options. Copy them from the task.")
    if not items:
        return Verdict(False, "You selected nothing; select at least one option.")
    if digest("\n".join(sorted({_norm(v, spec) for v in items}))) == summary["digest"]:
        return Verdict(True, "Correct selection.", 1.0)
    return Verdict(False, f"Not quite: your selection has {len(set(items))} item(s); check each against the sources.")


def _judge_choice(spec, plain, summary):
    if not isinstance(plain, str):
        return Verdict(False, f"Expected one option as a string; got {_describe(plain)}.")
    options = spec.get("options", [])
    if options and _norm(plain, spec) not in {_norm(o, spec) for o in options}:
        return Verdict(False, "That is not one of the options; copy one exactly from the task.")
    if digest(_norm(plain, spec)) == summary["digest"]:
        return Verdict(True, "Correct.", 1.0)
    return Verdict(False, "Not this one. Re-read the task and the sources.")


def _judge_mapping(spec, plain, summary):
    if not (isinstance(plain, dict) and "mapping" in plain):
        return Verdict(False, f"Expected a dict {{left: right, …}}; got {_describe(plain)}.")
    pairs = {}
    for k, v in plain["mapping"]:
        if not isinstance(k, str) or not isinstance(v, str):
            return Verdict(False, "Every key and value of the dict must be a string copied from the task.")
        pairs[_norm(k, spec)] = _norm(v, spec)
    want = summary["pairs"]
    unknown = [k for k, _ in plain["mapping"] if _norm(k, spec) not in want]
    if unknown:
        return Verdict(False, f"'{unknown[0][:60]}' is not one of the items of the task; copy the keys exactly "
                              "from the task.")
    values = {_norm(v, spec) for v in spec.get("values", [])}
    odd = [v for _, v in plain["mapping"] if values and _norm(v, spec) not in values]
    if odd:
        return Verdict(False, f"'{odd[0][:60]}' is not one of the choices; copy it exactly from the task.")
    missing = [k for k in want if k not in pairs]
    if missing:
        return Verdict(False, f"{len(missing)} item(s) still need a match.")
    right = sum(digest(k + "=>" + pairs[k]) == want[k] for k in want)
    if right == len(want):
        return Verdict(True, "Correct: every pair matches.", 1.0)
    return Verdict(False, f"{right} of {len(want)} pairs are right.", right / len(want) * 0.5)


def _judge_chart(spec, plain, summary):
    if not (isinstance(plain, dict) and "chart" in plain):
        return Verdict(False, f"Expected a matplotlib figure (the `fig` you drew); got {_describe(plain)}.")
    c = plain["chart"]
    problems = [what for what, ok in [("a title", c["title"].strip()), ("an x-axis label", c["xlabel"].strip()),
                                      ("a y-axis label", c["ylabel"].strip()), ("some data", c["artists"] > 0),
                                      ("alt text of at least one sentence (show(fig, alt=…))", len(c["alt"].strip()) >= 20)]
                if not ok]
    if problems:
        return Verdict(False, "Your chart still needs " + ", ".join(problems) + ".", 0.5 if len(problems) < 3 else 0.0)
    return Verdict(True, "The chart has a title, labelled axes, data and alt text.", 1.0)


_JUDGES = {"dataframe": _judge_dataframe, "number": _judge_number, "sequence": _judge_sequence,
           "set": _judge_set, "choice": _judge_choice, "mapping": _judge_mapping, "chart": _judge_chart}


# ---------------------------------------------------------------------------
# The student's self-check
# ---------------------------------------------------------------------------

class Feedback:
    """The self-check's message: shown as text, and as a short HTML line in Jupyter."""

    def __init__(self, task_id: str, verdict: Verdict):
        self.task_id, self.verdict = task_id, verdict

    @property
    def label(self):
        return {True: "✔ Correct", False: "✘ Not yet", None: "… Not answered yet"}[self.verdict.ok]

    def _text(self):
        message = self.verdict.message
        if self.verdict.ok and message.lower().startswith("correct"):
            message = message[len("correct"):].lstrip(" .:")
            message = message[:1].upper() + message[1:]
        return message

    def __repr__(self):
        return f"{self.task_id}: {self.label}. {self._text()}".rstrip() if self.verdict.ok is not None \
            else f"{self.task_id}: {self.verdict.message}"

    def _repr_html_(self):
        import html
        return f"<p><strong>{html.escape(self.task_id)}: {html.escape(self.label)}.</strong> " \
               f"{html.escape(self._text())}</p>" if self.verdict.ok is not None else \
               f"<p><strong>{html.escape(self.task_id)}:</strong> {html.escape(self.verdict.message)}</p>"


def _checks(path: Path | None = None) -> dict:
    path = path or paths.EXERCISES / "checks.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CheckError(f"{path} is missing: restore it with 'git checkout -- exercises/checks.json' "
                         "or regenerate it with 'make exercises'.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CheckError(f"{path} is corrupt ({exc}): restore it with 'git checkout -- exercises/checks.json'.") from None


def check(task_id, answer=Ellipsis) -> Feedback:
    """Tell the student, in words, whether ``answer`` solves task ``task_id`` — never the answer itself.

    Never raises on a bad answer: wrong types, ``None``, ``...``, huge objects
    and objects that lie about equality all get a message.
    """
    try:
        checks = _checks()
    except CheckError as exc:
        return Feedback(str(task_id), Verdict(False, str(exc)))
    if not isinstance(task_id, str) or task_id not in checks:
        known = ", ".join(sorted(checks))
        return Feedback(str(task_id)[:40], Verdict(False, f"There is no task '{str(task_id)[:40]}'. Tasks: {known}."))
    entry = checks[task_id]
    spec = entry["spec"]
    if spec["kind"] == "written":
        return Feedback(task_id, Verdict(None, "Written answers are read by your instructor: write in the cell above."))
    try:
        plain = to_plain(answer)
    except Exception as exc:  # noqa: BLE001 — an answer object may raise anything while being read
        return Feedback(task_id, Verdict(False, f"Your answer could not be read ({type(exc).__name__}); "
                                                "use a plain value of the kind the task asks for."))
    return Feedback(task_id, judge(spec, plain, entry["key"]))


# ---------------------------------------------------------------------------
# Answer keys from the solution notebooks, and the generator
# ---------------------------------------------------------------------------

def export_key(namespace: dict, specs: list[dict]) -> None:
    """Print the answer key of a solution notebook (hidden cell): one JSON line, deterministic."""
    key = {s["task"]: to_plain(namespace.get(s["variable"])) for s in specs if s["kind"] != "written"}
    print(KEY_MARK + json.dumps(key, sort_keys=True, ensure_ascii=False))


def task_specs(nb) -> list[dict]:
    """The task specs of a notebook, in order (from answer cells' metadata)."""
    specs = []
    for cell in nb.cells:
        meta = cell.metadata.get("wanted")
        if meta and "task" in meta:
            spec = dict(meta)
            if spec.get("kind") not in KINDS:
                raise CheckError(f"task {spec['task']}: kind must be one of {sorted(KINDS)}")
            specs.append(spec)
    return specs


def stored_key(nb, name: str = "a solution notebook") -> dict:
    """The answer key printed by the solution's hidden cell (stored output; nbval keeps it honest)."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("text", "") if out.get("output_type") == "stream" else ""
            for line in text.splitlines():
                if line.startswith(KEY_MARK):
                    return json.loads(line[len(KEY_MARK):])
    raise CheckError(f"{name} has no stored answer key: run 'python -m wanted execute {name}' first")


def strip_solution(source: str, markdown: bool = False) -> str:
    """Replace every solution block with its placeholder."""
    if markdown:
        return re.sub(re.escape(MD_BEGIN) + r".*?" + re.escape(MD_END), WRITTEN_PROMPT, source, flags=re.S)
    out, inside, placeholder = [], False, None
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith(BEGIN):
            inside, placeholder, indent = True, None, line[: len(line) - len(line.lstrip())]
            continue
        if inside and stripped.startswith(PLACEHOLDER):
            placeholder = indent + stripped[len(PLACEHOLDER):].strip()
            continue
        if inside and stripped.startswith(END):
            out.append(placeholder or indent + "...  # YOUR CODE HERE")
            inside = False
            continue
        if not inside:
            out.append(line)
    if inside:
        raise CheckError(f"unterminated '{BEGIN}' block (no '{END}')")
    return "\n".join(out)


def public_spec(spec: dict) -> dict:
    """What a student may see of a task: no wrong-answer values, options in alphabetical order."""
    public = {k: v for k, v in spec.items() if k != "mistakes"}
    if "options" in public:  # the solution may list them in answer order: never leak it
        public["options"] = sorted(public["options"], key=lambda o: str(o).casefold())
    if "values" in public:  # a mapping's choices, likewise
        public["values"] = sorted(public["values"], key=lambda o: str(o).casefold())
    return public


def make_exercise(nb):
    """The student version of a solution notebook (a new notebook; ``nb`` is untouched)."""
    ex = copy.deepcopy(nb)
    cells = []
    for cell in ex.cells:
        if "hidden" in cell.metadata.get("tags", []):
            continue
        if "wanted" in cell.metadata and "task" in cell.metadata["wanted"]:
            cell.metadata["wanted"] = public_spec(cell.metadata["wanted"])
        if cell.cell_type == "code":
            cell.source = strip_solution(cell.source)
            cell.outputs, cell.execution_count = [], None
        elif cell.cell_type == "markdown":
            cell.source = strip_solution(cell.source, markdown=True)
        cells.append(cell)
    ex.cells = cells
    return ex


def build_checks(solution_paths) -> dict:
    """``checks.json`` content: per task, its spec and digests of the key (no answers)."""
    import nbformat

    checks = {}
    for path in solution_paths:
        nb = nbformat.read(path, as_version=4)
        specs = task_specs(nb)
        key = stored_key(nb, f"solutions/{Path(path).name}") if any(s["kind"] != "written" for s in specs) else {}
        for spec in specs:
            public = public_spec(spec)
            public["notebook"] = Path(path).name
            if spec["kind"] == "number":
                public["mistakes"] = []  # values stay out; their digests are in "key"
            checks[spec["task"]] = {"spec": public,
                                    "key": key_summary(spec, key[spec["task"]]) if spec["kind"] != "written" else {}}
    return checks


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _unexecuted(nb) -> str:
    """A notebook's sources and metadata only, to compare a generated exercise with a stored, executed one."""
    return json.dumps([[c.cell_type, c.source, c.metadata.get("wanted"), c.metadata.get("tags")] for c in nb.cells])


def generate(root: Path | None = None, out: Path | None = None, execute: bool = True) -> list[str]:
    """Write ``exercises/`` from ``solutions/`` (executing what changed); return the files written."""
    import nbformat

    root = root or paths.ROOT
    out = out or root / "exercises"
    out.mkdir(exist_ok=True)
    sols = sorted((root / "solutions").glob("[0-9][0-9]_*.ipynb"))
    changed = []
    # checks.json first: the exercises executed below call check(), which reads it.
    checks = json.dumps(build_checks(sols), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    target = out / "checks.json"
    if not target.exists() or target.read_text(encoding="utf-8") != checks:
        target.write_text(checks, encoding="utf-8")
        changed.append(_rel(target, root))
    for path in sols:
        fresh = make_exercise(nbformat.read(path, as_version=4))
        target = out / path.name
        if target.exists() and _unexecuted(nbformat.read(target, as_version=4)) == _unexecuted(fresh):
            continue  # same source; keep the stored, executed copy
        target.write_text(nbformat.writes(fresh) + "\n", encoding="utf-8")
        if execute:
            from .notebooks import execute_in_place
            execute_in_place(target)
        changed.append(_rel(target, root))
    return changed


def rekey(path: Path) -> bool:
    """Refresh a solution's stored answer key after its answers changed; True if the key changed.

    The solution's self-check cell compares its answers with ``checks.json``, which is built from the stored
    key: after an answer changes, that cell fails until the key is refreshed. This executes a copy without the
    self-check cell and stores the new key line; then ``generate`` and a normal execution follow.
    """
    import nbformat

    from .notebooks import execute

    nb = nbformat.read(path, as_version=4)
    run = copy.deepcopy(nb)
    run.cells = [c for c in run.cells if not (c.cell_type == "code" and "assert all(check(" in c.source)]
    execute(run, path.parent)
    key, old = stored_key(run, str(path)), stored_key(nb, str(path))
    if key == old:
        return False
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and KEY_MARK in out.get("text", ""):
                out["text"] = KEY_MARK + json.dumps(key) + "\n"
    nbformat.write(nb, path)
    return True


def register_cli(sub):
    def run(args):
        import os
        import tempfile

        os.environ["WANTED_PROGRESS"] = str(Path(tempfile.mkdtemp(prefix="wanted-exercises-")) / "progress.json")
        if args.rekey:
            from .notebooks import execute_in_place

            for path in sorted((paths.ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")):
                if rekey(path):
                    print(f"new answer key in {_rel(path, paths.ROOT)}")
            generate(execute=False)  # checks.json from the new keys, before the solutions check against it
            for path in sorted((paths.ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")):
                execute_in_place(path)
        changed = generate()
        print("\n".join(f"updated {c}" for c in changed) or "exercises/ is up to date")
        return 0

    p = sub.add_parser("exercises", help="generate exercises/ from solutions/")
    p.add_argument("--rekey", action="store_true",
                   help="first refresh the solutions' answer keys (after you changed an answer in solutions/)")
    p.set_defaults(func=run)
