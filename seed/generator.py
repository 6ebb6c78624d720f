"""Deterministic, streaming generator of a realistic synthetic referral network.

    net = generate(100_000, seed=7)
    for c in net.companies(): ...      # CompanyRecord
    for p in net.people(): ...         # PersonRecord (reps first, is_rep=True)
    for e in net.employments(): ...    # EmploymentRecord (current and past jobs)
    for t in net.ties(): ...           # TieRecord, one per undirected pair, streamed
    for i in net.introductions(): ...  # PastIntroduction, paths follow emitted ties
    net.stats                          # counts, filled in as the streams run

``generate(people, seed, shape="heavy")`` gives a heavy-tailed network instead (one
company with about half the people, companies of 2,000-20,000, Pareto degrees with
people of 1,000+ ties, mostly weak ties); ``shape="standard"`` (the default) is unchanged.

Everything is a pure function of ``(people, seed, reps, today, shape)``: each stream has its
own ``random.Random`` seeded from the seed and the stream's name, so the streams can be
iterated in any order, and again, with the same result.

How it is built (details and measurements in ``docs/seed.md``):

* A compact *skeleton* is drawn first and kept in flat arrays (a few dozen bytes per
  person): companies (industry, region, heavy-tailed size, status, health), every
  person's current and past employers, seniority, title, name indices and a
  heavy-tailed "sociability" (lognormal, boosted for senior people).
* Ties come from *layers*. Every pair of people belongs to exactly one layer, decided
  by a fixed rule, so no pair can be produced twice and no global set of pairs is
  needed:

  1. ``company``: same current employer (reps: our own company).
  2. ``alumni``: a shared employer, current or past, that is not the current one of
     both; the pair belongs to their smallest shared company id only.
  3. ``rep``: a rep and anyone else they share no employer with.
  4. ``industry``: same industry of current employer, no shared employer.
  5. ``region``: same region, different industry, no shared employer.
  6. ``global``: everything else (different region and industry).

  Layers 1, 4, 5 and 6 are Chung-Lu random graphs over their groups (an expected
  degree per person), generated with the Miller-Hagberg skipping algorithm, which
  visits each unordered pair at most once (O(people + ties)). A pair the algorithm
  offers in a layer it does not belong to is dropped. Layer 2 lets each past employee
  draw colleagues of that company; the pair is kept only by its single owner (the
  past employee, or the lower index when both left), so a small per-draw set
  suffices. Layer 3 keeps one set per rep (a few hundred ids).
"""

from __future__ import annotations

import math
import random
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from datetime import date
from itertools import accumulate

from referrals.model import (
    CompanyRecord,
    CompanyStatus,
    EmploymentRecord,
    PastIntroduction,
    PersonRecord,
    Seniority,
    TieRecord,
)
from seed import names

__all__ = [
    "DEMO_PEOPLE",
    "INDUSTRIES",
    "OWN_COMPANY_ID",
    "REGIONS",
    "SHAPES",
    "Network",
    "generate",
    "size_from_name",
]

DEMO_PEOPLE = 2000
OWN_COMPANY_ID = "c-000000"

INDUSTRIES: tuple[str, ...] = (
    "software", "fintech", "healthcare", "manufacturing", "retail",
    "logistics", "education", "energy", "media", "consulting",
)
_INDUSTRY_WEIGHTS = (18, 9, 12, 12, 10, 8, 7, 6, 7, 11)
REGIONS: tuple[str, ...] = ("NA", "EMEA", "APAC", "LATAM")
_REGION_WEIGHTS = (40, 32, 20, 8)

# The profile the seed leans towards when it picks clients and prospects (it mirrors
# referrals.icp.DEFAULT_PROFILE: industry served, 200-5000 employees, region sold in).
_SEED_ICP_INDUSTRIES = frozenset({"software", "fintech", "healthcare", "logistics",
                                  "manufacturing"})
_SEED_ICP_REGIONS = frozenset({"NA", "EMEA"})

_SENIORITIES = (Seniority.IC, Seniority.MANAGER, Seniority.DIRECTOR, Seniority.VP,
                Seniority.CXO)
_SENIORITY_WEIGHTS = (62, 22, 9, 5, 2)
_SENIORITY_SOCIABILITY = (1.0, 1.25, 1.6, 2.0, 2.5)  # senior people know more people

# Target: about 10 tie records per person (mean degree about 20).
TARGET_TIES_PER_PERSON = 10.0
# Expected degree of an average person before layer losses; calibrated so that the
# realised mean degree is about 2 * TARGET_TIES_PER_PERSON (reps add their own ties).
_MEAN_DEGREE = 0.9 * 2 * TARGET_TIES_PER_PERSON
_SOC_SIGMA = 1.2
_SOC_CAP = 250.0  # sociability cap: at most about 5,000 ties for one person

# Share of a person's expected degree per layer; company ties are capped by the size
# of the company and the excess moves to the industry / region / global layers.
_SHARE_COMPANY = 0.55
_SHARE_ALUMNI = 0.25
_SPLIT_INDUSTRY, _SPLIT_REGION, _SPLIT_GLOBAL = 0.45, 0.33, 0.22
# Calibration of each layer's realised degree against its expected one (measured).
_CAL = {"company": 1.16, "alumni": 0.53, "industry": 1.03, "region": 1.13, "global": 1.7}

_LAYERS = ("rep", "company", "alumni", "industry", "region", "global")
# Per layer: mean interactions, mean channel weight (meeting 1.0 .. email 0.2),
# mean days since the last interaction, balance exponent (lower = more two-way).
_TIE_PROFILE = {
    "rep": (12.0, 0.6, 45.0, 0.5),
    "company": (30.0, 0.55, 12.0, 0.35),
    "alumni": (15.0, 0.4, 540.0, 0.6),
    "industry": (5.0, 0.4, 150.0, 0.7),
    "region": (4.0, 0.35, 200.0, 0.8),
    "global": (3.0, 0.3, 260.0, 0.9),
}
_MAX_DAYS = 3650

