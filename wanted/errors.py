"""One error type per failure family, each with a message a student can act on.

Every message says *what* is wrong, *where* (file, row, column, question) and
*how to fix it*. Notebook code catches :class:`CourseError` and prints the
message instead of a traceback.
"""


class CourseError(Exception):
    """Base class: something in the course materials or in a student's input is wrong."""


class DataError(CourseError):
    """A data file is missing, corrupt, or does not match its schema."""


class QuizBankError(CourseError):
    """A question bank is missing or does not match ``schemas/quiz.schema.json``."""


class ProgressError(CourseError):
    """The student's progress file cannot be read or written."""


class CheckError(CourseError):
    """An exercise self-check was asked about a task that does not exist."""


class GradingError(CourseError):
    """The grading command cannot run (bad folder, no submissions, …)."""
