"""Where the per-article work runs: in this process, in a pool of processes, or on Dask.

Every engine maps worker.process_unit over the units of input and yields each unit with its
outcomes, in input order, so the batch decides duplicates and writes rows exactly as with any
other engine. At most a few units per worker are in flight at a time: the parent never holds
the corpus, however large it is.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from .ingest import InputUnit
from .models import Reject
from .worker import ArticleWorker, Outcome, WorkerSettings, process_unit

if TYPE_CHECKING:
    from spacy.language import Language

ENGINES = ("local", "dask")
UNITS_IN_FLIGHT_PER_WORKER = 4


class EngineError(RuntimeError):
    """The engine cannot start (Dask missing, scheduler unreachable)."""


class _Pending(Protocol):
    def result(self) -> list[Outcome]: ...


Unit = InputUnit | Reject  # a Reject: an input that could not even be planned as a unit
UnitOutcomes = tuple[Unit, list[Outcome]]


def outcomes_by_unit(units: Iterable[Unit], settings: WorkerSettings, engine: str = "local",
                     workers: int = 1, scheduler: str | None = None,
                     nlp: Language | None = None) -> Iterator[UnitOutcomes]:
    """Each unit with its outcomes (one per article or bad input, in the unit's order), in input order.

    engine "local": in this process when workers == 1 (reusing `nlp` if given), else a pool of
    `workers` processes. engine "dask": a LocalCluster of `workers` processes, or the cluster
    whose scheduler address is given.
    """
    if engine == "dask":
        yield from _on_dask(units, settings, workers, scheduler)
    elif workers == 1:
        worker = ArticleWorker(settings, nlp)
        try:
            yield from ((unit, worker.process_unit(unit)) for unit in units)
        finally:
            worker.close()
    else:
        # A worker that dies (killed for memory) breaks the pool with an error; multiprocessing.Pool
        # would wait for it forever.
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from _in_order(units, lambda unit: pool.submit(process_unit, settings, unit),
                                 workers * UNITS_IN_FLIGHT_PER_WORKER)


def _in_order(units: Iterable[Unit], submit: Callable[[InputUnit], _Pending],
              in_flight: int) -> Iterator[UnitOutcomes]:
    pending: deque[tuple[Unit, _Pending | list[Outcome]]] = deque()
    for unit in units:
        pending.append((unit, [unit] if isinstance(unit, Reject) else submit(unit)))
        while len(pending) > in_flight:
            yield _result(*pending.popleft())
    while pending:
        yield _result(*pending.popleft())


def _result(unit: Unit, pending: _Pending | list[Outcome]) -> UnitOutcomes:
    if isinstance(pending, list):
        return unit, pending
    outcomes = pending.result()
    if hasattr(pending, "release"):  # a Dask future: let the cluster forget it
        pending.release()
    return unit, outcomes


def _on_dask(units: Iterable[Unit], settings: WorkerSettings, workers: int,
             scheduler: str | None) -> Iterator[UnitOutcomes]:
    with _dask_client(workers, scheduler) as client:
        threads = sum(client.nthreads().values()) or workers
        yield from _in_order(units, lambda unit: client.submit(process_unit, settings, unit, pure=False),
                             threads * UNITS_IN_FLIGHT_PER_WORKER)


@contextmanager
def _dask_client(workers: int, scheduler: str | None):
    try:
        from dask.distributed import Client, LocalCluster, Security
    except ImportError as error:
        raise EngineError("--engine dask needs Dask: pip install 'dask[distributed]'") from error
    if scheduler and scheduler.startswith("tls://"):
        security = Security()  # from Dask's configuration
        if not (security.tls_ca_file and security.tls_client_cert):
            raise EngineError(f"--scheduler {scheduler} needs Dask's TLS settings: DASK_DISTRIBUTED__COMM__TLS__"
                              "CA_FILE, ..._CLIENT__CERT and ..._CLIENT__KEY (or distributed.comm.tls in its config)")
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
            cluster = None
        else:
            # One thread per worker process: each process builds one spaCy pipeline and uses
            # both cores of a 2-core machine without fighting over the GIL.
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
    except OSError as error:
        raise EngineError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {error}") from error
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
