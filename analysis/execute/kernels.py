"""Reusable ("warm") Jupyter kernels for executing the chapter notebooks with papermill.

Starting a kernel and importing pandas, Altair and this package costs 1.5-2 s, which is more
than most chapters take to run.  A build executes 16 chapters, and a batch builds 153 councils,
so instead of one fresh kernel per notebook each worker thread borrows an idle kernel from a
small per-process pool:

* before every notebook the kernel's namespace is cleared with IPython's
  ``reset(new_session=True)``: no variable, function or import *name* survives from one
  chapter to the next, so a chapter that forgets to define something still fails.  Imported
  *modules* stay loaded (that is the saving);
* the kernel's working directory is set to the chapter's ``cwd`` each time, inside the kernel:
  this process never changes its own directory (its other threads resolve paths against it);
* a kernel whose notebook failed, timed out or was interrupted is shut down, never reused;
* the pool is emptied at the end of a build (:func:`shutdown_all`), unless the caller keeps it
  for the next build (the batch does, one pool per worker process), and at process exit.

Execution goes through papermill as before: :class:`WarmEngine` is a papermill engine that
hands nbclient a running kernel instead of letting it start one.  ``render.reuse_kernels:
false`` in params turns all of this off (one fresh kernel per chapter).
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

#: ipykernel's warning that loopback TCP is unencrypted is printed on every start; it says
#: nothing a report builder can act on, so kernels log errors only.
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR"]

_RESET = (
    "get_ipython().reset(new_session=True, aggressive=False)\n"
    "import os as __p2r_os; __p2r_os.chdir({cwd!r}); del __p2r_os\n"
)


class WarmKernel:
    """One running kernel and its (asynchronous, as nbclient expects) manager.  Every method may be
    called from any thread."""

    def __init__(self, kernel_name: str = "python3", cwd: str | Path = ".", startup_timeout: float = 180):
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.kernel_name = kernel_name
        self.startup_timeout = startup_timeout
        self.km = AsyncKernelManager(kernel_name=kernel_name)
        # history in memory, as nbclient does: kernels running at once must not share one SQLite file
        run_sync(self.km.start_kernel)(
            cwd=str(cwd), extra_arguments=[*KERNEL_ARGS, "--HistoryManager.hist_file=:memory:"]
        )
        self.pid = getattr(self.km.provisioner, "pid", None)
        try:
            self.client().stop_channels()  # ready before it is handed out
        except BaseException:
            self.shutdown()
            raise

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        try:
            return bool(self.km.has_kernel and run_sync(self.km.is_alive)())
        except Exception:  # noqa: BLE001 - a manager in a bad state is not alive
            return False

    def client(self):
        """A new asynchronous client with its channels started and the kernel ready."""
        from jupyter_core.utils import run_sync

        kc = self.km.client()
        kc.start_channels()
        try:
            run_sync(kc.wait_for_ready)(timeout=self.startup_timeout)
        except BaseException:
            kc.stop_channels()
            raise
        return kc

    def reset(self, kc, cwd: str | Path, timeout: float = 60) -> None:
        """Clear the namespace and set the working directory before the next notebook."""
        from jupyter_core.utils import run_sync

        reply = run_sync(kc.execute_interactive)(
            _RESET.format(cwd=str(cwd)), store_history=False, timeout=timeout, output_hook=lambda msg: None
        )
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"could not reset the kernel: {reply['content'].get('evalue', '')}")

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        try:
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - already gone, or its manager is in a bad state
            pass
        if self.pid:  # make sure: a kernel must never outlive its build
            try:
                import psutil

                proc = psutil.Process(self.pid)
                proc.kill()
                proc.wait(5)
            except Exception:  # noqa: BLE001 - gone already
                pass


class KernelPool:
    """Idle warm kernels of this process, keyed by kernel name."""

    def __init__(self) -> None:
        self._idle: list[WarmKernel] = []
        self._lock = threading.Lock()
        self.started = 0

    def acquire(self, kernel_name: str, cwd: str | Path, startup_timeout: float = 180) -> WarmKernel:
        while True:
            with self._lock:
                k = next((k for k in self._idle if k.kernel_name == kernel_name), None)
                if k is None:
                    break
                self._idle.remove(k)
            if k.alive():
                return k
            k.shutdown()
        k = WarmKernel(kernel_name, cwd, startup_timeout)
        with self._lock:
            self.started += 1
        return k

    def release(self, k: WarmKernel, *, healthy: bool) -> None:
        if healthy and k.alive():
            with self._lock:
                self._idle.append(k)
        else:
            k.shutdown()

    def shutdown_all(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for k in idle:
            k.shutdown()

    def __len__(self) -> int:
        return len(self._idle)


POOL = KernelPool()


def shutdown_all() -> None:
    POOL.shutdown_all()


atexit.register(shutdown_all)
try:  # multiprocessing children leave through os._exit, which skips atexit; its finalizers do run
    from multiprocessing import util as _mp_util

    _mp_util.Finalize(None, shutdown_all, exitpriority=10)
except Exception:  # pragma: no cover
    pass


def execute_notebook_warm(
    nb_in: Path,
    nb_out: Path,
    parameters: dict,
    *,
    timeout: int,
    cwd: Path,
    kernel_name: str = "python3",
    start_timeout: int = 180,
) -> None:
    """papermill.execute_notebook on a kernel borrowed from :data:`POOL`.

    Raises whatever papermill raises; the kernel goes back to the pool only if the notebook ran
    to the end."""
    import papermill as pm

    _register_engine()
    k = POOL.acquire(kernel_name, cwd, start_timeout)
    healthy = False
    try:
        pm.execute_notebook(
            str(nb_in),
            str(nb_out),
            parameters=parameters,
            kernel_name=kernel_name,
            engine_name="p2r-warm",
            warm_kernel=k,
            warm_cwd=str(cwd),
            start_timeout=start_timeout,
            progress_bar=False,
            log_output=False,
            # no cwd= here: papermill would chdir the whole process; the kernel's own directory is
            # set by WarmKernel.reset (warm_cwd) instead
            execution_timeout=timeout,
            report_mode=True,
        )
        healthy = True
    finally:
        POOL.release(k, healthy=healthy)


_REGISTERED = False


def _register_engine() -> None:
    global _REGISTERED
    if _REGISTERED:
        return
    from papermill.engines import NBClientEngine, papermill_engines

    class WarmEngine(NBClientEngine):
        """papermill's nbclient engine, on an already running kernel."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            warm_kernel: WarmKernel | None = None,
            warm_cwd: str = ".",
            **kwargs,
        ):
            from papermill.clientwrap import PapermillNotebookClient
            from papermill.engines import logger
            from papermill.utils import merge_kwargs, remove_args

            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(
                kwargs,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            assert warm_kernel is not None, "the p2r-warm engine runs only on a kernel from POOL"
            kc = warm_kernel.client()
            try:
                warm_kernel.reset(kc, warm_cwd)
                client = PapermillNotebookClient(nb_man, km=warm_kernel.km, **final)
                client.kc = kc
                return client.execute(cleanup_kc=False)
            finally:
                kc.stop_channels()

    papermill_engines.register("p2r-warm", WarmEngine)
    _REGISTERED = True
