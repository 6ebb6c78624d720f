"""A real Neo4j Community server managed by the project: fetch, configure, start, stop.

The artifacts come from Maven Central (`neo4j-server/pom.xml`, copied with
`mvn dependency:copy-dependencies`) into `<state dir>/lib`, once. Each server gets its
own home folder (config, data, logs) and Bolt port, so the demo server (7687) and the
test server (7688) run side by side. The entry point is the one `neo4j console` runs.

Where things live, the memory and the child's environment come from the caller
(runtime.settings.Settings.local_neo4j builds one from the settings).

Each home gets its own random password on its first start, kept in `<home>/password`
(mode 0600, owner only). A home made before that still has the old public DEV_PASSWORD:
its next start replaces it with a generated one (written to `password.new` first, so a
crash halfway never loses it).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from graph.config import DEFAULT_BOLT_PORT, DEV_PASSWORD, read_secret, write_secret

NEO4J_VERSION_FILE = "neo4j-server/pom.xml"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
DEFAULT_HEAP = "1g"
DEFAULT_PAGECACHE = "512m"
PASSWORD_FILE = "password"
PENDING_PASSWORD_FILE = "password.new"

# JVM flags Neo4j's own launcher passes; without the opens Netty falls back to slower paths.
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
]


class LocalServerError(RuntimeError):
    """The local server could not be fetched, started or stopped; the message says why."""


@dataclass(kw_only=True)
class LocalNeo4j:
    """One local server: its home folder, port, memory; its password lives in its home."""

    name: str = "demo"
    bolt_port: int = DEFAULT_BOLT_PORT
    state_dir: Path  # downloaded artifacts (lib/) and every server's home (<name>/)
    project_root: Path  # the checkout: its neo4j-server/pom.xml names the Neo4j version
    environment: Mapping[str, str] = field(repr=False)  # the java processes' base environment
    heap: str = DEFAULT_HEAP
    pagecache: str = DEFAULT_PAGECACHE

    @property
    def home(self) -> Path:
        return self.state_dir / self.name

    @property
    def password_file(self) -> Path:
        return self.home / PASSWORD_FILE

    @property
    def password(self) -> str:
        """The password of this server's `neo4j` user: the one generated for this home, or
        the old public one for a home made before passwords were generated (until its
        next start replaces it)."""
        return stored_password(self.home) or DEV_PASSWORD

    @property
    def lib_dir(self) -> Path:
        return self.state_dir / "lib"

    def _pom_version(self) -> str:
        text = (self.project_root / NEO4J_VERSION_FILE).read_text()
        start = text.index("<neo4j.version>") + len("<neo4j.version>")
        return text[start : text.index("</neo4j.version>")]

    def ensure_artifacts(self, echo: Callable[[str], None] = print) -> Path:
        """Download Neo4j and its runtime dependencies once; later calls reuse them."""
        version = self._pom_version()
        libs = self.lib_dir
        stamp = libs / ".complete"
        if stamp.exists() and stamp.read_text().strip() == version:
            return libs
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LocalServerError("Maven (mvn) is not installed; it fetches Neo4j from Maven Central.")
        if libs.exists():
            shutil.rmtree(libs)
        libs.mkdir(parents=True)
        echo(f"Fetching Neo4j {version} from Maven Central (first run only, ~130 MB)...")
        cmd = [
            mvn, "-q", "-B", "-f", str(self.project_root / NEO4J_VERSION_FILE),
            "dependency:copy-dependencies", f"-DoutputDirectory={libs}", "-DincludeScope=runtime",
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, env=dict(self.environment))
        if result.returncode != 0:
            output = result.stdout[-2000:] + result.stderr[-2000:]
            raise LocalServerError(f"Maven could not fetch Neo4j:\n{output}")
        stamp.write_text(version)
        return libs

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "server.pid"

    @property
    def console_log(self) -> Path:
        return self.home / "logs" / "console.log"

    # ---- state -------------------------------------------------------------------
    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        # a recycled pid is not our server: check the command line names our home
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            return pid
        return pid if str(self.home).encode() in cmdline else None

    def bolt_open(self) -> bool:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            return sock.connect_ex(("127.0.0.1", self.bolt_port)) == 0

    def resident_memory_mb(self) -> float | None:
        pid = self.pid()
        if pid is None:
            return None
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    # ---- configuration -------------------------------------------------------------
    def write_config(self) -> None:
        home = self.home
        for sub in ("conf", "data", "logs", "run", "plugins", "import"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        conf = f"""# Written by `referrals neo4j start`; edits are overwritten on the next start.
