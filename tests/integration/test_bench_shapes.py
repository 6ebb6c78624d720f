"""`referrals bench paths --shape company|client` on a small network: the cases it picks,
its timings over a real gunicorn, and its quality figures against the unbudgeted searches."""

from __future__ import annotations

import pytest
from rich.console import Console

from cli.bench_shapes import bench_shape, pick_cases
from runtime.settings import Settings
from tests.integration.test_paths import company_network

pytestmark = pytest.mark.neo4j


def test_the_largest_company_and_client_are_always_cases(graph):
    import random

    company_network(graph)  # 100 people at three companies of ~30: no size bin, only the largest
    cases = {status: pick_cases(graph, status, 5, random.Random(1)) for status in ("prospect", "client")}
    assert [(c.size, c.company) for c in cases["prospect"]] == [("largest", "c-target")]
    assert [c.size for c in cases["client"]] == ["largest"]
    assert cases["client"][0].company in ("c-acme", "c-poor")


@pytest.mark.parametrize("shape", ["company", "client"])
def test_a_shape_is_timed_over_http_and_checked_against_the_unbudgeted_search(graph, neo4j_settings, shape):
    company_network(graph)
    settings = Settings.from_env().with_changes(neo4j=neo4j_settings, external_neo4j=True)
    (row,) = bench_shape(settings, graph, shape, per_size=2, repeats=2, quality_cases=1, workers=1,
                         seed=7, console=Console(quiet=True))
    counts = (row["shape"], row["size"], row["cases"], row["timings"], row["checked"])
    assert counts == (shape, "largest", 1, 2, 1)
    assert 0 < row["inproc_p50_ms"] <= row["inproc_p95_ms"] and 0 < row["http_p50_ms"] <= row["http_max_ms"]
    # the web page of the same journey, signed in through the form (a 302 to /signin would fail it)
    assert 0 < row["page_p50_ms"] <= row["page_p95_ms"]
    # a network this small fits every budget: the same answers as the unbudgeted search
    assert (row["recall"], row["top_ratio_min"], row["mean_ratio_avg"]) == (1.0, 1.0, 1.0)


def test_the_person_row_times_the_floor_of_a_request_beside_shortest_10(graph, neo4j_settings):
    from cli.bench import _person_row

    company_network(graph)
    settings = Settings.from_env().with_changes(neo4j=neo4j_settings, external_neo4j=True)
    row = _person_row(settings, graph, queries=6, baseline_queries=1, baseline_timeout=5.0, workers=1,
                      seed_value=7, console=Console(quiet=True))
    assert row["queries"] == 6
    # in the same run: a probe, a key check with one read over HTTP, one read over Bolt
    for floor in ("http_healthz_p50_ms", "http_one_read_p50_ms", "bolt_one_read_p50_ms"):
        assert row[floor] > 0, floor
    assert row["vs_shortest10_p50"] == round(row["shortest10_p50_ms"] / row["http_p50_ms"], 2)
