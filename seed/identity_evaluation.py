"""`referrals evaluate identities` and `bench identities`: the linkage model against known truth.

Generates the multi-source exports (seed.exports), reads them back through the real
importers' parsers (identity.records), resolves them (identity.model) and scores the
clusters pairwise against ``truth.csv``: a pair of records is a true pair when both name
the same true person. Nothing here feeds back into the model.
"""

from __future__ import annotations

import csv
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from identity.model import AUTO, REVIEW, resolve
from identity.records import records_from_exports
from seed.exports import NOISE_LEVELS, write_exports


@dataclass
class PairScore:
    predicted: int  # pairs put in one cluster
    correct: int  # of those, pairs of one true person
    true: int  # pairs of one true person in the data

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.true if self.true else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pair_score(clusters: dict[str, str], truth: dict[str, str]) -> PairScore:
    """Pairwise precision/recall of ``clusters`` (record -> cluster) against ``truth``
    (record -> true person), counted from cluster sizes, never pair by pair."""
    members: dict[str, list[str]] = {}
    for record, cluster in clusters.items():
        members.setdefault(cluster, []).append(record)
    predicted = correct = 0
    for group in members.values():
        predicted += len(group) * (len(group) - 1) // 2
        correct += sum(k * (k - 1) // 2 for k in Counter(truth[r] for r in group).values())
    true = sum(k * (k - 1) // 2 for k in Counter(truth[r] for r in clusters).values())
    return PairScore(predicted, correct, true)


def read_truth(folder: str | Path, rows: dict[tuple[str, int], str]) -> dict[str, str]:
    """Record id -> true person id, from ``truth.csv`` and the (file, line) -> record map."""
    truth: dict[str, str] = {}
    with open(Path(folder) / "truth.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            record = rows.get((row["file"], int(row["line"])))
            if record is None:  # interaction-log rows, and rows the parser skipped as duplicates
                continue
            if truth.setdefault(record, row["true_id"]) != row["true_id"]:
                raise ValueError(f"record {record} stands for two true people")
    return truth


@dataclass
class LevelResult:
    noise: str
    people: int
    records: int
    true_pairs: int
    auto: PairScore
    review: PairScore  # auto merges plus the review queue
    queue_pairs: int  # scored pairs with REVIEW <= p < AUTO: what people would review
    seconds_resolve: float
    seconds_prepare: float  # generating and parsing the files
    phases: dict[str, float]


def evaluate_level(folder: str | Path, *, noise: str, people: int, seed: int = 7,
                   auto: float = AUTO, review: float = REVIEW, generate: bool = True) -> LevelResult:
    started = time.perf_counter()
    if generate:
        write_exports(folder, people=people, noise=noise, seed=seed)
    parsed = records_from_exports(folder)
    truth = read_truth(folder, parsed.rows)
    prepared = time.perf_counter() - started
    started = time.perf_counter()
    result = resolve(parsed.records, auto=auto, review=review, seed=seed)
    seconds = time.perf_counter() - started
    records = [r["unique_id"] for r in parsed.records]
    missing = [r for r in records if r not in truth]
    if missing:
        raise ValueError(f"{len(missing)} records have no truth, e.g. {missing[0]}")
    auto_score = pair_score(result.auto_clusters, truth)
    return LevelResult(noise=noise, people=people, records=len(records), true_pairs=auto_score.true,
                       auto=auto_score, review=pair_score(result.review_clusters, truth),
                       queue_pairs=sum(1 for _, _, p, _ in result.pairs if review <= p < auto),
                       seconds_resolve=seconds, seconds_prepare=prepared, phases=result.seconds)


def evaluate_identities(*, people: int = 10_000, levels: tuple[str, ...] = tuple(NOISE_LEVELS),
                        seed: int = 7, out: str | Path | None = None) -> list[LevelResult]:
    """One result per noise level; the files go to ``out/<level>`` (a temporary folder if None)."""
    with tempfile.TemporaryDirectory(prefix="identities-") as tmp:
        base = Path(out) if out else Path(tmp)
        return [evaluate_level(base / level, noise=level, people=people, seed=seed) for level in levels]