server.directories.data={home / "data"}
server.directories.logs={home / "logs"}
server.directories.run={home / "run"}
server.directories.plugins={home / "plugins"}
server.directories.import={home / "import"}
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:{self.bolt_port}
server.bolt.advertised_address=127.0.0.1:{self.bolt_port}
server.http.enabled=false
server.https.enabled=false
dbms.security.auth_enabled=true
dbms.usage_report.enabled=false
server.memory.pagecache.size={self.pagecache}
db.tx_log.rotation.retention_policy=2 files
db.logs.query.enabled=OFF
# how often transaction timeouts are enforced (default 2 s): a request's query that runs
# past REFERRALS_REQUEST_TIMEOUT_SECONDS stops within a quarter of a second of it
db.transaction.monitor.check.interval=250ms
"""
        (home / "conf" / "neo4j.conf").write_text(conf)

    def java(self) -> str:
        java = shutil.which("java")
        if java is None:
            raise LocalServerError("Java 17 is required to run Neo4j 5 and was not found on PATH.")
        return java

    def child_environment(self) -> dict[str, str]:
        """The environment of this server's java processes (the server, neo4j-admin)."""
        return {**self.environment, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.home / "conf")}

    def _set_initial_password(self, libs: Path) -> None:
        """A new random password for a new home: kept in the home (0600), then given to
        Neo4j before its first start."""
        password = generate_password()
        write_secret(self.password_file, password)
        result = subprocess.run(
            [self.java(), "-cp", f"{libs}/*", ADMIN_TOOL, "dbms", "set-initial-password", password],
            env=self.child_environment(), capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise LocalServerError(f"Could not set the initial password: {result.stderr.strip()[-1000:]}")

    # ---- lifecycle -------------------------------------------------------------------
    def start(self, timeout: float = 120.0, echo: Callable[[str], None] = print) -> float:
        """Start the server (if not running) and wait for Bolt; returns seconds waited."""
        if self.pid() is not None and self.bolt_open():
            echo(f"Neo4j '{self.name}' already running on {self.uri} (pid {self.pid()}).")
            return 0.0
        if self.bolt_open():
            raise LocalServerError(
                f"Port {self.bolt_port} is taken by another process; stop it or set another port."
            )
        libs = self.ensure_artifacts(echo)
        first_start = not (self.home / "data" / "databases").exists()
        self.write_config()
        if first_start:
            self._set_initial_password(libs)
        cmd = [
            self.java(), f"-Xms{self.heap}", f"-Xmx{self.heap}", *JVM_FLAGS,
            "-cp", f"{libs}/*", ENTRY_POINT,
            f"--home-dir={self.home}", f"--config-dir={self.home / 'conf'}",
        ]
        started = time.monotonic()
        with open(self.console_log, "ab") as log:
            proc = subprocess.Popen(
                cmd, env=self.child_environment(), stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,  # outlives the CLI
            )
        self.pid_file.write_text(str(proc.pid))
        echo(f"Starting Neo4j '{self.name}' on {self.uri} (pid {proc.pid}, log {self.console_log})...")
        while time.monotonic() - started < timeout:
            if proc.poll() is not None:
                raise LocalServerError(
                    f"Neo4j exited with code {proc.returncode} while starting. Last log lines:\n"
                    + self.tail_log()
                )
            if self.bolt_open() and self._bolt_answers():
                if not self.password_file.exists():
                    self._replace_public_password(echo)
                waited = time.monotonic() - started
                echo(f"Neo4j '{self.name}' is up on {self.uri} after {waited:.1f} s.")
                return waited
            time.sleep(0.3)
        self.stop(echo=lambda _m: None)
        raise LocalServerError(
            f"Neo4j did not answer on {self.uri} within {timeout:.0f} s.\n" + self.tail_log()
        )

    def _bolt_answers(self) -> bool:
        try:
            with GraphDatabase.driver(self.uri, auth=("neo4j", self.password),
                                      connection_timeout=2) as driver:
                driver.verify_connectivity()
            return True
        except AuthError as exc:
            if self._finish_pending_password():
                return True
            raise LocalServerError(
                f"Neo4j '{self.name}' rejected the configured password; "
                f"delete {self.home} to start fresh."
            ) from exc
        except (ServiceUnavailable, SessionExpired, OSError):
            return False

    def _replace_public_password(self, echo: Callable[[str], None]) -> None:
        """A home made before passwords were generated answers to the public DEV_PASSWORD:
        give it a random one. The new one is written first (`password.new`), then set,
        then moved into place, so a crash in between leaves it findable."""
        pending = self.home / PENDING_PASSWORD_FILE
        new = generate_password()
        write_secret(pending, new)
        with GraphDatabase.driver(self.uri, auth=("neo4j", DEV_PASSWORD), connection_timeout=5) as driver:
            driver.execute_query("ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                                 old=DEV_PASSWORD, new=new, database_="system")
        os.replace(pending, self.password_file)
        echo(f"Neo4j '{self.name}' had the old shared dev password; it now has its own, "
             f"in {self.password_file} (owner only).")

    def _finish_pending_password(self) -> bool:
        """After a crash between setting a new password and recording it: the pending one
        works, so it becomes the recorded one."""
        pending = self.home / PENDING_PASSWORD_FILE
        candidate = read_secret(pending)
        if candidate is None:
            return False
        try:
            with GraphDatabase.driver(self.uri, auth=("neo4j", candidate), connection_timeout=2) as driver:
                driver.verify_connectivity()
        except AuthError:
            return False
        os.replace(pending, self.password_file)
        return True

    def stop(self, timeout: float = 60.0, echo: Callable[[str], None] = print, *,
             once_databases_stopped: bool = False) -> bool:
        """SIGTERM, wait for a clean shutdown, SIGKILL only as a last resort.

        `once_databases_stopped` ends the wait when the debug log says the system database
        stopped (every database checkpointed and closed) and kills what is left: Bolt's
        network shutdown, which idles for about 5 s. For the offline importer, which
        replaces the `neo4j` database anyway."""
        pid = self.pid()
        if pid is None:
            echo(f"Neo4j '{self.name}' is not running.")
            self.pid_file.unlink(missing_ok=True)
            return False
        debug_log = self.home / "logs" / "debug.log"
        log_offset = debug_log.stat().st_size if debug_log.exists() else 0
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _alive(pid):
                break
            if once_databases_stopped and _logged_since(debug_log, log_offset, SYSTEM_DATABASE_STOPPED):
                os.kill(pid, signal.SIGKILL)
                while _alive(pid):
                    time.sleep(0.05)
                break
            time.sleep(0.1)
        else:
            os.kill(pid, signal.SIGKILL)
            echo(f"Neo4j '{self.name}' did not stop within {timeout:.0f} s; killed it.")
        self.pid_file.unlink(missing_ok=True)
        echo(f"Neo4j '{self.name}' stopped.")
        return True

    def kill(self) -> None:
        """Hard kill (for fault tests): no clean shutdown."""
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.05)

    def status(self) -> dict[str, object]:
        pid = self.pid()
        return {
            "name": self.name,
            "running": pid is not None,
            "pid": pid,
            "uri": self.uri,
            "bolt_open": self.bolt_open(),
            "home": str(self.home),
            "resident_mb": self.resident_memory_mb(),
        }

    def tail_log(self, lines: int = 20) -> str:
        for path in (self.home / "logs" / "neo4j.log", self.console_log):
            if path.exists():
                return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
        return "(no log yet)"


def generate_password() -> str:
    # hex, not url-safe base64: a password starting with "-" reads as an option to
    # neo4j-admin's command line (it failed one fresh start in 64)
    return secrets.token_hex(24)


def stored_password(home: Path) -> str | None:
    """The password generated for the local server whose home is `home`, if it has one."""
    return read_secret(home / PASSWORD_FILE)


SYSTEM_DATABASE_STOPPED = "Stopped 'DatabaseId{00000000[system]}' successfully"


def _logged_since(path: Path, offset: int, marker: str) -> bool:
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            return marker.encode() in handle.read()
    except OSError:
        return False


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):  # reap it if it is our child
        os.waitpid(pid, os.WNOHANG)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        return state != "Z"
    except OSError:
        return False


