"""Run a build's reports on a Dask cluster: a warm kernel on each worker, pages returned to the client.

`python -m analysis build --scheduler ADDRESS` connects to a running cluster;
`--scheduler local` starts a `LocalCluster` of `-j` worker processes on this machine. Each
worker starts one warm kernel as it joins (a worker plugin) and keeps it between reports
and, on a cluster that outlives the build, between builds. One thread of the worker owns
the kernel, so that the kernel's event loop outlives each task.

The workers need not share this machine's disk. The client ships them what reports read,
the claims folder and the notebooks (once a build, unpacked once per worker and kept by
content); each task returns the page and the executed notebook as bytes, and the client
writes them into the build's staging folder, published whole at the end as in a local
build. A worker lost mid-report has its report run again elsewhere by Dask; nothing it did
reaches the staging folder. This is the only module that imports Dask, and the build
imports it only when a scheduler is named.

Tested in tests/site/test_cluster.py.
"""

import asyncio
import hashlib
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from concurrent.futures import CancelledError, ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path, PurePosixPath

import nbformat
import papermill
from distributed import Client, LocalCluster, as_completed, get_worker
from distributed.comm import connect
from distributed.comm.addressing import normalize_address
from distributed.diagnostics.plugin import WorkerPlugin

from analysis.common import paths
from analysis.common.files import write_atomically
from analysis.common.problems import BuildError
from analysis.site.freshness import hash_code
from analysis.site.kernels import launch_worker_kernel, stop_worker_kernel
from analysis.site.plan import ReportSpec
from analysis.site.run import ReportResult, run_report, write_report
from analysis.site.workers import describe_progress, send_stderr_to

LOCAL = "local"  # --scheduler local: start a LocalCluster here
CONNECT_SECONDS = 5  # to reach a scheduler
WORKER_WAIT_SECONDS = 30  # for a scheduler with no workers to get one
RETRIES = 1  # a task that raises (a failing notebook does not: it is a failed report) is tried once more
PLUGIN = "analysis-warm-kernel"
KEPT_INPUTS = 3  # copies of shipped inputs a worker keeps: those of the last builds
STOP_SECONDS = 30  # for a closing worker's kernel to stop
# Run by each worker of a LocalCluster (the build's own processes) as it starts, before it loads this module;
# the workers of a cluster the build only connects to are left as they are.
DECLINE_ON_START = "from analysis.common.speedups import decline_slow_imports; decline_slow_imports()"
HINT = (
    "start a scheduler with `dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`, "
    "or use --scheduler local for a cluster on this machine"
)


class DaskWorkers:
    """A build engine on Dask: the reports run on a cluster's workers, each with its warm kernel.

    `address` names a running scheduler (tcp://host:8786), whose cluster is left running
    with its kernels warm; or is "local", to start a LocalCluster of `jobs` single-threaded
    worker processes here, closed with the engine, whose kernels' messages go to `log_path`.
    """

    def __init__(self, address: str, jobs: int, log_path: Path):
        self.address, self.jobs, self.log_path = address, jobs, Path(log_path)
        self.cluster: LocalCluster | None = None
        self.client: Client | None = None

    def __enter__(self):
        logging.getLogger("distributed.client").setLevel(logging.CRITICAL)  # a lost scheduler is said in one line
        try:
            self.client = self._connect()
            check_workers(self.client, self.address)
            self.client.register_plugin(WarmKernelPlugin(self.log_path if self.cluster else None), name=PLUGIN)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc_info):
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def _connect(self) -> Client:
        if self.address.strip().lower() == LOCAL:
            self.cluster = LocalCluster(
                n_workers=self.jobs,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
                preload=[DECLINE_ON_START],  # Dask runs a preload given as code in each worker
            )
            return Client(self.cluster, set_as_default=False)
        address = reach_scheduler(self.address)
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)

    def run_reports(self, specs, staging: Path, version: str, echo) -> dict[str, ReportResult]:
        """Run `specs` on the cluster, echoing a progress line as each finishes; return the results by href."""
        if not specs:
            return {}
        where = "a local Dask cluster" if self.cluster else f"the Dask cluster at {self.address}"
        logs = "build.log" if self.cluster else "each worker's log"
        echo(
            f"running {len(specs)} reports on {where}, {_count(len(self.client.nthreads()), 'worker')} "
            f"with a warm kernel each; kernel messages go to {logs}"
        )
        shipped = self.client.scatter(pack_inputs(specs), broadcast=True, hash=False)
        code, token = hash_code(), uuid.uuid4().hex[:8]
        futures = {
            self.client.submit(
                build_on_worker, spec, shipped, version, code, key=f"report-{spec.href}-{token}", retries=RETRIES
            ): spec
            for spec in specs
        }
        results = {}
        try:
            for done, future in enumerate(as_completed(futures, loop=self.client.loop), 1):
                result = receive_report(futures[future], future, staging, version)
                echo(describe_progress(done, len(specs), result))
                results[result.href] = result
        finally:
            try:
                self.client.cancel([*futures, shipped])
            except Exception:  # noqa: BLE001 - a cluster gone away has nothing left to cancel
                pass
        return results


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def reach_scheduler(address: str) -> str:
    """Return the scheduler's address in full once it answers; raise BuildError in one line when it does not."""
    try:
        full = normalize_address(address)
        with ThreadPoolExecutor(max_workers=1) as probe:  # a thread of its own: the caller may run an event loop
            probe.submit(asyncio.run, _probe(full)).result()
    except (OSError, ValueError, TypeError) as exc:
        raise BuildError(f"cannot reach a Dask scheduler at {address!r}: {exc}; {HINT}") from None
    return full


