"""Kernels talk over Unix sockets (wanted/kernels.py): no loopback-port race when many start at once."""

import os

import nbformat
import nbval.kernel

from wanted.kernels import AsyncIPCKernelManager, IPCKernelManager
from wanted.notebooks import execute


def test_nbval_kernel_is_forked_over_sockets_in_the_notebook_folder(tmp_path):
    # tests/conftest.py swaps nbval's manager; if nbval stops looking it up there, this says so.
    from wanted.kernels import ForkProvisioner, _Forked

    kernel = nbval.kernel.RunningKernel("python3", cwd=str(tmp_path))
    try:
        assert isinstance(kernel.km.provisioner, ForkProvisioner)
        assert isinstance(kernel.km.provisioner.process, _Forked), "nbval's kernel was not forked"
        assert kernel.km.transport == "ipc"
        kernel.execute_cell_input("import os; print(os.getcwd())", allow_stdin=False)
        while (msg := kernel.get_message("iopub", timeout=60))["msg_type"] != "stream":
            pass
        assert msg["content"]["text"].strip() == str(tmp_path)
    finally:
        kernel.stop()


def test_socket_paths_are_absolute_and_distinct():
    a, b = IPCKernelManager(), AsyncIPCKernelManager()
    assert a.transport == b.transport == "ipc"
    assert os.path.isabs(a.ip) and os.path.isabs(b.ip) and a.ip != b.ip
    assert len(a.ip) + len("-65535") < 100, "a Unix socket path must stay short"


def test_a_notebook_runs_over_sockets_in_another_folder(tmp_path):
    # The kernel runs in tmp_path, the client here: the absolute socket path is what lets them meet.
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os; from ipykernel.connect import get_connection_info; "
        "print(os.getcwd(), get_connection_info(unpack=True)['transport'])")])
    execute(nb, tmp_path)
    assert nb.cells[0].outputs[0]["text"].split() == [str(tmp_path), "ipc"]


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


def _run_in(km_class, cwd, env, code):
    """Start a kernel with ``km_class``, run ``code``; return its stdout, the provisioner, the pid and the kind
    of process object the provisioner held while the kernel ran."""
    import asyncio

    async def go():
        km = km_class(kernel_name="python3")
        await km.start_kernel(cwd=str(cwd), env=env)
        try:
            kc = km.client()
            kc.start_channels()
            await kc.wait_for_ready(timeout=120)
            out = []
            await kc.execute_interactive(code, timeout=60, output_hook=lambda m: out.append(
                m["content"].get("text", "")) if m["msg_type"] == "stream" else None)
            kc.stop_channels()
            return "".join(out), km.provisioner, km.provisioner.pid, type(km.provisioner.process).__name__
        finally:
            await km.shutdown_kernel(now=True)
            assert not await km.is_alive()

    return asyncio.run(go())


def test_grader_kernel_is_forked_in_its_own_folder_and_environment(tmp_path):
    from wanted.kernels import ForkedKernelManager, ForkProvisioner, _Forked

    env = dict(os.environ, WANTED_MARK="forked")
    out, provisioner, pid, kind = _run_in(ForkedKernelManager, tmp_path, env,
                                    "import os, sys; print(os.getcwd(), os.environ['WANTED_MARK'], "
                                    "'pandas' in sys.modules)")
    assert isinstance(provisioner, ForkProvisioner) and kind == "_Forked"
    assert out.split() == [str(tmp_path), "forked", "True"]  # pandas came with the fork, not imported again
    assert _Forked(pid).poll() is not None, "the forked kernel outlived its shutdown"


def test_grader_falls_back_to_a_normal_kernel_when_the_zygote_fails(tmp_path, monkeypatch):
    from wanted.kernels import ForkedKernelManager, ForkServer

    def broken(*args, **kwargs):
        raise RuntimeError("the kernel zygote did not answer")

    monkeypatch.setattr(ForkServer, "fork", broken)
    out, _, _, kind = _run_in(ForkedKernelManager, tmp_path, dict(os.environ), "import os; print(os.getcwd())")
    assert out.strip() == str(tmp_path)
    assert kind == "Popen"


def test_a_forked_kernel_formats_tables_like_a_normal_one(tmp_path):
    # pandas chooses some display defaults at import by asking whether it runs in a kernel; the zygote imports
    # it before any kernel exists. A wrong guess showed wide tables elided ("...") instead of wrapped.
    from wanted.kernels import ForkedKernelManager

    code = ("import json, pandas as pd, matplotlib; from pandas._config.config import _registered_options as o; "
            "print(json.dumps({k: [repr(pd.get_option(k)), repr(o[k].defval)] for k in sorted(o) "
            "if k.startswith('display.')}), matplotlib.get_backend())")
    env = dict(os.environ, MPLBACKEND="Agg")
    normal = _run_in(AsyncIPCKernelManager, tmp_path, env, code)[0]
    forked = _run_in(ForkedKernelManager, tmp_path, env, code)[0]
    assert '"display.max_columns": ["20", "20"]' in normal
    assert forked == normal
