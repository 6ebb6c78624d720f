"""`referrals bench paths --shape company|client`: the two journeys whose cost could grow
with a company, timed by size in process and over HTTP, and checked against the
unbudgeted searches for what the budgets give up.

- company: "anyone at Acme" from every rep (GET /referral-paths?target=<company>), for
  prospect companies of about 100, 300, 1,000 and 2,000 employees and the largest one;
- client: a client's referral opportunities (GET /clients/<id>/referral-opportunities),
  for clients of the same sizes and the largest one.

Quality: on the first few cases of each size, the budgeted answer against the search
through every employee / every tie (slow: seconds to minutes at scale): recall (cases
with an answer both ways), the top result's score and the mean score of the list, as
ratios to the unbudgeted ones.
"""

from __future__ import annotations

import http.client
import random
import re
import secrets
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import click
from rich.console import Console

from cli.bench_common import bench_neo4j, percentile
from cli.loadtest import serve
from graph.db import Graph
from graph.keys import create_key
from graph.opportunities import referral_opportunities
from graph.paths import PathFinder, PathQuery
from runtime.settings import Settings

SIZES = (("~100", 100), ("~300", 300), ("~1,000", 1_000), ("~2,000", 2_000))
SIZE_SLACK = 0.35  # a company is "about N" within 35% of N
COMPANY_SIZES = """
MATCH (c:Company {status: $status})<-[w:WORKS_AT]-(p:Person)
WHERE w.current AND NOT coalesce(p.do_not_contact, false)
RETURN c.id AS id, count(p) AS employees
"""


@dataclass
class Case:
    size: str  # the size bin's label
    company: str
    employees: int


def pick_cases(graph: Graph, status: str, per_size: int, rng: random.Random) -> list[Case]:
    """Up to `per_size` companies of each size bin (the bins the network has), and the largest."""
    companies = sorted(((r["employees"], r["id"]) for r in graph.query(COMPANY_SIZES, status=status)),
                       reverse=True)
    cases = []
    for label, size in SIZES:
        near = [(n, c) for n, c in companies if abs(n - size) <= size * SIZE_SLACK]
        cases += [Case(label, c, n) for n, c in rng.sample(near, min(per_size, len(near)))]
    if companies:
        n, c = companies[0]
        cases.append(Case("largest", c, n))
    return cases


def _scores(items: list[float]) -> tuple[float, float]:
    return (items[0], sum(items) / len(items)) if items else (0.0, 0.0)


def company_answer(graph: Graph, budgeted: bool, today: date) -> Callable[[str], list[float]]:
    finder = PathFinder(graph)
    if not budgeted:
        finder.company_budget = None

    def answer(company: str) -> list[float]:
        return [p.score for p in finder.find_explained(PathQuery(target=company, today=today)).paths]

    return answer


def client_answer(graph: Graph, budgeted: bool, today: date) -> Callable[[str], list[float]]:
    def answer(client: str) -> list[float]:
        kwargs = {} if budgeted else {"budget": None}
        return [o.path.score for o in referral_opportunities(graph, client, today=today, **kwargs)[1]]

    return answer


SHAPES = {  # shape -> (company status, answer, URL of the API call, URL of the web page)
    "company": ("prospect", company_answer, "/api/v1/referral-paths?target={}", "/?target={}&from=all"),
    "client": ("client", client_answer, "/api/v1/clients/{}/referral-opportunities", "/clients/{}"),
}