SHAPES = ("standard", "heavy")
# --- the heavy shape (docs/seed.md, "The heavy shape"): the topology of a real e-mail
# network. One giant company holds about half the people, a few others hold 2,000-20,000;
# expected degrees are Pareto (power law), so some people have 1,000+ ties; most ties
# are weak and a few strong.
_HEAVY_GIANT_SHARE = 0.48   # of the non-reps, at the largest company
_HEAVY_BIG_SHARE = 0.25     # of the non-reps, at the next companies of 2,000-20,000 people
_HEAVY_BIG_MIN, _HEAVY_BIG_MAX = 2_000, 20_000
_HEAVY_ALPHA = 1.5          # Pareto tail of sociability: P(s > x) ~ x ** -1.5
_HEAVY_SOC_CAP = 280.0      # about 5,000 expected ties at most
# Tie strength: a tie is "close" with this chance per layer (times min(1, 40 / degree)
# of the busier end: nobody keeps 1,000 close ties); otherwise it uses the weak profile.
_HEAVY_CLOSE = {"rep": 0.3, "company": 0.15, "alumni": 0.06, "industry": 0.04,
                "region": 0.03, "global": 0.02}
_HEAVY_CLOSE_PROFILE = (30.0, 0.7, 10.0, 0.3)
_HEAVY_WEAK_PROFILE = {
    "rep": (4.0, 0.35, 120.0, 0.7),
    "company": (3.0, 0.25, 150.0, 0.8),
    "alumni": (2.0, 0.2, 700.0, 0.9),
    "industry": (1.5, 0.2, 300.0, 0.9),
    "region": (1.5, 0.2, 360.0, 0.9),
    "global": (1.0, 0.2, 420.0, 1.0),
}
_LN2 = math.log(2.0)
# Tie strength, same shape as referrals.tie_strength (documented in docs/ranking.md):
# strength = floor + (1 - floor) * frequency * recency * reciprocity.
_FLOOR, _SATURATION, _HALF_LIFE, _ONE_WAY = 0.05, 3.0, 180.0, 0.6

INTRO_STATUSES = ("won", "lost", "declined", "qualified_out", "meeting_held", "introduced")

_ST_CLIENT, _ST_PROSPECT, _ST_PARTNER, _ST_OTHER = 0, 1, 2, 3
_STATUS = (CompanyStatus.CLIENT, CompanyStatus.PROSPECT, CompanyStatus.PARTNER,
           CompanyStatus.OTHER)


def size_from_name(name: str | int) -> int:
    """People count for a named size: ``"demo"`` (2,000) or a number
    (``"20000"``, ``"20_000"``, ``"100k"``, ``"1m"``)."""
    if isinstance(name, int):
        value = name
    else:
        text = name.strip().lower().replace("_", "").replace(",", "")
        if text == "demo":
            return DEMO_PEOPLE
        m = re.fullmatch(r"(\d+)([km]?)", text)
        if not m:
            raise ValueError(f"unknown size {name!r}: use 'demo' or a number of people")
        value = int(m.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2)]
    if value < 1:
        raise ValueError("size must be at least 1 person")
    return value


def generate(
    people: int, seed: int = 7, reps: int | None = None, today: date = date(2026, 11, 1),
    shape: str = "standard", introductions: int | None = None,
) -> Network:
    """A synthetic network of ``people`` people (reps included); see the module doc.

    ``shape="heavy"`` gives the heavy-tailed topology of a real e-mail network (a giant
    company, power-law degrees, mostly weak ties); ``"standard"`` is the default.
    """
    return Network(people, seed=seed, reps=reps, today=today, shape=shape, introductions=introductions)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _weighted_sample(rng: random.Random, items: list[int], weights: list[float], k: int):
    """k distinct items, chosen with probability proportional to weight (A-ES)."""
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in zip(items, weights, strict=True)]
    keyed.sort(reverse=True)
    return [i for _, i in keyed[:k]]


def _hist_percentiles(hist: list[int], total: int) -> dict[str, float]:
    """p10 / p50 / p90 / p99 of tie strength from a histogram of 0.05-wide bins
    (each the bin's upper edge: exact enough for the stats, and no list of strengths)."""
    out: dict[str, float] = {}
    for q in (10, 50, 90, 99):
        need, seen = total * q / 100, 0
        for b, c in enumerate(hist):
            seen += c
            if seen >= need:
                out[f"p{q}"] = round(min(1.0, (b + 1) / 20), 2)
                break
    return out


def _chung_lu(members: list[int], weights: list[float], rnd) -> Iterator[tuple[int, int]]:
    """Pairs of a Chung-Lu graph (P(u~v) = min(1, w_u w_v / S)) over ``members``.

    Miller & Hagberg (2011): weights sorted descending; from each u, skip ahead over
    v > u geometrically, then accept with the ratio of the true to the bounding
    probability. Each unordered pair is considered at most once.
    """
    order = sorted(range(len(members)), key=weights.__getitem__, reverse=True)
    w = [weights[i] for i in order]
    while w and w[-1] <= 0.0:
        w.pop()
    n = len(w)
    if n < 2:
        return
    m = [members[i] for i in order[:n]]
    total = sum(w)
    log = math.log
    log1p = math.log1p
    for u in range(n - 1):
        wu = w[u] / total
        v = u + 1
        p = wu * w[v]
        if p > 1.0:
            p = 1.0
        mu = m[u]
        while v < n and p > 0.0:
            if p < 1.0:
                v += int(log(1.0 - rnd()) / log1p(-p))
                if v >= n:
                    break
            q = wu * w[v]
            if q > 1.0:
                q = 1.0
            if rnd() * p < q:
                yield mu, m[v]
            p = q
            v += 1


