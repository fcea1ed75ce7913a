"""Kernels talk over Unix sockets (wanted/kernels.py): no loopback-port race when many start at once."""

import os

import nbformat
import nbval.kernel

from wanted.kernels import AsyncIPCKernelManager, IPCKernelManager
from wanted.notebooks import execute


def test_nbval_uses_unix_sockets():
    # tests/conftest.py swaps nbval's manager; if nbval stops looking it up there, this says so.
    assert nbval.kernel.KernelManager is IPCKernelManager


def test_socket_paths_are_absolute_and_distinct():
    a, b = IPCKernelManager(), AsyncIPCKernelManager()
    assert a.transport == b.transport == "ipc"
    assert os.path.isabs(a.ip) and os.path.isabs(b.ip) and a.ip != b.ip
    assert len(a.ip) + len("-65535") < 100, "a Unix socket path must stay short"


def test_a_notebook_runs_over_sockets_in_another_folder(tmp_path):
    # The kernel runs in tmp_path, the client here: the absolute socket path is what lets them meet.
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import os; print(os.getcwd())")])
    execute(nb, tmp_path)
    assert nb.cells[0].outputs[0]["text"].strip() == str(tmp_path)


def test_socket_files_are_removed_at_shutdown():
    km = IPCKernelManager(kernel_name="python3")
    km.start_kernel()
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        kc.stop_channels()
        sockets = [f"{km.ip}-{port}" for port in (km.shell_port, km.iopub_port, km.stdin_port, km.hb_port,
                                                   km.control_port)]
        assert all(os.path.exists(s) for s in sockets), "the kernel is not listening on Unix sockets"
    finally:
        km.shutdown_kernel(now=True)
    assert not any(os.path.exists(s) for s in sockets)
