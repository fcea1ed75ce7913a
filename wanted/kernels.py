"""Kernels over Unix sockets instead of loopback TCP ports.

jupyter_client picks a kernel's five TCP ports by asking the OS for free ones and
closing them again; the kernel binds them a moment later. When several kernels
start at once (nbval on two workers, the grader's pool, JupyterLab in the browser
tests) another process can take a port in between, and the kernel is left
unreachable: "Kernel didn't respond in 60 seconds". Unix sockets (``ipc``) have no
such race. Their files live in one temporary folder, named by a random id, and
are removed when the kernel shuts down.
"""

import os
import tempfile
import uuid

from jupyter_client.manager import AsyncKernelManager, KernelManager
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