class Network:
    """A generated network: a compact skeleton plus record streams (see module doc)."""

    def __init__(
        self, people: int, seed: int = 7, reps: int | None = None,
        today: date = date(2026, 11, 1), shape: str = "standard", introductions: int | None = None,
    ) -> None:
        if people < 1:
            raise ValueError("people must be >= 1")
        if shape not in SHAPES:
            raise ValueError(f"unknown shape {shape!r}: use one of {', '.join(SHAPES)}")
        if reps is None:
            reps = min(people, max(3, people // 500))
        if not 1 <= reps <= people:
            raise ValueError("reps must be between 1 and people")
        self.size = people
        self.seed = seed
        self.reps = reps
        self.today = today
        self.shape = shape
        # past introductions; more (the demo's 400) changes only the history, not the ties
        self.target_introductions = max(20, people // 100) if introductions is None else max(1, introductions)
        self.stats: dict[str, object] = {"people": people, "reps": reps, "shape": shape}
        self._today_ord = today.toordinal()
        self._dates = [date.fromordinal(self._today_ord - d) for d in range(_MAX_DAYS + 1)]
        self._chains: list[tuple[int, ...]] = []
        self._ties_complete = False
        self._build()

    # ------------------------------------------------------------------ skeleton

    def _rng(self, stream: str) -> random.Random:
        return random.Random(f"referral-seed:{self.seed}:{stream}")

    def _build(self) -> None:
        rng = self._rng("skeleton")
        rnd = rng.random
        n, n_reps = self.size, self.reps
        n_other = n - n_reps
        nc = max(30, round(n_other / 20))  # companies besides our own (index 0)
        self.n_companies = nc

        # --- companies
        ind = bytearray([0]) + bytearray(
            rng.choices(range(len(INDUSTRIES)), weights=_INDUSTRY_WEIGHTS, k=nc))
        reg = bytearray([0]) + bytearray(
            rng.choices(range(len(REGIONS)), weights=_REGION_WEIGHTS, k=nc))
        emp = [0] + [min(400_000, int(20 * rng.paretovariate(0.75))) for _ in range(nc)]
        cnames = [names.OWN_COMPANY_NAME]
        domains = [names.OWN_COMPANY_DOMAIN]
        used_names = {names.OWN_COMPANY_NAME}
        used_domains = {names.OWN_COMPANY_DOMAIN}
        prefixes, roots = names.COMPANY_PREFIXES, names.COMPANY_ROOTS
        for k in range(1, nc + 1):
            words = names.INDUSTRY_WORDS[INDUSTRIES[ind[k]]]
            tlds = names.REGION_TLDS[REGIONS[reg[k]]]
            for attempt in range(8):
                base = rng.choice(prefixes) + rng.choice(roots)
                name = f"{base} {rng.choice(words)}"
                if attempt == 7:
                    name = f"{name} {k}"
                if name not in used_names:
                    break
            used_names.add(name)
            tld = rng.choice(tlds)
            candidates = (
                f"{_slug(base)}.{tld}" if rnd() < 0.4 else f"{_slug(name)}.{tld}",
                f"{_slug(name)}.{tld}",
                f"{_slug(name)}.com",
                f"{_slug(name)}{k}.com",
            )
            domain = next(d for d in candidates if d not in used_domains)
            used_domains.add(domain)
            cnames.append(name)
            domains.append(domain)
        self._cname, self._domain, self._cind, self._creg = cnames, domains, ind, reg

        # --- current employers: every company gets at least one person, the rest by
        # size (employees ** 0.55: big companies hold more people, sub-linearly)
        cum = list(accumulate(emp[k] ** 0.55 + 1.0 for k in range(1, nc + 1)))
        if self.shape == "heavy":
            assign = self._heavy_assign(emp, nc, n_other)
        else:
            first = list(range(1, nc + 1))
            rng.shuffle(first)
            first = first[:n_other]
            assign = first + rng.choices(range(1, nc + 1), cum_weights=cum,
                                         k=n_other - len(first))
            rng.shuffle(assign)
        cur = array("i", bytes(4 * n_reps))
        cur.extend(assign)
        del assign
        members: list[list[int]] = [[] for _ in range(nc + 1)]
        for i in range(n):
            members[cur[i]].append(i)
        self._emp = [max(emp[k], len(members[k])) for k in range(nc + 1)]
        self._emp[0] = max(40, 4 * n_reps)

        # --- statuses: clients and prospects lean towards the seed ICP
        # fit: industry we serve (0.6) + region we sell in (0.4); the size band
        # (200-5000 employees, a must-have of the default ICP) multiplies the odds.
        fit = [0.0] * (nc + 1)
        in_band = [False] * (nc + 1)
        for k in range(1, nc + 1):
            fit[k] = (0.6 * (INDUSTRIES[ind[k]] in _SEED_ICP_INDUSTRIES)
                      + 0.4 * (REGIONS[reg[k]] in _SEED_ICP_REGIONS))
            in_band[k] = 200 <= self._emp[k] <= 5000
        status = bytearray([_ST_OTHER]) * (nc + 1)
        pool = list(range(1, nc + 1))
        n_clients = max(3, round(0.08 * nc))
        n_prospects = round(0.25 * nc)
        n_partners = max(1, round(0.02 * nc))
        # half the clients are ideal-fit (served industry and region, in the size band);
        # small networks may lack such companies, so a few are resized into the band
        n_ideal = n_clients // 2
        ideal_pool = [k for k in pool if fit[k] >= 0.99]
        band = [k for k in ideal_pool if in_band[k]]
        if len(band) < n_ideal:
            extra = [k for k in ideal_pool if not in_band[k] and len(members[k]) <= 5000]
            for k in rng.sample(extra, min(len(extra), n_ideal - len(band))):
                self._emp[k] = max(len(members[k]), int(200 * 25 ** rnd()))
                in_band[k] = True
                band.append(k)
        clients = rng.sample(band, min(n_ideal, len(band)))
        chosen = set(clients)
        rest = [k for k in pool if k not in chosen]
        clients += _weighted_sample(
            rng, rest, [(3.0 if in_band[k] else 1.0) * (0.3 + fit[k]) for k in rest],
            n_clients - len(clients))
        for k in clients:
            status[k] = _ST_CLIENT
        pool = [k for k in pool if status[k] == _ST_OTHER]
        for k in _weighted_sample(
                rng, pool, [(3.0 if in_band[k] else 1.0) * (0.4 + fit[k]) for k in pool],
                n_prospects):
            status[k] = _ST_PROSPECT
        pool = [k for k in pool if status[k] == _ST_OTHER]
        partner_w = [3.0 if INDUSTRIES[ind[k]] in ("consulting", "software") else 1.0
                     for k in pool]
        for k in _weighted_sample(rng, pool, partner_w, n_partners):
            status[k] = _ST_PARTNER
        if self.shape == "heavy":
            self._heavy_statuses(status, fit)
        health: list[float | None] = [None] * (nc + 1)
        for k in range(1, nc + 1):
            if status[k] == _ST_CLIENT:
                a, b = (5.0, 1.5) if in_band[k] and fit[k] >= 0.99 else (2.0, 2.0)
                health[k] = round(rng.betavariate(a, b), 2)
        self._status, self._health, self._fit = status, health, fit

        # --- people: seniority, title, sociability, names
        sen = bytearray(rng.choices(range(5), weights=_SENIORITY_WEIGHTS, k=n))
        funcs = list(names.TITLE_LADDER)
        titles: list[str] = []
        title_func: list[str] = []
        ladder_idx: dict[str, list[list[int]]] = {}
        for f in funcs:
            rungs = []
            for rung in names.TITLE_LADDER[f]:
                rungs.append(list(range(len(titles), len(titles) + len(rung))))
                titles.extend(rung)
                title_func.extend([f] * len(rung))
            ladder_idx[f] = rungs
        ceo_idx = list(range(len(titles), len(titles) + len(names.CEO_TITLES)))
        titles.extend(names.CEO_TITLES)
        title_func.extend(["executive"] * len(names.CEO_TITLES))
        rep_idx = []
        for t, s in names.REP_TITLES:
            rep_idx.append((len(titles), s))
            titles.append(t)
            title_func.append("sales")
        self._titles, self._title_func, self._ladder = titles, title_func, ladder_idx
        fn_choice = rng.choices(range(len(funcs)), weights=list(names.FUNCTION_WEIGHTS.values()),
                                k=n)
        title = array("H", bytes(2 * n))
        for i in range(n_reps):
            t, s = rep_idx[int(rnd() * len(rep_idx))] if i else rep_idx[-1]
            title[i] = t
            sen[i] = s
        for i in range(n_reps, n):
            s = sen[i]
            if s == 4 and rnd() < 0.3:
                title[i] = ceo_idx[int(rnd() * len(ceo_idx))]
            else:
                opts = ladder_idx[funcs[fn_choice[i]]][s]
                title[i] = opts[int(rnd() * len(opts))]
        del fn_choice
        mu = -0.5 * _SOC_SIGMA ** 2  # lognormal with mean 1
        boost = _SENIORITY_SOCIABILITY
        mean_boost = sum(b * w for b, w in zip(boost, _SENIORITY_WEIGHTS, strict=True)) / sum(
            _SENIORITY_WEIGHTS)
        if self.shape == "heavy":
            # Pareto with mean 1 (x_min = (alpha - 1) / alpha): a power-law degree tail,
            # so the hubs come from the distribution itself, not from a planted few
            hrng = self._rng("heavy-sociability")
            xm = (_HEAVY_ALPHA - 1.0) / _HEAVY_ALPHA
            soc = array("d", (min(_HEAVY_SOC_CAP, xm * hrng.paretovariate(_HEAVY_ALPHA)
                                  * boost[sen[i]] / mean_boost) for i in range(n)))
        else:
            soc = array("d", (min(_SOC_CAP, rng.lognormvariate(mu, _SOC_SIGMA) * boost[sen[i]]
                                  / mean_boost) for i in range(n)))
        # a few super-connectors (recruiters, investors, serial founders): about one per
        # 20,000 people, expected degree about 1,000-4,500
        if n - n_reps > 0 and self.shape != "heavy":
            for i in rng.sample(range(n_reps, n), min(n - n_reps, n // 20_000)):
                soc[i] = 55.0 * (_SOC_CAP / 55.0) ** rnd()
        nf, nl = len(names.FIRST_NAMES), len(names.LAST_NAMES)
        fname = array("H", (int(rnd() * nf) for _ in range(n)))
        lname = array("H", (int(rnd() * nl) for _ in range(n)))
        dnc = bytearray(n)
        for i in range(n_reps, n):
            if rnd() < 0.01:
                dnc[i] = 1

        # --- past employers: ~40% of people (reps: ~70%), one or two, half of the
        # moves within the same industry
        by_ind: list[tuple[list[int], list[float]]] = []
        for x in range(len(INDUSTRIES)):
            ks = [k for k in range(1, nc + 1) if ind[k] == x]
            by_ind.append((ks, list(accumulate(emp[k] ** 0.55 + 1.0 for k in ks))))
        all_ks = list(range(1, nc + 1))
        empty: tuple[int, ...] = ()
        past: list[tuple[int, ...]] = [empty] * n
        choices = rng.choices
        for i in range(n):
            r = rnd()
            if r >= (0.7 if i < n_reps else 0.4):
                continue
            count = 2 if r < (0.2 if i < n_reps else 0.1) else 1
            got: list[int] = []
            c_i = cur[i]
            home = ind[c_i] if c_i else 0
            for _ in range(4 * count):
                if rnd() < 0.5 and by_ind[home][0]:
                    k = choices(by_ind[home][0], cum_weights=by_ind[home][1])[0]
                else:
                    k = choices(all_ks, cum_weights=cum)[0]
                if k != c_i and k not in got:
                    got.append(k)
                    if len(got) == count:
                        break
            if got:
                past[i] = tuple(got)
        alumni: list[list[int]] = [[] for _ in range(nc + 1)]
        for i in range(n):
            for k in past[i]:
                alumni[k].append(i)

        # --- e-mail suffixes for same-name colleagues: maria.garcia, maria.garcia2, ...
        mail_n = array("H", bytes(2 * n))
        for k in range(nc + 1):
            seen: dict[tuple[int, int], int] = {}
            for i in members[k]:
                key = (fname[i], lname[i])
                c = seen.get(key, 0)
                seen[key] = c + 1
                if c:
                    mail_n[i] = c + 1

        self._cur, self._past, self._members, self._alumni = cur, past, members, alumni
        self._sen, self._title, self._soc = sen, title, soc
        self._fname, self._lname, self._dnc, self._mail_n = fname, lname, dnc, mail_n
        self._pind = bytearray(ind[c] for c in cur)
        self._preg = bytearray(reg[c] for c in cur)
        self._pstat = bytearray(status[c] for c in cur)
        for i in range(n_reps):
            self._pstat[i] = _ST_OTHER
        self._pid = [f"p-{i + 1:07d}" for i in range(n)]
        self.stats["companies"] = nc + 1
        self.stats["clients"] = sum(1 for s in status[1:] if s == _ST_CLIENT)
        self.stats["prospects"] = sum(1 for s in status[1:] if s == _ST_PROSPECT)
        self.stats["partners"] = sum(1 for s in status[1:] if s == _ST_PARTNER)
        sizes = sorted((len(members[k]) for k in range(1, nc + 1)), reverse=True)
        self.stats["largest_company"] = sizes[0]
        self.stats["companies_2000_plus"] = bisect_left([-x for x in sizes], -1999)

    def _heavy_assign(self, emp: list[int], nc: int, n_other: int) -> list[int]:
        """Current employers of the non-reps for the heavy shape (a list, shuffled).

        The company with the most employees holds ``_HEAVY_GIANT_SHARE`` of the people,
        the next ones by employees hold 2,000-20,000 each (Pareto sizes, scaled down in
        small networks) up to ``_HEAVY_BIG_SHARE``; every other company gets one person,
        then the rest by employees, as in the standard shape.
        """
        rng = self._rng("heavy-companies")
        by_size = sorted(range(1, nc + 1), key=lambda k: (-emp[k], k))
        sizes = [round(_HEAVY_GIANT_SHARE * n_other)]
        budget = round(_HEAVY_BIG_SHARE * n_other)
        low = min(_HEAVY_BIG_MIN, max(1, budget // 3))
        high = min(_HEAVY_BIG_MAX, max(low, budget))
        while budget >= low and len(sizes) < nc // 2:
            size = min(high, budget, int(low * rng.paretovariate(1.2)))
            sizes.append(size)
            budget -= size
        assign: list[int] = []
        for k, size in zip(by_size, sizes, strict=False):
            assign.extend([k] * size)
        small = by_size[len(sizes):]
        rng.shuffle(small)
        left = n_other - len(assign)
        first = small[:left]
        cum = list(accumulate(emp[k] ** 0.55 + 1.0 for k in small))
        assign.extend(first)
        if small:
            assign.extend(rng.choices(small, cum_weights=cum, k=left - len(first)))
        rng.shuffle(assign)
        # the largest companies, for the status overrides in _heavy_statuses
        self._heavy_big = by_size[: len(sizes)]
        return assign

    def _heavy_statuses(self, status: bytearray, fit: list[float]) -> None:
        """The giant company is a prospect (the largest company target); the largest of
        the others, ideal-fit when one is, is a client (a big client's opportunities);
        the next is a prospect too. The companies they replace take their old status,
        so the counts of clients, prospects and partners do not change."""
        giant, *big = self._heavy_big
        client = next((k for k in big if fit[k] >= 0.99), big[0] if big else None)
        wanted = [(giant, _ST_PROSPECT)]
        if client is not None:
            wanted.append((client, _ST_CLIENT))
            rest = [k for k in big if k != client]
            if rest:
                wanted.append((rest[0], _ST_PROSPECT))
        keep = {k for k, _ in wanted}
        for k, st in wanted:
            if status[k] == st:
                continue
            # swap with the smallest-id company that has the wanted status
            other = next((j for j in range(1, len(status))
                          if status[j] == st and j not in keep), None)
            if other is not None:
                status[other] = status[k]
            status[k] = st

    # ------------------------------------------------------------------ helpers

    def person_id(self, index: int) -> str:
        return self._pid[index]

    def rep_ids(self) -> list[str]:
        """Ids of our reps (the first ``reps`` people)."""
        return self._pid[: self.reps]

    # ------------------------------------------------------------------ streams

    def companies(self) -> Iterator[CompanyRecord]:
        """Our own company (``c-000000``, status other) first, then ``c-000001`` ..."""
        for k in range(self.n_companies + 1):
            yield CompanyRecord(
                id=f"c-{k:06d}",
                name=self._cname[k],
                domain=self._domain[k],
                status=_STATUS[self._status[k]],
                industry=INDUSTRIES[self._cind[k]],
                employees=self._emp[k],
                region=REGIONS[self._creg[k]],
                health=self._health[k],
            )

    def people(self) -> Iterator[PersonRecord]:
        """People in id order; the first ``reps`` are our reps."""
        first = names.FIRST_NAMES
        last = names.LAST_NAMES
        fslug = [_slug(x) for x in first]
        lslug = [_slug(x) for x in last]
        domains, titles = self._domain, self._titles
        n_reps = self.reps
        mult = 2_654_435_761  # odd, so i -> i * mult mod 2**32 is a bijection
        offset = self._rng("people").getrandbits(32)
        for i in range(self.size):
            f, la = self._fname[i], self._lname[i]
            suffix = self._mail_n[i]
            local = f"{fslug[f]}.{lslug[la]}{suffix if suffix else ''}"
            handle = (i * mult + offset) & 0xFFFFFFFF
            yield PersonRecord(
                id=self._pid[i],
                name=f"{first[f]} {last[la]}",
                email=f"{local}@{domains[self._cur[i]]}",
                linkedin_url=f"https://www.linkedin.com/in/{fslug[f]}-{lslug[la]}-{handle:08x}",
                title=titles[self._title[i]],
                seniority=_SENIORITIES[self._sen[i]],
                is_rep=i < n_reps,
                do_not_contact=bool(self._dnc[i]),
            )

    def employments(self) -> Iterator[EmploymentRecord]:
        """Each person's current job (current=True), then past jobs, most recent first."""
        rng = self._rng("employments")
        rnd, expo, uniform = rng.random, rng.expovariate, rng.uniform
        today = self._today_ord
        fromord = date.fromordinal
        titles, funcs, ladder = self._titles, self._title_func, self._ladder
        count = 0
        for i in range(self.size):
            t = self._title[i]
            s = self._sen[i]
            start = today - 30 - int(365 * min(25.0, expo(1 / 3.0)))
            yield EmploymentRecord(
                person_id=self._pid[i],
                company_id=f"c-{self._cur[i]:06d}",
                title=titles[t],
                seniority=_SENIORITIES[s],
                current=True,
                start=fromord(start),
            )
            count += 1
            func = funcs[t]
            if func not in ladder:
                func = "operations" if s < 4 else "engineering"
            for k in self._past[i]:
                end = start - int(rnd() * 120)
                begin = end - int(365 * uniform(0.75, 6.0))
                ps = s - 1 if s and rnd() < 0.45 else s
                opts = ladder[func][ps]
                yield EmploymentRecord(
                    person_id=self._pid[i],
                    company_id=f"c-{k:06d}",
                    title=titles[opts[int(rnd() * len(opts))]],
                    seniority=_SENIORITIES[ps],
                    current=False,
                    start=fromord(begin),
                    end=fromord(end),
                )
                count += 1
                start = begin
        self.stats["employments"] = count

    # ------------------------------------------------------------------ ties

    def _layer_weights(self) -> tuple[array, array, array, array, array]:
        """Expected degree of every person in each Chung-Lu layer and in alumni draws."""
        n, n_reps = self.size, self.reps
        cur, soc, past, members = self._cur, self._soc, self._past, self._members
        pind, preg = self._pind, self._preg
        n_nonrep = max(1, n - n_reps)
        cnt_ind = [0] * len(INDUSTRIES)
        cnt_reg = [0] * len(REGIONS)
        cnt_ir = [[0] * len(REGIONS) for _ in INDUSTRIES]
        for i in range(n_reps, n):
            cnt_ind[pind[i]] += 1
            cnt_reg[preg[i]] += 1
            cnt_ir[pind[i]][preg[i]] += 1
        wc = array("d", bytes(8 * n))
        wa = array("d", bytes(8 * n))
        wi = array("d", bytes(8 * n))
        wr = array("d", bytes(8 * n))
        wg = array("d", bytes(8 * n))
        rep_company = float(min(max(0, n_reps - 1), 40))
        for i in range(n_reps):
            wc[i] = rep_company
            wa[i] = 3.0 if past[i] else 0.0
        cal = _CAL
        for i in range(n_reps, n):
            d = _MEAN_DEGREE * soc[i]
            size = len(members[cur[i]])
            want_c = _SHARE_COMPANY * d
            c = min(want_c, 0.9 * (size - 1))
            a = _SHARE_ALUMNI * d if past[i] else 0.0
            rest = d - c - a
            x, y = pind[i], preg[i]
            same_ind = cnt_ind[x] or 1
            f_ind = 1.0 / max(0.33, 1.0 - size / same_ind)
            f_reg = 1.0 / max(0.33, 1.0 - cnt_ir[x][y] / (cnt_reg[y] or 1))
            ok_glob = 1.0 - (cnt_reg[y] + cnt_ind[x] - cnt_ir[x][y]) / n_nonrep
            f_glob = 1.0 / max(0.25, ok_glob)
            wc[i] = c * cal["company"]
            wa[i] = a * cal["alumni"]
            wi[i] = rest * _SPLIT_INDUSTRY * f_ind * cal["industry"]
            wr[i] = rest * _SPLIT_REGION * f_reg * cal["region"]
            wg[i] = rest * _SPLIT_GLOBAL * f_glob * cal["global"]
        return wc, wa, wi, wr, wg

    def _rep_pairs(self, rng: random.Random) -> Iterator[tuple[int, int]]:
        n, n_reps = self.size, self.reps
        if n_reps >= n:
            return
        cur, past, sen, pstat = self._cur, self._past, self._sen, self._pstat
        by_status: list[list[int]] = [[], [], [], []]
        for i in range(n_reps, n):
            by_status[pstat[i]].append(i)
        everyone = range(n_reps, n)
        # bucket shares: clients, prospects, partners, anyone
        buckets = [(0.60, by_status[_ST_CLIENT]), (0.72, by_status[_ST_PROSPECT]),
                   (0.85, by_status[_ST_PARTNER]), (1.0, everyone)]
        accept_sen = (0.45, 0.8, 1.0, 1.0, 1.0)
        rnd = rng.random
        for r in range(n_reps):
            k = int(min(300.0, max(50.0, rng.lognormvariate(math.log(120.0), 0.45))))
            k = min(k, n - n_reps)
            pr = past[r]
            got: set[int] = set()
            for _ in range(20 * k):
                x = rnd()
                pool = next(p for t, p in buckets if x < t)
                if not pool:
                    pool = everyone
                v = pool[int(rnd() * len(pool))]
                if v in got or rnd() >= accept_sen[sen[v]]:
                    continue
                if pr and (cur[v] in pr or (past[v] and not set(pr).isdisjoint(past[v]))):
                    continue  # shares an employer: that pair belongs to the alumni layer
                got.add(v)
                yield r, v
                if len(got) >= k:
                    break

    def _alumni_pairs(self, wa: array, rng: random.Random) -> Iterator[tuple[int, int]]:
        cur, past, members, alumni = self._cur, self._past, self._members, self._alumni
        rnd = rng.random
        for u in range(self.size):
            pu = past[u]
            if not pu:
                continue
            cu = cur[u]
            hu = (cu, *pu)
            per = wa[u] / len(pu)
            for x in pu:
                mc, mp = members[x], alumni[x]
                lc = len(mc)
                total = lc + len(mp)
                k = int(per + rnd())
                if k <= 0 or total <= 1:
                    continue
                k = min(k, total - 1)
                got: set[int] = set()
                for _ in range(3 * k):
                    j = int(rnd() * total)
                    v = mc[j] if j < lc else mp[j - lc]
                    if v == u or v in got:
                        continue
                    cv = cur[v]
                    if cv == cu:
                        continue  # same current employer: company layer
                    pv = past[v]
                    if j >= lc and v < u:
                        continue  # both left x: the lower index owns the pair
                    owner = min(c for c in hu if c == cv or c in pv)
                    if owner != x:
                        continue  # the pair belongs to their smallest shared company
                    got.add(v)
                    yield u, v
                    if len(got) >= k:
                        break

    def _grouped(self, weights: array, key: bytearray | None, groups: int):
        """(members, weights) of non-reps per group value of ``key`` (None: one group)."""
        n_reps = self.reps
        mem: list[list[int]] = [[] for _ in range(groups)]
        wts: list[list[float]] = [[] for _ in range(groups)]
        for i in range(n_reps, self.size):
            g = key[i] if key is not None else 0
            mem[g].append(i)
            wts[g].append(weights[i])
        return list(zip(mem, wts, strict=True))

    def _pairs(self, rng: random.Random, weights) -> Iterator[tuple[str, Iterator]]:
        wc, wa, wi, wr, wg = weights
        cur, past, pind, preg = self._cur, self._past, self._pind, self._preg
        rnd = rng.random

        def company():
            for k in range(self.n_companies + 1):
                mem = self._members[k]
                if len(mem) > 1:
                    yield from _chung_lu(mem, [wc[i] for i in mem], rnd)

        def no_shared(u: int, v: int) -> bool:
            cu, cv = cur[u], cur[v]
            if cu == cv:
                return False
            pu, pv = past[u], past[v]
            if pu:
                if cv in pu:
                    return False
                if pv:
                    for c in pu:
                        if c in pv:
                            return False
            return not (pv and cu in pv)

        def industry():
            for mem, w in self._grouped(wi, pind, len(INDUSTRIES)):
                for u, v in _chung_lu(mem, w, rnd):
                    if no_shared(u, v):
                        yield u, v

        def region():
            for mem, w in self._grouped(wr, preg, len(REGIONS)):
                for u, v in _chung_lu(mem, w, rnd):
                    if pind[u] != pind[v] and no_shared(u, v):
                        yield u, v

        def global_():
            for mem, w in self._grouped(wg, None, 1):
                for u, v in _chung_lu(mem, w, rnd):
                    if preg[u] != preg[v] and pind[u] != pind[v] and no_shared(u, v):
                        yield u, v

        yield "rep", self._rep_pairs(rng)
        yield "company", company()
        yield "alumni", self._alumni_pairs(wa, rng)
        yield "industry", industry()
        yield "region", region()
        yield "global", global_()

    def ties(self) -> Iterator[TieRecord]:
        """All KNOWS ties, one record per unordered pair, layer by layer (streamed)."""
        rng = self._rng("ties")
        sample_rng = self._rng("introduction-sample")
        rnd = rng.random
        log, exp = math.log, math.exp
        pid, dates = self._pid, self._dates
        cur, dnc, pstat = self._cur, self._dnc, self._pstat
        n_reps = self.reps
        degree = array("I", bytes(4 * self.size))
        by_layer = dict.fromkeys(_LAYERS, 0)
        self._ties_complete = False
        # introduction chains: rep -> client person (-> client colleague) -> prospect person
        via: dict[int, tuple[int, ...]] = {}
        via_cap = max(20_000, 50 * self.target_introductions)
        chains: list[tuple[int, ...]] = []
        chain_cap = 3 * self.target_introductions
        seen_chains = 0
        total = 0
        weights = self._layer_weights()
        heavy = self.shape == "heavy"
        if heavy:
            # chance that a tie is close, by its busier end: min(1, 40 / expected degree)
            close = array("d", (min(1.0, 40.0 / max(1.0, _MEAN_DEGREE * x))
                                for x in self._soc))
            strength_hist = [0] * 21  # ties per 0.05 of strength, for the stats
        rec_k = _LN2 / _HALF_LIFE
        for layer, pairs in self._pairs(rng, weights):
            mean_int, chan_w, mean_days, bal_exp = _TIE_PROFILE[layer]
            freq_k = chan_w / _SATURATION
            if heavy:
                p_close = _HEAVY_CLOSE[layer]
                c_int, c_chan, c_days, c_bal = _HEAVY_CLOSE_PROFILE
                w_int, w_chan, w_days, w_bal = _HEAVY_WEAK_PROFILE[layer]
            late = layer not in ("rep", "company")
            count = 0
            for u, v in pairs:
                if heavy:
                    cu, cv = close[u], close[v]
                    if rnd() < p_close * (cu if cu < cv else cv):
                        mean_int, freq_k, mean_days, bal_exp = (
                            c_int, c_chan / _SATURATION, c_days, c_bal)
                    else:
                        mean_int, freq_k, mean_days, bal_exp = (
                            w_int, w_chan / _SATURATION, w_days, w_bal)
                interactions = 1 + int(-mean_int * log(1.0 - rnd()))
                days = int(-mean_days * log(1.0 - rnd()))
                if days > _MAX_DAYS:
                    days = _MAX_DAYS
                s = _FLOOR + (1.0 - _FLOOR) * (1.0 - exp(-interactions * freq_k)) * exp(
                    -days * rec_k) * (_ONE_WAY + (1.0 - _ONE_WAY) * rnd() ** bal_exp)
                degree[u] += 1
                degree[v] += 1
                count += 1
                if heavy:
                    strength_hist[int(s * 20.0)] += 1
                if u > v:
                    u, v = v, u
                yield TieRecord(pid[u], pid[v], round(s, 4), interactions, dates[days], "seed")
                # --- remember a few rep -> client -> prospect chains (paths over emitted ties)
                if late:
                    for a, b in ((u, v), (v, u)):
                        pre = via.get(a)
                        if pre is not None and pstat[b] == _ST_PROSPECT and not dnc[b]:
                            seen_chains += 1
                            if len(chains) < chain_cap:
                                chains.append((*pre, b))
                            else:
                                j = int(sample_rng.random() * seen_chains)
                                if j < chain_cap:
                                    chains[j] = (*pre, b)
                elif layer == "rep":
                    if pstat[v] == _ST_CLIENT and not dnc[v] and v not in via:
                        via[v] = (u, v)
                elif u >= n_reps and pstat[u] == _ST_CLIENT and len(via) < via_cap:
                    a, b = (u, v) if u in via else (v, u)
                    pre = via.get(a)
                    if (pre is not None and len(pre) == 2 and b not in via and not dnc[b]
                            and cur[b] == cur[a]):
                        via[b] = (*pre, b)
            by_layer[layer] = count
            total += count
        self._chains = chains
        self._ties_complete = True
        degs = sorted(degree)
        self.stats["ties"] = total
        self.stats["ties_by_layer"] = by_layer
        self.stats["max_degree"] = degs[-1] if degs else 0
        self.stats["median_degree"] = degs[len(degs) // 2] if degs else 0
        self.stats["mean_degree"] = round(2 * total / self.size, 2)
        self.stats["rep_min_degree"] = min(degree[: self.reps]) if self.reps else 0
        self.stats["degree_percentiles"] = {
            f"p{q:g}": degs[min(len(degs) - 1, int(len(degs) * q / 100))] if degs else 0
            for q in (50, 90, 99, 99.9)}
        # people with 1,000+ ties: the hubs that make searches fan out
        self.stats["people_1000_plus_ties"] = len(degs) - bisect_left(degs, 1000)
        if heavy:
            self.stats["strong_ties"] = round(sum(strength_hist[10:]) / total, 4) if total else 0.0
            self.stats["strength_percentiles"] = _hist_percentiles(strength_hist, total)

    # ------------------------------------------------------------------ introductions

    def introductions(self) -> Iterator[PastIntroduction]:
        """Past introductions (oldest first): reps asking client people for prospects.

        Paths are sampled from the ties as they were emitted, so every step of every
        path is a tie of ``ties()``; if ``ties()`` was not run to the end, it is run
        (and its records dropped) first.
        """
        if not self._ties_complete:
            for _ in self.ties():
                pass
        rng = self._rng("introductions")
        chains = list(self._chains)
        rng.shuffle(chains)
        # diversity: at most two introductions towards the same target
        per_target: dict[int, int] = {}
        chosen = []
        for ch in chains:
            if per_target.get(ch[-1], 0) >= 2:
                continue
            per_target[ch[-1]] = per_target.get(ch[-1], 0) + 1
            chosen.append(ch)
            if len(chosen) >= self.target_introductions:
                break
        rows = []
        for ch in chosen:
            days = rng.randint(3, 720)
            health = self._health[self._cur[ch[1]]] or 0.5
            if days < 30:
                opts, w = ("introduced", "meeting_held", "declined"), (6, 3, 1)
            elif days < 90:
                opts = ("introduced", "meeting_held", "won", "lost", "declined", "qualified_out")
                w = (1.5, 3, 1.5, 1, 1.5, 1.5)
            else:
                opts = ("won", "lost", "declined", "qualified_out", "meeting_held")
                w = (1.0 + 3.0 * health, 2.0, 1.8, 1.8, 0.4)
            rows.append((days, ch, rng.choices(opts, weights=w)[0]))
        rows.sort(key=lambda r: (-r[0], r[1]))
        pid = self._pid
        for n, (days, ch, status) in enumerate(rows, start=1):
            yield PastIntroduction(
                id=f"i-{n:06d}",
                requester_id=pid[ch[0]],
                path=[pid[x] for x in ch],
                status=status,
                requested_on=self._dates[days],
            )
        self.stats["introductions"] = len(rows)
