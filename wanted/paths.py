"""Where things are. The repository root is found once, from the package location.

``WANTED_ROOT`` overrides it, so a student bundle or a grading sandbox can point
the package at another copy of ``data/``.
"""

import os
from pathlib import Path

ROOT = Path(os.environ.get("WANTED_ROOT") or Path(__file__).resolve().parent.parent)
DATA = ROOT / "data"
QUIZZES = DATA / "quizzes"
SCHEMAS = ROOT / "schemas"
LESSONS = ROOT / "lessons"
EXERCISES = ROOT / "exercises"
SOLUTIONS = ROOT / "solutions"