async def _probe(address: str) -> None:
    comm = await connect(address, timeout=CONNECT_SECONDS)
    await comm.close()


def check_workers(client: Client, address: str) -> None:
    """Raise BuildError unless the cluster has a worker, and each runs the same package code as this client."""
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except TimeoutError:
        raise BuildError(
            f"the Dask scheduler at {address} has no worker after {WORKER_WAIT_SECONDS} s; {HINT}"
        ) from None
    try:
        codes = client.run(hash_code)
    except Exception as exc:  # noqa: BLE001 - a worker without the package fails here, in the worker
        raise BuildError(
            f"the Dask workers cannot run the analysis package ({type(exc).__name__}: {exc}); "
            "install this version of the package on every worker"
        ) from None
    mine = hash_code()
    others = sorted(worker for worker, code in codes.items() if code != mine)
    if others:
        raise BuildError(
            f"Dask worker {', '.join(others)} runs other analysis code than this client; "
            "install this version of the package on every worker, so that the reports match their freshness keys"
        )


def receive_report(spec: ReportSpec, future, staging: Path, version: str) -> ReportResult:
    """Write the report a worker returned into `staging`; a report whose task was lost gets a failed page."""
    try:
        built = future.result()
    except CancelledError as exc:  # the scheduler is gone, or someone cancelled the task: no fault of this report
        raise BuildError(
            f"the Dask cluster dropped {spec.href} ({type(exc).__name__}: {' '.join(str(exc).split())}); "
            "nothing was published, the previous reports are as they were: build again"
        ) from None
    except Exception as exc:  # noqa: BLE001 - a lost report fails alone, as a failing notebook does
        return write_lost_report(spec, staging, version, f"{type(exc).__name__}: {exc}")
    for relative, data in ((spec.executed, built.notebook), (spec.href, built.page)):
        if data is not None:
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            write_atomically(staging / relative, data)
    return replace(built.result, spec=spec)


def write_lost_report(spec: ReportSpec, staging: Path, version: str, error: str) -> ReportResult:
    """Write a failed page for a report whose task ended without one (its workers died, say), and an empty notebook."""
    notebook = nbformat.v4.new_notebook()
    (staging / spec.executed).parent.mkdir(parents=True, exist_ok=True)
    write_atomically(staging / spec.executed, nbformat.writes(notebook).encode())
    return write_report(spec, staging, version, notebook, error, time.perf_counter())


# --- what reports read, shipped to the workers -------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """The files reports read, for workers that may not share this machine's disk."""

    digest: str
    files: dict  # "claims/…" and "notebooks/KIND.ipynb" → their bytes
    takes_claims_dir: frozenset  # the kinds of report whose notebook has a `claims_dir` parameter


@dataclass(frozen=True)
class Built:
    """One report built on a worker: how it went, its page, and its executed notebook (None if never written)."""

    result: ReportResult
    page: bytes
    notebook: bytes | None


def pack_inputs(specs: list[ReportSpec]) -> Inputs:
    """Return the claims folder and the notebooks that `specs` read, as bytes."""
    folders = {spec.parameters.get("claims_dir") or str(paths.CLAIMS_DIR) for spec in specs}
    if len(folders) != 1:
        raise ValueError(f"the reports of one build read one claims folder, not {sorted(folders)}")
    files = read_folder(Path(folders.pop()), "claims")
    notebooks = {spec.kind: spec.notebook for spec in specs}
    files.update({f"notebooks/{kind}.ipynb": path.read_bytes() for kind, path in notebooks.items()})
    takes = frozenset(kind for kind, path in notebooks.items() if "claims_dir" in papermill.inspect_notebook(str(path)))
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return Inputs(digest.hexdigest()[:16], files, takes)


