"""gunicorn settings: `gunicorn -c server/gunicorn_conf.py wsgi:app` (command-line flags win).

- Metrics across workers: every worker writes its metrics to files in
  PROMETHEUS_MULTIPROC_DIR (prometheus_client's multiprocess mode) and /metrics adds them
  up. Unless the variable is set, the folder is `.run/prometheus-<master pid>`; it is
  emptied when the master starts (values from an earlier run would be added in), a dead
  worker's live gauges are dropped (`child_exit`), and the folder goes when the master
  exits. The variable is set here, in the master, before anything imports
  prometheus_client: the workers (no --preload) inherit it.
- The in-flight bound (server/observability.py): each worker admits threads - 2 requests
  at once unless REFERRALS_MAX_IN_FLIGHT says otherwise; the two spare threads answer
  the health probes and the 503s for the requests past the bound without queueing. And
  all workers together admit at most REFERRALS_MAX_IN_FLIGHT_TOTAL (default: twice the
  CPU count; 0: no shared bound), counted in memory this master maps before it forks them
  (runtime/observability.py SharedInFlight): a request is refused when the machine is
  full, not because it landed on a busy worker while another was idle.
- Warm-up: each worker opens its driver connections and runs one path search before it
  takes requests, so the first minute is like the tenth.

docs/operations.md has the whole picture.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
from pathlib import Path

from runtime.observability import SharedInFlight
from runtime.settings import Settings  # reads the environment; imports no prometheus_client

if "prometheus_client" in sys.modules:  # it would have picked single-process mode already
    raise RuntimeError("prometheus_client was imported before PROMETHEUS_MULTIPROC_DIR was set: "
                       "the workers' metrics would not add up (see services/metrics.py)")

_settings = Settings.from_env()
_owned = _settings.metrics_dir is None  # our own folder: emptied at start, removed at exit
METRICS_DIR: Path = _settings.metrics_dir or _settings.home / ".run" / f"prometheus-{os.getpid()}"
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(METRICS_DIR)  # before any prometheus_client import
# two searches a core: the ranking and Neo4j take turns on them (docs/operations.md, "Overload")
MAX_IN_FLIGHT_TOTAL = 2 * (os.cpu_count() or 1) if _settings.max_in_flight_total is None \
    else _settings.max_in_flight_total
SHARED_IN_FLIGHT = SharedInFlight(MAX_IN_FLIGHT_TOTAL) if MAX_IN_FLIGHT_TOTAL else None

# the production settings (README, Production; docs/reliability.md): command-line flags win
worker_class = "gthread"
threads = 4  # 2 admitted per worker (REFERRALS_MAX_IN_FLIGHT), 2 spare: docs/operations.md, "Overload"
timeout = 30
graceful_timeout = 10
keepalive = 5
backlog = 512
GIL_SWITCH_MS = 1.0  # per worker, in post_worker_init


def on_starting(server) -> None:
    """Master: an empty metrics folder (an earlier run's values would be added to this one's)."""
    if METRICS_DIR.exists():
        for item in METRICS_DIR.glob("*.db"):
            item.unlink()
    METRICS_DIR.mkdir(parents=True, exist_ok=True)
    if _owned:  # folders of masters that were killed before on_exit could remove them
        for old in METRICS_DIR.parent.glob("prometheus-*"):
            pid = old.name.removeprefix("prometheus-")
            if old != METRICS_DIR and pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pre_fork(server, worker) -> None:
    """Master, before forking a worker: its slot in the shared in-flight count."""
    worker.in_flight_slot = SHARED_IN_FLIGHT.claim() if SHARED_IN_FLIGHT is not None else -1


def post_worker_init(worker) -> None:
    """Worker, app loaded, before its first request: the in-flight bounds and the warm-up."""
    from server.observability import set_worker_threads, warm_up

    limit = set_worker_threads(worker.wsgi, worker.cfg.threads, SHARED_IN_FLIGHT,
                               getattr(worker, "in_flight_slot", -1))
    # A thread that only has to answer a 503 or a probe waits for the GIL behind the
    # ranking threads; Python hands it over every 5 ms by default, 1 ms here (measured in
    # docs/operations.md, "Overload"). REFERRALS_GIL_SWITCH_MS=5 restores Python's default.
    sys.setswitchinterval(float(os.environ.get("REFERRALS_GIL_SWITCH_MS") or GIL_SWITCH_MS) / 1000)
    warm_up(worker.wsgi, connections=min(worker.cfg.threads, limit + 1))
    # Everything loaded so far (modules, the app, the driver, the warm caches: ~150,000
    # objects) lives as long as the worker; frozen, a full collection no longer walks it.
    # It took 47-57 ms quiet and up to 600 ms under overload, every thread of the worker
    # stopped meanwhile: the HTTP tail (docs/operations.md, "Garbage collection").
    gc.collect()
    gc.freeze()


def child_exit(server, worker) -> None:
    """Master: a worker died or was replaced; its live gauges and its requests in flight
    no longer count."""
    from prometheus_client import multiprocess

    if SHARED_IN_FLIGHT is not None:
        SHARED_IN_FLIGHT.release(getattr(worker, "in_flight_slot", -1))
    multiprocess.mark_process_dead(worker.pid, str(METRICS_DIR))


def on_exit(server) -> None:
    if _owned:
        shutil.rmtree(METRICS_DIR, ignore_errors=True)
