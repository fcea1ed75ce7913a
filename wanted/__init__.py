"""Wanted, but welcome: Putin in Mongolia and the limits of the ICC.

The course package. Lessons import from here in one line, e.g.::

    from wanted import data, charts
    from wanted.quiz import quiz

Submodules are imported lazily so that a lesson pays only for what it uses.
"""

__version__ = "0.1.0"
