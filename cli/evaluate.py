"""`referrals evaluate`: offline ranking quality in an independent synthetic world (no Neo4j)."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from cli.identity import evaluate_identities_command
from seed.evaluation import ASK_LABELS, ASK_RANKERS, LABELS, METRICS, RANKERS, evaluate

ASK_SHORT = {"quality": "happy ideal client", "random": "random"}


def _f(v: float | None, places: int = 3) -> str:
    return "-" if v is None else f"{v:.{places}f}"


@click.group("evaluate", invoke_without_command=True)
@click.option("--people", type=click.IntRange(200), default=3000, show_default=True)
@click.option("--queries", type=click.IntRange(1), default=600, show_default=True)
@click.option("--seed", type=int, default=11, show_default=True)
@click.option("--history", type=click.IntRange(0), default=2000, show_default=True,
              help="Past introductions drawn for the learned model (70% train, 30% held back).")
@click.option("--draws", type=click.IntRange(1), default=1, show_default=True,
              help="Simulated reps shown each query's interleaved list.")
@click.option("--interleave-queries", type=click.IntRange(0), default=2000, show_default=True,
              help="Further queries for the interleaving (0: the table's queries).")
@click.option("--resamples", type=click.IntRange(100), default=2000, show_default=True,
              help="Bootstrap resamples for the intervals on the differences.")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the full result to this file.")
@click.pass_context
def evaluate_command(ctx: click.Context, people: int, queries: int, seed: int, history: int,
                     draws: int, interleave_queries: int, resamples: int, json_file: str | None) -> None:
    """Rank the same candidate paths with the hand-set model, the learned model (each with
    and without centrality), fewest hops, strongest chain, Neo4j's SHORTEST k order and
    random, in a world whose hidden truth is not the score's shape (docs/ranking.md,
    "Evaluation on an independent world"); then interleave hand-set and learned for a
    simulated rep, and order each rep's client contacts for whom to ask first (with and
    without the service's market-reach factor).
    `referrals evaluate identities` scores identity resolution instead."""
    if ctx.invoked_subcommand is not None:
        return
    console = Console()
    with console.status("evaluating") as status:
        result = evaluate(people, queries, seed, draws, progress=status.update, history=history,
                          resamples=resamples, interleave_queries=interleave_queries)
    w = result.world
    table = Table(title=f"Independent world: {result.queries} queries, {result.people:,} people "
                        f"({w['communities']} communities, {w['brokers']} brokers, {w['ties']:,} ties), "
                        f"{result.candidates_mean:.1f} candidate paths per query (<= 3 hops)")
    table.add_column("ranker")
    for m in METRICS:
        table.add_column(m, justify="right")
    for ranker in RANKERS:
        row = result.metrics.get(ranker, {})
        table.add_row(LABELS[ranker], *(_f(row.get(m)) for m in METRICS))
    console.print(table)
    if "paths_crossing_communities" in w:
        console.print(f"{w['paths_crossing_communities']:.1%} of candidate paths hand the ask across "
                      f"communities; brokers' betweenness percentile {w['betweenness_pct_brokers']:.2f} "
                      f"(everyone {w['betweenness_pct_everyone']:.2f}).")

    diff = Table(title="Differences per query, mean and 95% bootstrap interval (queries resampled)")
    diff.add_column("ranker - baseline")
    for m in ("ndcg@10", "hit@1", "hit@3", "hit@10"):
        diff.add_column(m, justify="right")
    for d in result.differences:
        diff.add_row(f"{LABELS[d['ranker']]} - {LABELS[d['baseline']]}",
                     *(f"{d[m]['diff']:+.3f} [{d[m]['ci_low']:+.3f}, {d[m]['ci_high']:+.3f}]"
                       for m in ("ndcg@10", "hit@1", "hit@3", "hit@10")))
    console.print(diff)

    learned = (("learned", result.calibration), ("learned, no centrality", result.calibration_no_centrality))
    for name, cal in learned:
        if cal.get("log_loss"):
            ll = cal["log_loss"]
            console.print(f"{name}: trained on {cal['train']} introductions "
                          f"(success {cal['success_rate_train']:.3f}: "
                          f"won or a meeting still worked; meeting {cal['meeting_rate_train']:.3f}, "
                          f"won {cal['won_rate_train']:.3f}); held-back "
                          f"log loss {ll['calibrated']:.4f} against hand-set {ll['hand_set']:.4f}, "
                          f"hand-set Platt-scaled {ll['hand_set_platt']:.4f}, "
                          f"base rate {ll['base_rate']:.4f}")
        elif cal:
            console.print(f"{name}: cold (too little history), it ranks as the hand-set model.")

    il = result.interleaving
    it = Table(title=f"Interleaving (team draft, top 10): hand-set (a) against learned (b), "
                     f"{il['impressions']} simulated requests")
    for col in ("hand-set wins", "learned wins", "ties", "hand-set share", "95% CI (Wilson)", "verdict"):
        it.add_column(col, justify="right")
    if il["winner"] is None:
        verdict = "no clear winner"
    else:
        share = il["a_share"] if il["winner"] == "a" else 1 - il["a_share"]
        verdict = (f"{'hand-set' if il['winner'] == 'a' else 'learned'} wins "
                   f"{share:.0%} of decided requests")
    it.add_row(str(il["a_wins"]), str(il["b_wins"]), str(il["ties"]), f"{il['a_share']:.3f}",
               f"[{il['ci_low']:.3f}, {il['ci_high']:.3f}]", verdict)
    console.print(it)

    ask = result.ask_first
    if ask.get("reps"):
        at = Table(title=f"Whom to ask first: each rep's client contacts ({ask['reps']} reps, "
                         f"{ask['contacts_per_rep']:.0f} each), truth = ideal prospects they would land")
        at.add_column("order")
        at.add_column("ndcg@10", justify="right")
        at.add_column("top-3 share", justify="right")
        at.add_column("- baseline, 95% CI", justify="right")
        diffs = {d["ranker"]: d for d in ask["differences"]}
        for ranker in ASK_RANKERS:
            m = ask["metrics"][ranker]
            d = diffs.get(ranker)
            vs = "" if d is None else (f"{d['ndcg@10']['diff']:+.3f} [{d['ndcg@10']['ci_low']:+.3f}, "
                                       f"{d['ndcg@10']['ci_high']:+.3f}] vs {ASK_SHORT[d['baseline']]}")
            at.add_row(ASK_LABELS[ranker], _f(m.get("ndcg@10")), _f(m.get("top3_share")), vs)
        console.print(at)
    console.print(f"Done in {result.seconds:.1f} s.")
    if json_file:
        with open(json_file, "w", encoding="utf-8") as fh:
            json.dump(result.as_dict(), fh, indent=2)
        console.print(f"Wrote {json_file}.")


evaluate_command.add_command(evaluate_identities_command)  # cli/identity.py
