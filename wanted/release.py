"""The student bundle: ``make release`` writes ``release/`` (and a zip of it).

It holds what a student needs and nothing that gives graded answers away:
lessons, exercises (already stripped of solutions and hidden checks), data,
the package, the requirements, and a README for students. ``solutions/``,
``instructor/``, tests and CI are left out, and :func:`scan` refuses to finish
a bundle in which a solution marker, a hidden cell or an answer key remains.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from . import paths
from .errors import CourseError
from .exercises import BEGIN, KEY_MARK, MD_BEGIN

INCLUDE = ["lessons", "exercises", "data", "schemas", "wanted", "requirements.txt", "environment.yml",
           "pyproject.toml", "LICENSE", "CITATION.cff"]
LEAVE_OUT = {"grading.py", "_zygote.py", "__pycache__", ".ipynb_checkpoints"}  # the grader stays with the instructor

STUDENT_README = """# Wanted, but welcome — student bundle

Putin in Mongolia and the limits of the International Criminal Court: the
lessons, exercises and data of the course module.

## Start

You need Python 3.11 or newer and `make`. In this folder run:

    make lab

The first run creates `.venv/` and installs the packages (a minute or two);
then JupyterLab opens `lessons/00_start_here.ipynb`. Work through the lessons
in order; each ends with a link to its exercise in `exercises/`.

- Quizzes answer at once; your progress is saved in `~/.wanted/progress.json`.
- In an exercise, run `check("e1.t1", your_answer)` to see what is still
  wrong. It never shows the answer; your instructor grades the submitted
  notebook.
- Nothing here needs the internet once installed.

Content CC BY 4.0, code MIT (see LICENSE).
"""


STUDENT_MAKEFILE = """# Students' one command: make lab
VENV ?= .venv
PY := $(VENV)/bin/python
ROOTFLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

lab: $(VENV)/.installed $(LAB_SETTINGS)
\t$(VENV)/bin/jupyter lab $(ROOTFLAG) lessons/00_start_here.ipynb

# JupyterLab's defaults in this venv: no popup asking to fetch Jupyter news, no update check.
$(LAB_SETTINGS): wanted/jupyterlab_overrides.json $(VENV)/.installed
\t@mkdir -p $(dir $@)
\tcp $< $@

$(VENV)/.installed: requirements.txt
\t@test -x $(PY) || python3 -m venv $(VENV)
\t$(PY) -m pip install --quiet -r requirements.txt
\t$(PY) -m pip install --quiet --no-deps -e .
\t@touch $@
"""


class ReleaseError(CourseError):
    """The bundle would contain something a student must not get."""


def scan(bundle: Path) -> list[str]:
    """Everything in ``bundle`` that looks like a solution or an answer key (empty list = clean)."""
    problems = []
    for path in bundle.rglob("*"):
        rel = path.relative_to(bundle)
        if path.is_dir():
            if path.name in ("solutions", "instructor", "tests", ".ci"):
                problems.append(f"{rel}/ must not be in the student bundle")
            continue
        if path.suffix == ".ipynb":
            nb = json.loads(path.read_text(encoding="utf-8"))
            for i, cell in enumerate(nb.get("cells", [])):
                src = "".join(cell.get("source", []))
                if BEGIN in src or MD_BEGIN in src:
                    problems.append(f"{rel} cell {i}: solution block")
                if "hidden" in cell.get("metadata", {}).get("tags", []):
                    problems.append(f"{rel} cell {i}: hidden check cell")
                for out in cell.get("outputs", []):
                    if KEY_MARK in "".join(out.get("text", [])):
                        problems.append(f"{rel} cell {i}: answer key output")
        elif path.suffix in (".py", ".json", ".md", ".csv", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if KEY_MARK + "{" in text:
                problems.append(f"{rel}: answer key")
    return problems


def build(out: Path | None = None, root: Path | None = None) -> Path:
    """Write the bundle to ``out`` (default ``release/``), scan it, and zip it. Returns the folder."""
    root = root or paths.ROOT
    out = out or root / "release"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in INCLUDE:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, out / name, ignore=shutil.ignore_patterns(*LEAVE_OUT, "*.egg-info"))
        elif src.exists():
            shutil.copy2(src, out / name)
    (out / "README.md").write_text(STUDENT_README, encoding="utf-8")
    (out / "Makefile").write_text(STUDENT_MAKEFILE, encoding="utf-8")
    problems = scan(out)
    if problems:
        shutil.rmtree(out)
        raise ReleaseError("the student bundle would leak answers:\n  " + "\n  ".join(problems[:20]))
    shutil.make_archive(str(out), "zip", out)
    return out


def register_cli(sub):
    def run(args):
        try:
            folder = build(Path(args.out) if args.out else None)
        except ReleaseError as exc:
            print(f"release: {exc}")
            return 1
        print(f"wrote {folder}/ and {folder}.zip (scanned: no solutions, hidden checks or answer keys)")
        return 0

    p = sub.add_parser("release", help="write the student bundle to release/")
    p.add_argument("--out", default=None)
    p.set_defaults(func=run)