# ---- backup and restore (`referrals backup|restore`, docs/operations.md) ------------------
# Neo4j Community dumps and loads only a stopped database: each helper stops the server,
# runs neo4j-admin, and starts the server again if it was running (also after a failure).
# Only the `neo4j` database travels: users and the server's password live in the system
# database and stay with the home.

DATABASE = "neo4j"
DUMP_FILE = f"{DATABASE}.dump"  # what `neo4j-admin database dump` writes and `load` reads


@dataclass(frozen=True)
class BackupResult:
    path: Path  # the dump file
    size_bytes: int
    seconds: float  # neo4j-admin's own time
    downtime_seconds: float  # from the stop to the server answering again (0: it was not running)


def _run_admin(server: LocalNeo4j, args: list[str], echo: Callable[[str], None]) -> float:
    """neo4j-admin `args` for this server's home, its output passed to `echo` a line at a
    time (its progress); LocalServerError with the last lines when it fails."""
    libs = server.ensure_artifacts(echo)
    cmd = [server.java(), f"-Xmx{server.heap}", "-cp", f"{libs}/*", ADMIN_TOOL, *args]
    started = time.perf_counter()
    lines: list[str] = []
    with subprocess.Popen(cmd, env=server.child_environment(), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True) as proc:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.rstrip()
            if line:
                lines.append(line)
                echo(f"  {line}")
        code = proc.wait()
    if code != 0:
        raise LocalServerError(f"neo4j-admin {' '.join(args[:2])} failed (exit {code}):\n"
                               + "\n".join(lines[-30:]))
    return time.perf_counter() - started


