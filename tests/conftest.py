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


def _nbval_kernels():
    """nbval builds its KernelManager itself and takes no option for it: give it ours.

    Unix sockets, and a kernel forked from a zygote that has imported IPython, pandas
    and matplotlib (wanted/kernels.py): each notebook still gets a fresh kernel
    process, in its own folder, without paying ~3 s of imports again.
    """
    import nbval.kernel

    from wanted.kernels import ForkedIPCKernelManager

    nbval.kernel.KernelManager = ForkedIPCKernelManager


_nbval_kernels()


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


@pytest.fixture(scope="session")
def bundle(tmp_path_factory):
    """The student bundle (``make release``), built once into a temporary folder."""
    from wanted import release

    return release.build(tmp_path_factory.mktemp("rel") / "release")
