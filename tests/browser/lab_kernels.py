"""The browser tests' JupyterLab starts its kernels the way nbval and the grader do (``wanted/kernels.py``).

A kernel forked from the zygote has IPython, pandas and matplotlib imported already, so opening a lesson
does not wait for them again; it still is a new process, in the notebook's folder, with the server's
environment, talking over Unix sockets. The server loads this class by name
(``--AsyncMappingKernelManager.kernel_manager_class``), with this folder on its ``PYTHONPATH``.
"""

from jupyter_server.services.kernels.kernelmanager import ServerKernelManager
from traitlets import default

from wanted.kernels import _ForkedStart, _socket_base


class ForkedServerKernelManager(_ForkedStart, ServerKernelManager):
    """JupyterLab's kernel manager, with its kernel forked from the zygote over Unix sockets."""

    @default("transport")
    def _transport_default(self):
        return "ipc"

    @default("ip")
    def _ip_default(self):
        # Absolute: the forked kernel binds its sockets from the notebook's folder, not the server's.
        return _socket_base()