@contextlib.contextmanager
def _stopped(server: LocalNeo4j, why: str, echo: Callable[[str], None]):
    """The server stopped for the block, started again afterwards if it was running."""
    was_running = server.pid() is not None
    stopped_at = time.monotonic()
    if was_running:
        echo(f"Stopping Neo4j '{server.name}' {why} (Neo4j Community needs the database stopped; "
             "the app answers 503 meanwhile)...")
        server.stop(echo=echo)
    server.write_config()
    downtime = [0.0]
    try:
        yield downtime
    finally:
        if was_running:
            server.start(echo=echo)
            downtime[0] = time.monotonic() - stopped_at


def backup_database(server: LocalNeo4j, folder: Path, *, force: bool = False,
                    echo: Callable[[str], None] = print) -> BackupResult:
    """Dump the server's `neo4j` database to `folder`/neo4j.dump. An existing dump is kept
    unless `force`; the new one is written next to it and moved into place only when
    complete, so a failed backup never spoils the previous one."""
    folder = Path(folder).expanduser().resolve()
    target = folder / DUMP_FILE
    if target.exists() and not force:
        raise LocalServerError(f"{target} already exists; choose another folder or pass --force "
                               "to replace it.")
    if not (server.home / "data" / "databases" / DATABASE).exists():
        raise LocalServerError(f"Neo4j '{server.name}' has no database yet ({server.home}); "
                               "start it once first.")
    folder.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".backup-", dir=folder))
    try:
        with _stopped(server, "for the backup", echo) as downtime:
            echo(f"Dumping database '{DATABASE}' to {target}...")
            seconds = _run_admin(server, ["database", "dump", DATABASE, f"--to-path={scratch}"], echo)
        os.replace(scratch / DUMP_FILE, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    size = target.stat().st_size
    echo(f"Backed up '{DATABASE}' of Neo4j '{server.name}' to {target} ({size / 2**20:,.1f} MiB, "
         f"{seconds:.1f} s).")
    return BackupResult(target, size, seconds, downtime[0])


def restore_database(server: LocalNeo4j, source: Path, *, force: bool = False,
                     echo: Callable[[str], None] = print) -> BackupResult:
    """Replace the server's `neo4j` database with the dump at `source` (a neo4j.dump file
    or the folder holding one): everything stored since that backup is lost, so it is
    refused unless `force`."""
    source = Path(source).expanduser().resolve()
    dump = source / DUMP_FILE if source.is_dir() else source
    if not dump.is_file():
        raise LocalServerError(f"No backup at {dump}: give the folder `referrals backup` wrote "
                               f"(it holds {DUMP_FILE}) or the file itself.")
    if dump.stat().st_size == 0:
        raise LocalServerError(f"{dump} is empty: not a Neo4j dump.")
    if not force:
        raise LocalServerError(
            f"Restoring replaces everything in Neo4j '{server.name}' ({server.home}) with {dump}; "
            "whatever was stored after that backup is lost. Pass --force to go ahead.")
    scratch = None
    folder = dump.parent
    if dump.name != DUMP_FILE:  # neo4j-admin loads <database>.dump from a folder
        scratch = Path(tempfile.mkdtemp(prefix=".restore-", dir=dump.parent))
        (scratch / DUMP_FILE).symlink_to(dump)
        folder = scratch
    try:
        with _stopped(server, "for the restore", echo) as downtime:
            echo(f"Loading {dump} into database '{DATABASE}' (replacing it)...")
            seconds = _run_admin(server, ["database", "load", DATABASE, f"--from-path={folder}",
                                          "--overwrite-destination=true"], echo)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    echo(f"Restored Neo4j '{server.name}' from {dump} ({seconds:.1f} s).")
    return BackupResult(dump, dump.stat().st_size, seconds, downtime[0])