def bench_shape(settings: Settings, graph: Graph, shape: str, *, per_size: int, repeats: int,
                quality_cases: int, workers: int, seed: int, console: Console) -> list[dict[str, object]]:
    """One row per size bin: timings in process and over HTTP, and the quality figures."""
    status, answer_for, url, page_url = SHAPES[shape]
    cases = pick_cases(graph, status, per_size, random.Random(seed))
    if not cases:
        raise click.ClickException(f"The bench network has no {status} company.")
    today = date.today()
    answer, unbudgeted = answer_for(graph, True, today), answer_for(graph, False, today)
    inproc: dict[str, list[float]] = {}
    for case in cases[:3]:  # warm the query plans and the page cache
        answer(case.company)
    with console.status(f"{shape}: in process..."):
        for case in cases:
            for _ in range(repeats):
                started = time.perf_counter()
                answer(case.company)
                inproc.setdefault(case.size, []).append((time.perf_counter() - started) * 1000)
    over_http, pages = time_over_http(settings, graph, [(c.size, url.format(c.company)) for c in cases],
                                      repeats, workers, console,
                                      pages=[(c.size, page_url.format(c.company)) for c in cases])
    quality: dict[str, list[tuple[list[float], list[float]]]] = {}
    with console.status(f"{shape}: against the unbudgeted search (slow)..."):
        for case in cases:
            done = quality.setdefault(case.size, [])
            if len(done) < quality_cases:
                done.append((answer(case.company), unbudgeted(case.company)))
    rows = []
    for size in dict.fromkeys(c.size for c in cases):
        sized = [c for c in cases if c.size == size]
        local, remote, checked, page = inproc[size], over_http[size], quality[size], pages[size]
        pairs = [(_scores(a), _scores(b)) for a, b in checked if a and b]
        rows.append({
            "shape": shape, "size": size, "employees": f"{min(c.employees for c in sized):,}-"
                                                     f"{max(c.employees for c in sized):,}",
            "cases": len(sized), "timings": len(remote),
            "inproc_p50_ms": round(percentile(local, 50), 1),
            "inproc_p95_ms": round(percentile(local, 95), 1),
            "http_p50_ms": round(percentile(remote, 50), 1), "http_p95_ms": round(percentile(remote, 95), 1),
            "http_p99_ms": round(percentile(remote, 99), 1), "http_max_ms": round(max(remote), 1),
            "page_p50_ms": round(percentile(page, 50), 1), "page_p95_ms": round(percentile(page, 95), 1),
            "checked": len(checked),
            "recall": round(sum(1 for a, b in checked if a or not b) / len(checked), 3) if checked else None,
            "top_ratio_min": round(min(a[0] / b[0] for a, b in pairs), 3) if pairs else None,
            "mean_ratio_avg": round(sum(a[1] / b[1] for a, b in pairs) / len(pairs), 3) if pairs else None,
        })
    return rows


def time_over_http(settings: Settings, graph: Graph, calls: list[tuple[str, str]], repeats: int,
                   workers: int, console: Console, warm: int = 4, pages: list[tuple[str, str]] = ()
                   ) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Serve the app with gunicorn against the bench database and time the (label, path)
    API calls with a key, then the (label, path) web `pages` signed in as an admin (the
    whole page, rendered), `repeats` times each, by label; the first `warm` calls of each
    warm the workers. Returns (API timings, page timings)."""
    _record, key = create_key(graph, "bench", "read")
    with serve(bench_neo4j(settings)[0], workers=workers, threads=4, settings=settings) as served:
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=120)
        with console.status("Over HTTP..."):
            api = _time_calls(conn, calls, repeats, warm, {"X-API-Key": key})
            web = {}
            if pages:
                cookie = sign_in_over_http(conn, *bench_web_user(settings, graph))
                web = _time_calls(conn, list(pages), repeats, warm, {"Cookie": cookie})
        conn.close()
    return api, web


def _time_calls(conn: http.client.HTTPConnection, calls: list[tuple[str, str]], repeats: int, warm: int,
                headers: dict[str, str]) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    warming = calls[:warm]
    for index, (size, path) in enumerate(warming + calls * repeats):
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise click.ClickException(f"HTTP benchmark got {response.status} for {path}")
        if index >= len(warming):
            timings.setdefault(size, []).append((time.perf_counter() - started) * 1000)
    return timings


BENCH_USER = "bench-admin@bench.local"


def bench_web_user(settings: Settings, graph: Graph) -> tuple[str, str]:
    """(email, password) of an admin sign-in on the bench network (made, or its password
    reset, for this run), tied to the first rep."""
    from runtime import bootstrap
    from services.users import create_user

    rep = graph.query("MATCH (p:Person:Rep) RETURN p.id AS id ORDER BY p.id LIMIT 1")
    if not rep:
        raise click.ClickException("The bench network has no rep to sign in as.")
    password = secrets.token_urlsafe(16)
    create_user(bootstrap(settings, graph=graph), email=BENCH_USER, password=password, role="admin",
                person_id=rep[0]["id"], replace=True)
    return BENCH_USER, password


def sign_in_over_http(conn: http.client.HTTPConnection, email: str, password: str) -> str:
    """The session cookie of a sign-in through the web form (its CSRF token included)."""
    conn.request("GET", "/signin")
    response = conn.getresponse()
    html = response.read().decode()
    cookie = _cookie(response)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if not token:
        raise click.ClickException("The sign-in page has no CSRF token.")
    body = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token.group(1)})
    conn.request("POST", "/signin", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    if response.status != 302:
        raise click.ClickException(f"Signing in to time the pages got {response.status}.")
    return _cookie(response) or cookie


def _cookie(response: http.client.HTTPResponse) -> str:
    return "; ".join(c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or [])
