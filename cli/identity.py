"""`referrals seed exports`, `referrals evaluate identities`, `referrals bench identities`
(docs/identity.md; no Neo4j: files in, numbers out), and `referrals identity resolve|reviews`
on the graph, through the use cases (services/identity.py)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from cli import common
from identity.records import records_from_exports
from seed.exports import NOISE_LEVELS, write_exports
from services import identity as cases

# identity.model (and seed.identity_evaluation, which uses it) load Splink and DuckDB: the
# commands that need them import them, so every other `referrals` command starts without.

_noise = click.Choice(tuple(NOISE_LEVELS))


@click.command("exports")
@click.option("--people", type=click.IntRange(10), default=10_000, show_default=True,
              help="True people behind the records.")
@click.option("--noise", type=_noise, default="medium", show_default=True)
@click.option("--seed", "seed_value", type=int, default=7, show_default=True)
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Folder for the files.")
def exports_command(people: int, noise: str, seed_value: int, out: str) -> None:
    """LinkedIn, HubSpot, Salesforce and interaction-log exports with known truth."""
    started = time.perf_counter()
    summary = write_exports(out, people=people, noise=noise, seed=seed_value)
    for name, rows in summary.files.items():
        click.echo(f"{rows:>8,} rows  {Path(out) / name}")
    click.echo(f"{summary.records:,} person records from {people:,} true people at {summary.companies:,} "
               f"companies, noise {noise}, in {time.perf_counter() - started:.1f} s; truth in "
               f"{Path(out) / 'truth.csv'}, import order in {Path(out) / 'manifest.json'}.")


@click.command("identities")
@click.option("--people", type=click.IntRange(10), default=10_000, show_default=True)
@click.option("--noise", "levels", type=_noise, multiple=True,
              help="Noise level (repeatable); all three by default.")
@click.option("--seed", "seed_value", type=int, default=7, show_default=True)
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Keep the generated files here (one folder per level).")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, writable=True), default=None)
def evaluate_identities_command(people: int, levels: tuple[str, ...], seed_value: int, out: str | None,
                                json_file: str | None) -> None:
    """Precision, recall and F1 of automatic merges, and recall with the review queue."""
    from identity.model import AUTO, REVIEW
    from seed.identity_evaluation import evaluate_identities

    results = evaluate_identities(people=people, levels=levels or tuple(NOISE_LEVELS), seed=seed_value,
                                  out=out)
    table = Table(title=f"Identity resolution, {people:,} true people (auto p >= {AUTO}, "
                        f"review {REVIEW} <= p < {AUTO})")
    for col in ("noise", "records", "true pairs", "auto P", "auto R", "auto F1", "auto+review P",
                "auto+review R", "queue pairs", "resolve s"):
        table.add_column(col, justify="right")
    for r in results:
        table.add_row(r.noise, f"{r.records:,}", f"{r.true_pairs:,}", f"{r.auto.precision:.4f}",
                      f"{r.auto.recall:.4f}", f"{r.auto.f1:.4f}", f"{r.review.precision:.4f}",
                      f"{r.review.recall:.4f}", f"{r.queue_pairs:,}", f"{r.seconds_resolve:.1f}")
    Console(width=max(Console().width, 120)).print(table)  # never cut a number
    if json_file:
        Path(json_file).write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")


@click.command("identities")
@click.option("--people", type=click.IntRange(10), default=100_000, show_default=True)
@click.option("--noise", type=_noise, default="medium", show_default=True)
@click.option("--seed", "seed_value", type=int, default=7, show_default=True)
@click.option("--incremental/--no-incremental", default=False, show_default=True,
              help="Also load the records into the bench database (NEO4J_URI, else the local bench "
                   "server; wiped first) and time the run after an import of the last --rows rows.")
@click.option("--rows", type=click.IntRange(1), default=1_000, show_default=True,
              help="Rows of the import the incremental run follows.")
@click.option("--stage", type=click.Choice(["all", "load", "import"]), default="all", show_default=True,
              help="With --incremental: 'load' stops before the timed import (the bench database then "
                   "holds the rest and the model: copy its data folder to rerun the import), 'import' "
                   "skips the full run and the load and times only the import, on a database a 'load' "
                   "left with the same --people, --noise, --seed and --rows.")
@click.option("--warm/--cold", default=True, show_default=True,
              help="With --incremental: before the timed import, run its reads on as many other stored "
                   "people (what a server that has been answering has in its caches); --cold times a "
                   "server's first run.")
def bench_identities_command(people: int, noise: str, seed_value: int, incremental: bool, rows: int,
                             stage: str, warm: bool) -> None:
    """Time a from-scratch resolution (the files are generated and parsed first, untimed) and,
    with --incremental, the run after a --rows import into a graph holding the rest."""
    from identity.model import REVIEW, resolve

    if stage != "all" and not incremental:
        raise click.UsageError("--stage needs --incremental")
    with tempfile.TemporaryDirectory(prefix="identities-bench-") as tmp:
        if stage == "import":  # the load kept the held-out rows and the model in the graph
            _bench_incremental(Path(tmp), None, rows, stage=stage, warm=warm,
                               setup={"people": people, "noise": noise, "seed": seed_value, "rows": rows})
            return
        started = time.perf_counter()
        write_exports(tmp, people=people, noise=noise, seed=seed_value)
        parsed = records_from_exports(tmp)
        prepared = time.perf_counter() - started
        started = time.perf_counter()
        result = resolve(parsed.records, seed=seed_value)
        seconds = time.perf_counter() - started
        phases = ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
        click.echo(f"{people:,} true people, {result.records:,} records (generated and parsed in "
                   f"{prepared:.1f} s): full run from scratch in {seconds:.1f} s ({phases}); "
                   f"{len(result.pairs):,} pairs at p >= {REVIEW}; load average {_load()}.")
        if incremental:
            _bench_incremental(Path(tmp), result.model, rows, stage=stage, warm=warm,
                               setup={"people": people, "noise": noise, "seed": seed_value, "rows": rows})


def _bench_incremental(folder: Path, model: dict | None, rows: int, *, stage: str = "all",
                       setup: dict | None = None, warm: bool = True) -> None:
    """Everything but the HubSpot file's last ``rows`` rows loaded by the importer itself
    (graph.importing.run_import: the same people, companies, jobs, ties and external ids as
    the use case writes, without its per-file work the identity run does not read: consent
    marks, the entry points' refresh, the audit entry), the full run's model kept in the
    graph, then those rows imported through the use case: the import's own time and its
    identity run's."""
    from datetime import date

    from cli.bench_common import bench_graph, wipe
    from graph.identity import save_model
    from graph.importing import run_import
    from graph.schema import ensure_schema
    from runtime.context import bootstrap

    settings = common.settings()
    console = Console()
    graph = bench_graph(settings, console)
    try:
        if stage == "import":
            _time_import(graph, settings, setup or {}, warm=warm)
            return
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        today = date.fromisoformat(manifest["today"])
        wipe(graph)
        ensure_schema(graph)
        ctx = bootstrap(settings, graph=graph)
        owners = [e["owner"] for e in manifest["files"] if e["format"] == "linkedin"]
        graph.execute("UNWIND $ids AS id MERGE (r:Person {id: id}) SET r:Rep, r.is_rep = true, "
                      "r.name = 'Rep ' + id", ids=owners)
        started = time.perf_counter()
        importing = 0.0  # the importer's own seconds, file by file
        for entry in manifest["files"]:
            if entry["format"] == "interactions":
                continue  # written to reps' addresses, which the stand-in reps do not have
            data = (folder / entry["file"]).read_bytes()
            if entry["format"] == "hubspot":  # the last rows wait for the timed import
                data = _held_out(data, rows)[0]
            importing += run_import(graph, io.BytesIO(data), entry["format"], owner_id=entry.get("owner"),
                                    source=entry.get("source"), today=today).seconds
        stored = graph.query("MATCH (p:Person) WHERE NOT p:Rep RETURN count(p) AS n")[0]["n"]
        loaded = time.perf_counter() - started
        click.echo(f"loaded {stored:,} people into the bench database in {loaded:.1f} s "
                   f"(the importer {importing:.1f} s of it); load average {_load()}")
        save_model(graph, model, at=ctx.now(), people=stored)
        # what a later --stage import checks it runs on, with the rows it imports (so it
        # generates nothing); gone once an import ran
        hubspot = next(e for e in manifest["files"] if e["format"] == "hubspot")
        graph.execute("MERGE (b:BenchIdentityLoad) SET b += $setup, b.held_out = $rows, b.today = $today",
                      setup=setup or {}, rows=_held_out((folder / hubspot["file"]).read_bytes(), rows)[1]
                      .decode("utf-8"), today=manifest["today"])
        if stage == "load":
            click.echo("stopped before the timed import (--stage load); load average " + _load())
            return
        _time_import(graph, settings, setup or {}, warm=warm)
    finally:
        graph.close()


def _held_out(data: bytes, rows: int) -> tuple[bytes, bytes]:
    """A HubSpot file without its last ``rows`` rows, and those rows under the header."""
    lines = data.splitlines(keepends=True)
    return b"".join(lines[:-rows]), lines[0] + b"".join(lines[-rows:])


def _time_import(graph, settings, setup: dict, *, warm: bool = True) -> None:
    """The held-out HubSpot rows (kept by the load) imported through the use case, timed with
    its identity run; ``warm``: after the run's reads on as many other stored people (a
    server that has been answering has their plans compiled and the store in its page cache;
    one just started has neither, and its first run pays for both)."""
    from datetime import date

    from runtime.context import bootstrap
    from services import imports

    found = graph.query("MATCH (b:BenchIdentityLoad) RETURN b {.*} AS b")
    if not found or not found[0]["b"].get("held_out") or any(
            found[0]["b"].get(k) != v for k, v in setup.items()):
        raise click.ClickException(f"The bench database holds no load for {setup} that is still "
                                   "before its import: run --stage load (and restore its copy).")
    graph.execute("MATCH (b:BenchIdentityLoad) DELETE b")
    rows = setup.get("rows", 0)
    stored = graph.query("MATCH (p:Person) WHERE NOT p:Rep RETURN count(p) AS n")[0]["n"]
    ctx = bootstrap(settings, graph=graph)
    if warm:
        click.echo(f"warm-up (the store and its indexes read once, then the run's reads, scoring and "
                   f"writes on {rows:,} stored people, the writes rolled back): "
                   f"{_warm_up(ctx, rows):.1f} s")
    today = date.fromisoformat(found[0]["b"]["today"])
    held_out = found[0]["b"]["held_out"].encode("utf-8")
    cpu = time.process_time()
    started = time.perf_counter()
    report = imports.import_file(ctx, io.BytesIO(held_out), "hubspot", source="hubspot", today=today)
    total = time.perf_counter() - started
    run = report["identity"]
    click.echo(f"incremental: a {rows:,}-row HubSpot import on {stored:,} people took {total:.1f} s, "
               f"the import {report['seconds']:.1f} s and its identity run {run.get('seconds', 0):.1f} s "
               f"({run.get('people', 0):,} people against {run.get('candidates', 0):,} candidates: "
               f"{run.get('pairs', 0):,} pairs, {run.get('merged', 0):,} merged, "
               f"{run.get('queued', 0):,} queued){'' if run.get('ran') else ' - ' + run.get('note', '')}")
    if run.get("phases"):
        click.echo("  identity run phases: "
                   + ", ".join(f"{k} {v:.2f} s" for k, v in run["phases"].items()))
    companies = run.get("companies") or {}
    if companies.get("ran"):
        click.echo(f"  then the company linkage {companies['seconds']:.1f} s ({companies['companies']:,} "
                   f"companies: {companies['pairs']:,} pairs, {companies['merged']:,} merged, "
                   f"{companies['queued']:,} queued)")
    click.echo(f"  this process's CPU {time.process_time() - cpu:.1f} s; load average {_load()}")


def _warm_up(ctx, rows: int) -> float:
    """The reads of the run after an import (services.identity.after_import) on ``rows`` stored
    people, not the ones the timed import will touch; nothing is written. Seconds taken."""
    from graph import identity as store
    from graph import identity_reads as reads
    from graph.identity_keys import lookup_keys
    from identity.model import rules_of, score_candidates

    started = time.perf_counter()
    _warm_store(ctx.graph)
    ids = [row["id"] for row in ctx.graph.query(
        "MATCH (p:Person) WHERE NOT p:Rep AND p.linkedin_url IS NOT NULL "
        "RETURN p.id AS id ORDER BY p.id DESC LIMIT $n", n=rows)]
    store.relanding_candidates(ctx.graph, ids)
    reads.rekey_stale(ctx.graph, unless_current=True)
    trained = store.load_model(ctx.graph)
    rules = rules_of(trained) if trained else None
    own = reads.candidate_records(ctx.graph, ids, [])
    found = reads.candidate_records(ctx.graph, ids, [lookup_keys(r, rules) for r in own])
    frequencies, population = cases.term_frequencies(ctx, found)  # the run's own counts
    if trained:  # Splink's and DuckDB's first use in a process costs more than later ones
        score_candidates(found, set(ids), trained=trained, population=population, frequencies=frequencies)
    _rolled_back_writes(ctx, ids)
    _company_reads(ctx.graph)
    return time.perf_counter() - started


def _company_reads(graph) -> None:
    """The company linkage's reads after an import (services/company_identity.py), on a few
    stored companies."""
    from datetime import UTC, datetime

    from graph import company_identity
    from identity.companies import partners

    everyone = company_identity.company_names(graph)
    company_identity.created_since(graph, datetime.now(UTC))
    some = company_identity.company_records(graph, [c["id"] for c in everyone[:20]])
    company_identity.company_records(graph, sorted(partners(some, everyone)))


def _warm_store(graph) -> None:
    """The store and its range indexes into the page cache, as a server that has been answering
    holds them (the bench database fits it): a restarted one reads each page from disk on first
    use, which put the merges' writes at 5 s instead of 1 s (their index updates most)."""
    import re

    for warm in ("MATCH (n) RETURN sum(size(keys(n))) AS n",
                 "MATCH ()-[r]->() RETURN sum(size(keys(r))) AS n", "MATCH (n)-[r]-() RETURN count(r) AS n"):
        graph.query(warm)
    name = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # labels and keys from the schema, checked anyway
    for index in graph.query("SHOW RANGE INDEXES YIELD entityType, labelsOrTypes, properties "
                             "WHERE entityType = 'NODE' RETURN labelsOrTypes, properties"):
        label, props = index["labelsOrTypes"][0], index["properties"]
        if name.match(label) and all(name.match(p) for p in props):
            graph.query(f"MATCH (n:{label}) WHERE " + " AND ".join(f"n.{p} IS NOT NULL" for p in props)
                        + " RETURN count(*) AS n")


class _RolledBack(Exception):
    pass


def _rolled_back_writes(ctx, ids: list[str], pairs: int = 400) -> None:
    """The run's writes (merges with their moves, review items, audit entries) on pairs of
    stored people, in a transaction that is rolled back: a server compiles each statement's
    plan on its first use (about 0.1-0.2 s each here), and the JVM the code that runs them
    after a few thousand runs, which a server that has been answering imports did before."""
    from graph import identity as store
    from graph.audit import new_event

    chosen = ids[:2 * pairs]  # the reads' people (their ids descending), not the import's
    merges = [(a, b, 10.0, "warm-up") for a, b in zip(chosen[::2], chosen[1::2], strict=False)]
    at, actor = ctx.now(), ctx.actor

    def work(tx) -> None:
        merge_ids = store.merge_many(tx, merges, decided_by="warm-up", at=at)
        store.close_open_reviews(tx, [(a, b, m) for (a, b, _w, _y), m in zip(merges, merge_ids, strict=True)],
                                 decided_by="warm-up", at=at)
        store.append_audit(tx, [new_event(at=at, action="identity.merged", object_type="person", object_id=a,
                                          summary="warm-up", actor=actor.name, actor_kind=actor.kind,
                                          actor_id=actor.id) for a, _b, _w, _y in merges])
        store.save_reviews(tx, [{"a": b, "b": a, "probability": 0.5, "weight": 0.0, "evidence": "[]",
                                 "reason": "review"} for a, b, _w, _y in merges], at=at)
        raise _RolledBack

    with contextlib.suppress(_RolledBack):
        ctx.graph.write(work)


def _load() -> str:
    """The machine's load average (1, 5, 15 minutes): the figures mean little without it."""
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


@click.group("identity")
def identity_commands() -> None:
    """Identity resolution on the graph: merge the sure pairs, review the likely ones."""


@identity_commands.command("resolve")
@click.option("--retrain", is_flag=True, help="Train the model again instead of the one kept in the graph.")
def identity_resolve(retrain: bool) -> None:
    """Resolve every person now (as the system): merges, then the review queue."""
    ctx = common.context()
    started = time.perf_counter()

    def progress(message: str) -> None:  # one line per phase, with the time so far
        click.echo(f"[{time.perf_counter() - started:6.1f} s] {message}")

    try:
        result = cases.resolve(ctx, progress=progress, retrain=retrain)
    finally:
        ctx.graph.close()
    click.echo(f"{result['people']:,} people, {result['pairs']:,} pairs: {result['merged']:,} merged, "
               f"{result['queued']:,} in the review queue ({result['new_reviews']:,} new, "
               f"{result['held_for_review']:,} held for a do-not-contact conflict), "
               f"{result['skipped_decided']:,} decided before; {result['seconds']:.1f} s.")


def _side(person: dict | None) -> str:
    if not person or person.get("hidden"):  # hidden until their client opts in, or gone
        return "(not shown)"
    where = person.get("email") or person.get("linkedin_url") or "-"
    return f"{person.get('name')} ({person.get('title') or '-'}, {person.get('company') or '-'}, {where})"


def _company_side(company: dict | None) -> str:
    if not company:  # gone since the pair was queued
        return "(not shown)"
    return (f"{company.get('name')} (company, {company.get('domain') or 'no domain'}, "
            f"{company.get('people') or 0} people, {company.get('status') or '-'})")


@identity_commands.command("reviews")
@click.option("--limit", type=click.IntRange(1, 200), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def identity_reviews(limit: int, as_json: bool) -> None:
    """The review queue, likeliest first, with the evidence for and against."""
    ctx = common.context()
    try:
        page = cases.review_queue(ctx, limit=limit)
    finally:
        ctx.graph.close()
    if as_json:
        click.echo(json.dumps(page, default=str))
        return
    if not page["items"]:
        click.echo("The review queue is empty.")
    for item in page["items"]:
        if item.get("kind") == "company":
            a, b = _company_side(item.get("company_a")), _company_side(item.get("company_b"))
        else:
            a, b = _side(item.get("person_a")), _side(item.get("person_b"))
        click.echo(f"{item['id']}  p={item['probability']:.3f} w={item['weight']:.1f}  {a}  ~  {b}")
        for kind in ("for", "against"):
            words = ", ".join(f"{e['comparison']}: {e['level']} ({e['weight']:+.1f})"
                              for e in item["evidence"][kind])
            click.echo(f"    {kind}: {words or '-'}")
