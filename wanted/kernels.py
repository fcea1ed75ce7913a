"""Kernels over Unix sockets instead of loopback TCP ports.

jupyter_client picks a kernel's five TCP ports by asking the OS for free ones and
closing them again; the kernel binds them a moment later. When several kernels
start at once (nbval on two workers, the grader's pool, JupyterLab in the browser
tests) another process can take a port in between, and the kernel is left
unreachable: "Kernel didn't respond in 60 seconds". Unix sockets (``ipc``) have no
such race. Their files live in one temporary folder, named by a random id, and
are removed when the kernel shuts down.

The kernels of the grader, of nbval and of the browser tests' JupyterLab are, in
addition, forked from a zygote (``wanted/_zygote.py``) that has already imported
IPython, pandas and matplotlib: a kernel is ready in under a second instead of about four. If the zygote fails, the kernel is launched
the usual way.
"""

import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

from jupyter_client.manager import AsyncKernelManager, KernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import CaselessStrEnum, default


def _socket_base() -> str:
    # Absolute, so the client (in the caller's folder) and the kernel (in the notebook's folder) agree;
    # short, because a Unix socket path has a limit of about 100 characters.
    folder = os.path.join(tempfile.gettempdir(), "wanted-kernels")
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, uuid.uuid4().hex[:12])


class IPCKernelManager(KernelManager):
    """A ``KernelManager`` whose kernel talks over Unix sockets."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    @default("ip")
    def _ip_default(self):
        return _socket_base() if self.transport == "ipc" else super()._ip_default()


class AsyncIPCKernelManager(AsyncKernelManager):
    """The asyncio version, for nbclient."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    @default("ip")
    def _ip_default(self):
        return _socket_base() if self.transport == "ipc" else super()._ip_default()


# --- The grader's forked kernels -------------------------------------------------------------------------------


class ForkServer:
    """One zygote process (``wanted._zygote``) per grading worker; ``fork()`` returns a new kernel's pid."""

    _lock = threading.Lock()
    _proc: subprocess.Popen | None = None

    @classmethod
    def fork(cls, connection_file: str, cwd: str, env: dict, timeout: float = 60) -> int:
        with cls._lock:
            if cls._proc is None or cls._proc.poll() is not None:
                cls._proc = cls._start(env)
            proc = cls._proc
            proc.stdin.write(json.dumps({"connection_file": connection_file, "cwd": cwd, "env": env}) + "\n")
            proc.stdin.flush()
            return int(json.loads(cls._readline(proc, timeout))["pid"])

    @classmethod
    def _start(cls, env: dict) -> subprocess.Popen:
        # Not the notebook's own environment (its HOME is a sandbox that goes away): each kernel gets that at
        # fork. One BLAS thread: a process that forks must not hold threads.
        zygote_env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                          **{k: env[k] for k in ("MPLBACKEND", "MPLCONFIGDIR") if k in env})
        proc = subprocess.Popen([sys.executable, "-m", "wanted._zygote"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=zygote_env,
                                cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        cls._readline(proc, 120)  # {"ready": pid}
        return proc

    @staticmethod
    def _readline(proc: subprocess.Popen, timeout: float) -> str:
        box = []
        reader = threading.Thread(target=lambda: box.append(proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not box or not box[0]:
            proc.kill()
            raise RuntimeError("the kernel zygote did not answer")
        return box[0]


class _Forked:
    """The part of ``subprocess.Popen`` that LocalProvisioner uses, for a kernel the zygote forked."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid, self.returncode = pid, None

    def poll(self):
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -signal.SIGKILL  # reaped by the zygote: its status is not ours to read
        return self.returncode

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum):
        os.kill(self.pid, signum)

    def kill(self):
        self.send_signal(signal.SIGKILL)

    def terminate(self):
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """Launch the kernel by forking the zygote; fall back to a normal launch if the zygote fails."""

    async def launch_kernel(self, cmd, **kwargs):
        try:
            # In a thread: the first fork starts the zygote (seconds of imports), and a server's event loop
            # (JupyterLab's, in the browser tests) must go on answering meanwhile.
            pid = await asyncio.to_thread(ForkServer.fork, self.parent.connection_file,
                                          str(kwargs.get("cwd") or os.getcwd()), dict(kwargs.get("env") or os.environ))
        except (OSError, RuntimeError, ValueError, KeyError):
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _Forked(pid)
        self.pid = self.pgid = pid  # the child called setsid(): its group is its own
        self.cwd = kwargs.get("cwd")
        return self.connection_info


class _ForkedStart:
    """Mixed into a kernel manager: its kernel is forked from the zygote (see ``ForkProvisioner``)."""

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)


class ForkedKernelManager(_ForkedStart, AsyncIPCKernelManager):
    """The grader's kernel manager: Unix sockets, and a kernel forked from the zygote."""


class ForkedIPCKernelManager(_ForkedStart, IPCKernelManager):
    """The synchronous version, for nbval: the same notebook code runs, without re-importing the libraries."""
