"""Shared test setup.

Every kernel started by the tests (nbval, nbclient) inherits this environment,
so no test run ever writes into a real student's progress file, and talks over
Unix sockets (see wanted/kernels.py: loopback ports race when kernels start in
parallel).
"""

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("WANTED_PROGRESS", str(Path(tempfile.mkdtemp(prefix="wanted-test-")) / "progress.json"))
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parent.parent


def _nbval_over_unix_sockets():
    """nbval builds its KernelManager itself and takes no transport option: give it ours."""
    import nbval.kernel

    from wanted.kernels import IPCKernelManager

    nbval.kernel.KernelManager = IPCKernelManager


_nbval_over_unix_sockets()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="module")
def solution(request):
    """The solution notebook named by the test module's ``STEM``."""
    import nbformat

    return nbformat.read(ROOT / "solutions" / request.module.STEM, as_version=4)


@pytest.fixture(scope="module")
def key(solution):
    """The answer key stored in that solution notebook."""
    from wanted.exercises import stored_key

    return stored_key(solution)
