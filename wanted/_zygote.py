"""The grader's kernel zygote: import the heavy libraries once, fork a fresh kernel per notebook.

Started by :class:`wanted.kernels.ForkServer` with a pipe on stdin and stdout. Each
request line is JSON ``{"connection_file", "cwd", "env"}``; the reply line is
``{"pid": …}`` of a forked child that has become an ipykernel kernel on that
connection file. A kernel started by ``python -m ipykernel_launcher`` spends
about two seconds importing IPython, pandas and matplotlib on a 2-core machine;
a forked one has them already.

The child is a new process with a new session, its own working folder and
environment, and none of this process's pipes; it imports nothing of the course
package before the grading preamble runs (that module reads the environment).
The zygote holds no threads and no ZeroMQ context, so forking is safe.
"""

import json
import os
import signal
import sys


def _become_kernel(request: dict) -> None:
    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel's own children must be waitable
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    # The kernel's parent poller ends it if this zygote goes away (the zygote ends with its grading worker).
    os.environ["JPY_PARENT_PID"] = str(os.getppid())
    sys.path[0] = request["cwd"]
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=["-f", request["connection_file"]])


def main() -> None:
    # What every grading kernel imports first (see the grading preamble).
    import builtins

    import ipykernel.ipkernel  # noqa: F401  (IPython, and debugpy for the debugger: a kernel would import them as it starts)
    import ipykernel.kernelapp  # noqa: F401
    import matplotlib

    # pandas decides at import whether it runs in a terminal (display.max_columns 0: fit the terminal) or in a
    # kernel (20), by asking get_ipython(). Imported here, before any kernel exists, it would guess "terminal" and
    # every forked kernel would print wide tables differently from a normal one. Answer as a kernel would (and
    # name stdout's encoding as a kernel's stream does, which pandas also reads).
    sys.stdout.reconfigure(encoding="UTF-8")
    builtins.get_ipython = lambda: type("Kernel", (), {"kernel": True})()
    try:
        import pandas  # noqa: F401
    finally:
        del builtins.get_ipython

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped as they exit: no zombies
    print(json.dumps({"ready": os.getpid()}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                _become_kernel(request)
            finally:
                os._exit(0)
        print(json.dumps({"pid": pid}), flush=True)


if __name__ == "__main__":
    main()
