"""Warm kernels for the build: one per worker, started once, reset to a clean state between reports.

Starting a kernel and importing pandas, seaborn and the package costs seconds; running a
report's notebook costs a fraction of that. So each build worker keeps one kernel alive
and runs report after report in it through papermill's "warm" engine. Before each report
the kernel is reset: a fresh namespace and execution count (IPython's `reset`), every
figure closed and matplotlib's settings restored (mathtext kept off, as
`analysis.reports.plots.use_plain_text` sets it), so no report sees another's variables
or figures. Imported modules stay loaded: that is the warmth. What survives the reset
(modules, the workbook every report loads) is then frozen out of the cycle collector's
sight (`gc.freeze`), so that its collections during a report skip the data all reports
share. A kernel that dies is replaced before the next report.

The speed tricks used here (a connected client handed to papermill, no history file, no
redraw hook, no tight crop, a frozen collector) are described, with what each saves, in
`analysis.common.speedups`.
"""

from multiprocessing import util

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines

from analysis.common.speedups import (
    FREEZE_SHARED_DATA,
    KERNEL_WITHOUT_HISTORY,
    NO_REDRAW_HOOK,
    NO_TIGHT_CROP,
    attach_kernel_client,
)

ENGINE = "warm"
KERNEL = "python3"
WARM_UP = (
    "import analysis, analysis.reports.plots, analysis.reports.summaries, matplotlib.pyplot, pandas, seaborn\n"
    + NO_TIGHT_CROP
)
RESET = (
    "get_ipython().reset(new_session=True)\n"
    "import matplotlib as _mpl, matplotlib.pyplot as _plt\n"
    "_plt.close('all'); _mpl.rcdefaults()\n"
    "import analysis.reports.plots as _plots; _plots.use_plain_text()\n"  # rcdefaults turned mathtext back on
    "del _mpl, _plt, _plots\n" + NO_REDRAW_HOOK + FREEZE_SHARED_DATA
)
KERNEL_TIMEOUT = 120  # seconds for a kernel to start, and for its set-up code to run
START_TRIES = 3


class WarmEngine(NBClientEngine):
    """papermill engine that runs a notebook in a kernel it was given, and leaves it running.

    Pass the WarmKernel as `warm=`: its kernel and its connected client are reused.
    """

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
        **kwargs,
    ):
        warm = kwargs.pop("warm")
        client = PapermillNotebookClient(
            nb_man,
            km=warm.manager,
            kernel_name=kernel_name,
            startup_timeout=start_timeout,
            timeout=execution_timeout,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        attach_kernel_client(client, warm.client)
        return client.execute()


papermill_engines.register(ENGINE, WarmEngine)


class WarmKernel:
    """A kernel kept alive across reports, reset before each one."""

    def __init__(self):
        self.manager: AsyncKernelManager | None = None
        self.client = None

    def launch(self) -> None:
        """Start the kernel's process and return at once; `ready` waits for it later."""
        self.shutdown()
        self.manager = AsyncKernelManager(kernel_name=KERNEL)
        run_sync(self.manager.start_kernel)(extra_arguments=KERNEL_WITHOUT_HISTORY)

    def ready(self) -> "WarmKernel":
        """Return this kernel, running, connected and with a fresh namespace.

        The manager and client are nbclient's own kind (asynchronous), so that nbclient
        notices a kernel that dies mid-report instead of waiting on it for ever.
        """
        if self.manager is None or not run_sync(self.manager.is_alive)():
            self._start()
        elif self.client is None:
            try:
                self._connect()
            except RuntimeError:  # it died while starting: start again
                self._start()
        self._run(RESET)
        return self

    def _start(self, tries: int = START_TRIES) -> None:
        """Start a kernel; retry when it dies while starting (two kernels can race for one port)."""
        for attempt in range(1, tries + 1):
            try:
                return self._start_once()
            except RuntimeError:
                self.shutdown()
                if attempt == tries:
                    raise

    def _start_once(self) -> None:
        self.launch()
        self._connect()

    def _connect(self) -> None:
        self.client = self.manager.client()
        self.client.start_channels()
        run_sync(self.client.wait_for_ready)(timeout=KERNEL_TIMEOUT)
        self.client.allow_stdin = False
        self._run(WARM_UP)

    def _run(self, code: str) -> None:
        reply = run_sync(self.client.execute_interactive)(
            code, store_history=False, timeout=KERNEL_TIMEOUT, output_hook=lambda msg: None
        )
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel set-up failed: {reply['content'].get('evalue', '')}")

    def shutdown(self) -> None:
        """Stop the kernel, if one runs."""
        if self.client is not None:
            self.client.stop_channels()
        if self.manager is not None and self.manager.has_kernel:
            run_sync(self.manager.shutdown_kernel)(now=True)
        self.manager, self.client = None, None


_worker_kernel = WarmKernel()


def launch_worker_kernel() -> None:
    """Start this process's kernel in the background, to be stopped when the process ends."""
    util.Finalize(_worker_kernel, _worker_kernel.shutdown, exitpriority=10)
    _worker_kernel.launch()


def worker_kernel() -> WarmKernel:
    """Return this process's warm kernel, ready for a report; started on first use, stopped at exit."""
    if _worker_kernel.manager is None:
        util.Finalize(_worker_kernel, _worker_kernel.shutdown, exitpriority=10)
    return _worker_kernel.ready()


def stop_worker_kernel() -> None:
    """Stop this process's kernel now, if one runs (a Dask worker does so as it closes)."""
    _worker_kernel.shutdown()