def read_folder(root: Path, prefix: str) -> dict[str, bytes]:
    """Return the files under `root` by `prefix`/their relative path; hidden ones and links leaving `root` left out."""
    base, files = root.resolve(), {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        resolved = path.resolve()
        if resolved.is_file() and resolved.is_relative_to(base):
            files[f"{prefix}/{relative.as_posix()}"] = resolved.read_bytes()
    return files


def unpack_inputs(inputs: Inputs, scratch: Path) -> Path:
    """Write `inputs` under `scratch` once, in a folder named by their digest; return that folder."""
    target = scratch / f"inputs-{inputs.digest}"
    if not target.is_dir():
        scratch.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(dir=scratch, prefix=".inputs-"))
        for name, data in inputs.files.items():
            path = partial.joinpath(*_confine(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        try:
            os.rename(partial, target)
        except OSError:  # another thread of this worker put it there first
            shutil.rmtree(partial, ignore_errors=True)
    os.utime(target)
    for old in sorted(scratch.glob("inputs-*"), key=lambda p: p.stat().st_mtime, reverse=True)[KEPT_INPUTS:]:
        shutil.rmtree(old, ignore_errors=True)
    return target


def _confine(name: str) -> tuple[str, ...]:
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
        raise ValueError(f"shipped file {name!r} would land outside the worker's inputs folder")
    return parts


def localise(spec: ReportSpec, inputs: Inputs, folder: Path) -> ReportSpec:
    """Return `spec` reading its notebook and claims from the worker's copy in `folder`."""
    parameters = dict(spec.parameters)
    if spec.kind in inputs.takes_claims_dir:
        parameters["claims_dir"] = str(folder / "claims")
    return replace(spec, parameters=parameters, notebooks_dir=folder / "notebooks")


# --- on the workers ------------------------------------------------------------------------------

_kernel_thread: ThreadPoolExecutor | None = None
_kernel_thread_lock = threading.Lock()


def kernel_thread() -> ThreadPoolExecutor:
    """Return this worker's one thread that owns its warm kernel, started on first use."""
    global _kernel_thread
    with _kernel_thread_lock:
        if _kernel_thread is None:
            _kernel_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warm-kernel")
        return _kernel_thread


def build_on_worker(spec: ReportSpec, inputs: Inputs, version: str, code: str) -> Built:
    """Build one report on this Dask worker, in its warm kernel; return its page and notebook as bytes."""
    scratch = Path(get_worker().local_directory)
    return kernel_thread().submit(build_here, spec, inputs, version, code, scratch).result()


def build_here(spec: ReportSpec, inputs: Inputs, version: str, code: str, scratch: Path) -> Built:
    """Run `spec` from this process's copy of `inputs` in a scratch folder; return what it wrote."""
    if worker_code() != code:
        raise RuntimeError("this Dask worker runs other analysis code than the client; install the same version")
    local = localise(spec, inputs, unpack_inputs(inputs, scratch))
    with tempfile.TemporaryDirectory(dir=scratch, prefix="report-") as folder:
        result = run_report(local, Path(folder), version)
        executed = Path(folder) / spec.executed
        notebook = executed.read_bytes() if executed.is_file() else None
        return Built(result, (Path(folder) / spec.href).read_bytes(), notebook)


@cache
def worker_code() -> str:
    """Return the hash of this worker's package code, computed once."""
    return hash_code()


class WarmKernelPlugin(WorkerPlugin):
    """Start a warm kernel on each worker as it joins the cluster; stop it as the worker closes.

    Given `log_path` (a cluster on this machine), the worker's stderr and its kernel's go there.
    """

    idempotent = True  # a later build's registration leaves the running kernels warm

    def __init__(self, log_path: Path | None = None):
        self.log_path = None if log_path is None else str(log_path)

    def setup(self, worker) -> None:
        os.environ.pop("MPLBACKEND", None)  # a non-inline backend would drop every figure silently
        if self.log_path:
            send_stderr_to(self.log_path)
        kernel_thread().submit(_launch_kernel)  # boots while the client loads the data

    def teardown(self, worker) -> None:
        try:
            kernel_thread().submit(stop_worker_kernel).result(timeout=STOP_SECONDS)
        except Exception:  # noqa: BLE001 - a worker closing mid-report: its kernel exits with it
            pass


def _launch_kernel() -> None:
    try:
        launch_worker_kernel()
    except Exception:  # noqa: BLE001 - the first report starts it again, and fails alone if it must
        pass
