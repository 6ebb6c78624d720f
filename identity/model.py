"""Probabilistic record linkage of person records with Splink on DuckDB (docs/identity.md).

    from identity.model import resolve
    result = resolve(records)        # records: dicts with identity.records.RECORD_FIELDS
    result.pairs                     # [(id_l, id_r, match_probability, match_weight)], p >= REVIEW
    result.auto_clusters             # record id -> cluster id, merging pairs with p >= AUTO
    result.review_clusters           # the same at p >= REVIEW (auto merges included)

Unsupervised Fellegi-Sunter: u from random pairs, the prior from two deterministic
rule, m by expectation maximisation on three blocks, so each comparison is trained on a
block that does not fix it. Two records never share an email: the import writer already
makes them one node (identity.records). Nothing is learnt from any
truth: the evaluation (seed/identity_evaluation.py) only measures.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import networkx as nx
import splink.comparison_level_library as cll
from nicknames import NickNamer
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.comparison_library import CustomComparison
from splink.internals.exceptions import SplinkException  # EM with no pair in a block (no public path)

from graph.identity_keys import _NOT_LETTER, PREFIX, SERVED_RULES, fold, name_and_company
from graph.importers.keys import FREE_MAIL_DOMAINS

# Decisions on the match probability of a pair (docs/identity.md, "Thresholds"):
AUTO = 0.99  # at or above: merge without asking (the issue asks auto-merge precision >= 0.99)
REVIEW = 0.01  # from here up to AUTO: the review queue; below: left apart (docs/identity.md)

_NICKNAMER = NickNamer()
_HEX_TAIL = re.compile(r"-[0-9a-f]{6,}$")  # LinkedIn's "-4b1a2c" after the name in a slug
# Title words written short in exports; a title is compared in its long form.
_TITLE_SHORT = {
    "ceo": "chief executive officer", "cfo": "chief financial officer",
    "cto": "chief technology officer", "coo": "chief operating officer",
    "cmo": "chief marketing officer", "cro": "chief revenue officer",
    "cpo": "chief product officer", "cio": "chief information officer",
    "chro": "chief human resources officer", "ciso": "chief information security officer",
    "sr": "senior", "jr": "junior", "mgr": "manager", "dir": "director", "eng": "engineering",
    "vice president": "vp", "svp": "senior vp", "evp": "executive vp",
}
_TITLE_WORD = re.compile(r"[a-z]+")


@functools.lru_cache(maxsize=65536)  # a few thousand distinct first names in 100,000 records
def _forms(first: str) -> tuple[str, ...]:
    return tuple(sorted({first} | _NICKNAMER.nicknames_of(first) | _NICKNAMER.canonicals_of(first)))


def first_name_forms(first: str) -> list[str]:
    """The name, its nicknames and the names it is a nickname of (nicknames package):
    "bob" and "robert" share forms, so Bob Smith and Robert Smith can be one person."""
    return list(_forms(first)) if first else []


@functools.lru_cache(maxsize=65536)
def title_key(title: str | None) -> str | None:
    words = _TITLE_WORD.findall(fold(title))
    if not words:
        return None
    text = " ".join(_TITLE_SHORT.get(w, w) for w in words if w != "of")
    text = text.replace("vice president", "vp")
    return text


# (first, last, email, email domain, company key, company domain): what blocking and the
# features share, and what the keys kept on each Person are made of (graph/identity_keys.py)
_name_and_company = name_and_company


def _slug_key(url: str | None) -> str | None:
    if not url or "/in/" not in url:
        return None
    slug = url.rsplit("/in/", 1)[1].strip("/").lower()
    return _NOT_LETTER.sub("", _HEX_TAIL.sub("", slug)) or None


def features(record: dict) -> dict:
    """The columns the model compares, from one record (identity.records.RECORD_FIELDS)."""
    first, last, email, domain, company_key, company_domain = _name_and_company(record)
    local = email.split("@", 1)[0] if email and "@" in email else None
    local_key = _NOT_LETTER.sub("", local) if local else None
    forms = first_name_forms(first)
    # what an address or a slug made from this name could look like: first.last, flast, ...
    name_keys = sorted({k for f in forms for k in (f + last, f[:1] + last, f + last[:1])
                        if last and len(k) > 1})
    handles = [h for h in (local_key, _slug_key(record.get("linkedin_url"))) if h]
    # a company's distinctive word: "quorbit" from "Quorbit Labs GmbH" and from quorbit.com
    tokens = {company_key.split()[0]} if company_key else set()
    if company_domain:
        tokens.add(company_domain.split(".")[0])
    return {
        "unique_id": record["unique_id"],
        "source": record.get("source"),
        "first": first or None,
        "last": last or None,
        "full": f"{first} {last}".strip() or None,
        "first_initial": first[:1] or None,
        "last_initial": last[:1] or None,
        "first_prefix": first[:PREFIX] or None,
        "last_prefix": last[:PREFIX] or None,
        "first_forms": forms,
        "email": email,
        "email_domain": domain,
        "free_mail": bool(domain and domain in FREE_MAIL_DOMAINS),
        "handles": handles,
        "linkedin_url": record.get("linkedin_url"),
        "name_keys": name_keys,
        "company_key": company_key,
        "company_tokens": sorted(tokens),
        "company_domain": company_domain,
        "title_key": title_key(record.get("title")),
        "phone": record.get("phone") or None,
    }


def _comparisons() -> list:
    first = CustomComparison(output_column_name="first_name", comparison_levels=[
        cll.NullLevel("first"),
        cll.ExactMatchLevel("first", term_frequency_adjustments=True),
        cll.ArrayIntersectLevel("first_forms", 1).configure(label_for_charts="nickname"),
        cll.JaroWinklerLevel("first", 0.92),
        cll.JaroWinklerLevel("first", 0.80),
        cll.ElseLevel(),
    ])
    last = CustomComparison(output_column_name="last_name", comparison_levels=[
        cll.NullLevel("last"),
        cll.ExactMatchLevel("last", term_frequency_adjustments=True),
        cll.JaroWinklerLevel("last", 0.92),
        cll.JaroWinklerLevel("last", 0.80),
        cll.ElseLevel(),
    ])
    email = CustomComparison(output_column_name="email", comparison_levels=[
        cll.NullLevel("email"),
        # two addresses at one employer are two people more often than one person twice
        cll.CustomLevel("email_domain_l = email_domain_r AND NOT free_mail_l",
                        label_for_charts="other address, same work domain"),
        cll.ElseLevel(),
    ])
    handle = CustomComparison(output_column_name="handle", comparison_levels=[
        # only where the names look different: a handle made from a name both records
        # already share (up to a nickname or a typo) says nothing the names have not said
        cll.CustomLevel("(len(handles_l) = 0 AND len(handles_r) = 0) "
                        "OR (last_l = last_r AND len(list_intersect(first_forms_l, first_forms_r)) > 0) "
                        "OR jaro_winkler_similarity(full_l, full_r) >= 0.9").configure(is_null_level=True),
        cll.CustomLevel("list_has_any(handles_l, name_keys_r) AND list_has_any(handles_r, name_keys_l)",
                        label_for_charts="both handles fit the other's name"),
        cll.CustomLevel("list_has_any(handles_l, name_keys_r) OR list_has_any(handles_r, name_keys_l)",
                        label_for_charts="a handle fits the other's name"),
        cll.ElseLevel(),
    ])
    # two different profile URLs are nearly always two people (one URL is one node already)
    profile = CustomComparison(output_column_name="linkedin", comparison_levels=[
        cll.NullLevel("linkedin_url"),
        # never seen in training (same URL, same node); the level makes "two URLs" the else
        cll.ExactMatchLevel("linkedin_url"),
        cll.ElseLevel(),
    ])
    no_company = ("(company_key_{s} IS NULL AND company_domain_{s} IS NULL)")
    company = CustomComparison(output_column_name="company", comparison_levels=[
        cll.CustomLevel(f"{no_company.format(s='l')} OR {no_company.format(s='r')}").configure(
            is_null_level=True),
        cll.ExactMatchLevel("company_domain"),
        cll.ExactMatchLevel("company_key"),
        cll.JaroWinklerLevel("company_key", 0.88),
        cll.ArrayIntersectLevel("company_tokens", 1).configure(label_for_charts="same distinctive word"),
        cll.ElseLevel(),
    ])
    title = CustomComparison(output_column_name="title", comparison_levels=[
        cll.NullLevel("title_key"),
        cll.ExactMatchLevel("title_key"),
        cll.JaroWinklerLevel("title_key", 0.88),
        cll.ElseLevel(),
    ])
    # one number in one form (E.164, graph/importers/keys.normalise_phone); a switchboard is
    # shared by everyone at a company and a person has a desk and a mobile, so EM learns
    # how much a shared number says and how little two numbers do
    phone = CustomComparison(output_column_name="phone", comparison_levels=[
        cll.NullLevel("phone"),
        cll.ExactMatchLevel("phone", term_frequency_adjustments=True),
        cll.ElseLevel(),
    ])
    return [first, last, email, handle, profile, company, title, phone]


# What the model is told rather than taught: EM on same-name blocks finds "same company,
# same title" the mark of a match and learns that one person's two records (almost) never
# name two employers, so a job change would read as two people. These floors on m are
# priors about people, not fitted to any truth: of two records of one person, about 1 in
# 12 name different employers (a job every ~4 years, CRMs that lag) and 1 in 6 different
# titles (promotions, rewording).
M_FLOORS = {("company", "else"): 0.08, ("title", "else"): 0.15}


def _apply_m_floors(linker: Linker) -> None:
    for comparison in linker._settings_obj.comparisons:
        floor = M_FLOORS.get((comparison.output_column_name, "else"))
        if floor is None:
            continue
        levels = [lv for lv in comparison.comparison_levels if not lv.is_null_level]
        last = levels[-1]
        if last.m_probability >= floor:
            continue
        rest = sum(lv.m_probability for lv in levels[:-1])
        for lv in levels[:-1]:  # the other levels keep their proportions
            lv.m_probability = lv.m_probability * (1 - floor) / rest
        last.m_probability = floor


# Pairs the model scores: a true pair shares at least one of these keys. The last two catch a
# typo in one name at another employer (no company in common); they were the first and last
# initial, which made most of the pairs (about 65 candidates per person at 150,000 records,
# against about 15 with two letters; docs/identity.md, "The bench").
BLOCKING_RULES = (
    ("first", "last"),
    ("last", "company_key"),
    ("first", "company_key"),
    ("last", "company_domain"),
    ("last", "first_prefix"),  # a typo past the second letter; another employer, no company
    ("first", "last_prefix"),
)
# A kept model trained with a rule since narrowed predicts with the narrower one.
NARROWED = {frozenset(("last", "first_initial")): ("last", "first_prefix"),
            frozenset(("first", "last_initial")): ("first", "last_prefix")}


@dataclass
class Resolution:
    pairs: list[tuple[str, str, float, float]]  # (id_l, id_r, match_probability, match_weight)
    auto_clusters: dict[str, str]
    review_clusters: dict[str, str]
    seconds: dict[str, float] = field(default_factory=dict)
    records: int = 0
    # (id_l, id_r) -> one entry per comparison that spoke: {comparison, level, weight};
    # weight in bits (log2 of the Bayes factor, term frequencies included): > 0 is for, < 0 against
    evidence: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    model: dict = field(default_factory=dict)  # Splink's trained settings, for ``resolve(trained=)``


def _clusters(ids: list[str], pairs: list[tuple[str, str, float, float]], threshold: float) -> dict[str, str]:
    """Record id -> cluster id (its smallest member): connected components of the pairs at or
    above ``threshold``."""
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from((a, b) for a, b, p, _ in pairs if p >= threshold)
    out: dict[str, str] = {}
    for component in nx.connected_components(graph):
        head = min(component)
        out.update(dict.fromkeys(component, head))
    return out


def _evidence(linker: Linker, predicted) -> dict[tuple[str, str], list[dict]]:
    """Each pair's comparisons with their level's label and weight, the review queue's
    evidence for and against. Splink gives each comparison's weight (``mw_<name>``), not
    its level; a level is known by its weight, log2(m/u), which differs from level to level
    within a comparison. Zero weight (a null level, or m = u) says nothing and is left out."""
    levels = {c.output_column_name: [(lv._log2_bayes_factor, lv.label_for_charts)
                                     for lv in c.comparison_levels if not lv.is_null_level]
              for c in linker._settings_obj.comparisons}
    relation = predicted.as_duckdbpyrelation()
    names = [n for n in levels if f"mw_{n}" in relation.columns]
    columns = ["unique_id_l", "unique_id_r"]
    for n in names:
        columns += [f"mw_{n}", f"mw_tf_adj_{n}" if f"mw_tf_adj_{n}" in relation.columns else "0"]
    out: dict[tuple[str, str], list[dict]] = {}
    for row in relation.select(", ".join(columns)).fetchall():
        items = []
        for i, n in enumerate(names):
            weight, tf = float(row[2 + 2 * i] or 0), float(row[3 + 2 * i] or 0)
            if weight == 0 and tf == 0:
                continue
            label = min(levels[n], key=lambda lv: abs(lv[0] - weight))[1] if levels[n] else ""
            items.append({"comparison": n, "level": label, "weight": round(weight + tf, 2)})
        out[(row[0], row[1])] = items
    return out


class TrainingFailed(ValueError):
    """Splink could not train on the records: EM needs matches in its blocks, and a set
    with (almost) no duplicates, e.g. people already merged, has none (log of a zero prior)."""


def _train(linker: Linker, seed: int) -> None:
    # prior: the pairs with the same name at the same company, taken as half of all matches
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first", "last", "company_key")], recall=0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    # m by EM, each comparison on a block that does not fix it: same name (trains email,
    # handle, company, title), same last name and company (first name), same first name
    # and company (last name)
    for cols in (("first", "last"), ("last", "company_key"), ("first", "company_key")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*cols), estimate_without_term_frequencies=True)
    _apply_m_floors(linker)


def resolve(records: list[dict], *, auto: float = AUTO, review: float = REVIEW, seed: int = 7,
            threads: int | None = None, evidence: bool = False, trained: dict | None = None) -> Resolution:
    """Link ``records`` (dicts with unique ``unique_id``) and cluster them at both thresholds;
    with ``evidence``, each pair's per-comparison levels and weights too. ``trained``: a
    model from an earlier run (``Resolution.model``) to predict with instead of training
    (a graph whose duplicates are merged has nothing left to train on: TrainingFailed)."""
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    rows = [features(r) for r in records]
    seconds["features"] = time.perf_counter() - t0
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    db_api = DuckDBAPI(connection=con)
    if trained is None:
        settings = SettingsCreator(
            link_type="dedupe_only",
            unique_id_column_name="unique_id",
            comparisons=_comparisons(),
            blocking_rules_to_generate_predictions=[block_on(*cols) for cols in BLOCKING_RULES],
            retain_intermediate_calculation_columns=evidence,  # the per-comparison weights
            retain_matching_columns=False,
        )
    else:  # a model trained before (Resolution.model): predict only
        settings = {**trained, "retain_intermediate_calculation_columns": evidence,
                    "blocking_rules_to_generate_predictions": prediction_rules(trained)}
    logging.getLogger("splink").setLevel(logging.ERROR)
    t0 = time.perf_counter()
    table = db_api.register(rows, table_name="people")
    linker = Linker(table, settings, log_level=None)
    if trained is None:
        try:
            _train(linker, seed)
        except (ValueError, ZeroDivisionError, duckdb.Error, SplinkException) as exc:
            con.close()
            raise TrainingFailed(f"The model could not be trained on these {len(rows)} records "
                                 f"({type(exc).__name__}: {exc}).") from exc
    seconds["train"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    predicted = linker.inference.predict(threshold_match_probability=review)
    arrow = predicted.as_duckdbpyrelation().select(
        "unique_id_l, unique_id_r, match_probability, match_weight").fetchall()
    pairs = [(a, b, float(p), float(w)) for a, b, p, w in arrow]
    why = _evidence(linker, predicted) if evidence else {}
    seconds["predict"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    ids = [r["unique_id"] for r in rows]
    result = Resolution(pairs=pairs, auto_clusters=_clusters(ids, pairs, auto),
                        review_clusters=_clusters(ids, pairs, review), records=len(rows), evidence=why,
                        model=linker.misc.save_model_to_json())
    seconds["cluster"] = time.perf_counter() - t0
    result.seconds = seconds
    con.close()
    return result


# ---- incremental: new and changed records against what is stored ---------------------------

_KEY_COLUMNS = ("first", "last", "company_key", "company_domain", "first_initial", "last_initial",
                "first_prefix", "last_prefix")


@functools.lru_cache(maxsize=262144)  # a process that runs after every import reads the same people
def _key_values(name: str | None, email: str | None, company: str | None,
                company_domain: str | None) -> tuple[str | None, ...]:
    first, last, _email, _domain, company_key, domain = _name_and_company(
        {"name": name, "email": email, "company": company, "company_domain": company_domain})
    return (first or None, last or None, company_key, domain, first[:1] or None, last[:1] or None,
            first[:PREFIX] or None, last[:PREFIX] or None)


def _key_getters(rules: tuple[tuple[str, ...], ...]) -> list[Callable]:
    """Per rule, a function of ``_key_values`` giving the rule's key (always a tuple)."""
    out = []
    for cols in rules:
        at = [_KEY_COLUMNS.index(c) for c in cols]
        out.append(lambda v, at=at: tuple(v[i] for i in at) if len(at) > 2 else (
            (v[at[0]], v[at[1]]) if len(at) == 2 else (v[at[0]],)))
    return out


def _values(record: dict) -> tuple[str | None, ...]:
    return _key_values(record.get("name"), record.get("email"), record.get("company"),
                       record.get("company_domain"))


def blocking_keys(record: dict, rules: tuple[tuple[str, ...], ...] = BLOCKING_RULES) -> set[tuple]:
    """The record's value of each blocking rule it can take part in, as (rule, values):
    two records share a key exactly when a rule would pair them. Cheaper than ``features``
    (no nicknames, handles or titles), so it runs over every stored person."""
    values = _values(record)
    return {(i, key) for i, get in enumerate(_key_getters(rules)) if all(key := get(values))}


def candidates(stored: list[dict], new_ids: set[str],
               rules: tuple[tuple[str, ...], ...] = BLOCKING_RULES) -> list[dict]:
    """The new records and every stored one sharing a blocking key with one of them (one
    pass over everyone stored: a rule's key is a tuple of ``_key_values`` positions)."""
    at = [tuple(_KEY_COLUMNS.index(c) for c in cols) for cols in rules]
    wanted: list[set[tuple]] = [set() for _ in rules]
    for record in stored:
        if record["unique_id"] in new_ids:
            values = _values(record)
            for positions, keys in zip(at, wanted, strict=True):
                key = tuple(values[i] for i in positions)
                if all(key):
                    keys.add(key)
    checks = list(zip(at, wanted, strict=True))
    out = []
    for record in stored:
        if record["unique_id"] in new_ids:
            out.append(record)
            continue
        v = _values(record)
        for positions, keys in checks:
            if (v[positions[0]], v[positions[1]]) in keys if len(positions) == 2 else \
                    tuple(v[i] for i in positions) in keys:
                out.append(record)
                break
    return out


def name_frequencies(records: list[dict]) -> dict[str, dict[str, float]]:
    """Term frequencies of the first and last names and of the phones among ``records`` (all
    stored people), as Splink computes them for its term-frequency adjustments: a run over a
    few hundred candidates must weigh "Smith" (or a switchboard shared by a whole company) as
    the whole graph does, not as the candidates do."""
    counts: dict[str, dict[str, int]] = {column: {} for column in TF_COLUMNS}
    for record in records:
        first, last = _name_and_company(record)[:2]
        for column, value in (("first", first), ("last", last), ("phone", record.get("phone"))):
            if value:
                counts[column][value] = counts[column].get(value, 0) + 1
    return {column: {v: n / total for v, n in seen.items()} if (total := sum(seen.values())) else {}
            for column, seen in counts.items()}


def _columns(rule) -> tuple[str, ...]:
    """A kept blocking rule's ``block_on`` columns (empty for other SQL)."""
    sql = rule.get("blocking_rule") if isinstance(rule, dict) else str(rule)
    return tuple(re.findall(r'l\."?([a-z_]+)"?\s*=\s*r\."?\1"?', sql or ""))


def prediction_rules(trained: dict) -> list:
    """The kept model's blocking rules, each rule since narrowed (``NARROWED``) replaced by
    the narrower one: a model trained before predicts the pairs a new one would (the weights
    it learnt do not depend on the rules that pick the pairs)."""
    return [block_on(*NARROWED[cols]).get_blocking_rule("duckdb").as_dict()
            if (cols := frozenset(_columns(rule))) in NARROWED else rule
            for rule in trained.get("blocking_rules_to_generate_predictions") or []]


def _rules_of(trained: dict) -> tuple[tuple[str, ...], ...]:
    """The blocking rules a kept model predicts with (``block_on`` columns), else ours."""
    rules = [cols for rule in prediction_rules(trained) if (cols := _columns(rule))]
    return tuple(rules) or BLOCKING_RULES


def rules_of(trained: dict) -> tuple[tuple[str, ...], ...]:
    """``_rules_of``: what the candidates must be found for (graph/identity_keys.lookup_keys)."""
    return _rules_of(trained)


def serves(trained: dict) -> bool:
    """Whether the keys kept on each person (graph/identity_keys.py) find every pair the kept
    model's blocking rules make: then the candidates come from the graph's indexes."""
    return all(frozenset(cols) in SERVED_RULES for cols in _rules_of(trained))


TF_COLUMNS = ("first", "last", "phone")  # the columns whose exact match weighs by how common the value is


def _tf_columns(trained: dict) -> list[str]:
    """The columns a kept model adjusts by term frequency (one trained before the phone was
    compared has none for it)."""
    found = {level.get("tf_adjustment_column") for comparison in trained.get("comparisons", [])
             for level in comparison.get("comparison_levels", [])}
    return [column for column in TF_COLUMNS if column in found]


def frequencies_from_counts(counts: dict, totals: dict) -> dict[str, dict[str, float]]:
    """``name_frequencies`` from counts kept elsewhere (graph.identity_reads.name_counts): each
    name's count over the count of records with a name, per column."""
    return {column: {v: n / totals[column] for v, n in counts.get(column, {}).items() if n > 0}
            if totals.get(column) else {} for column in TF_COLUMNS}


def resolve_incremental(stored: list[dict], new_ids: set[str] | list[str], *, trained: dict,
                        review: float = REVIEW, evidence: bool = False,
                        threads: int | None = None) -> Resolution:
    """Score the records ``new_ids`` (among ``stored``, every record there is) against all of
    ``stored`` with a kept model, no training: the candidates are the records sharing a
    blocking key with a new one, the pairs those the model's own blocking rules make
    among new and candidates, and of those only the pairs with a new record in them (the
    others were scored before). Term frequencies come from all of ``stored``, so a pair
    scores what it would in a full run. ``Resolution.records`` is the records scored."""
    t0 = time.perf_counter()
    new_ids = set(new_ids)
    subset = candidates(stored, new_ids, _rules_of(trained))
    frequencies = name_frequencies(stored)
    took = time.perf_counter() - t0
    result = score_candidates(subset, new_ids, trained=trained, frequencies=frequencies,
                              population=len(stored), review=review, evidence=evidence, threads=threads)
    result.seconds = {"candidates": took, **result.seconds}
    return result


def score_candidates(subset: list[dict], new_ids: set[str] | list[str], *, trained: dict,
                     frequencies: dict[str, dict[str, float]], population: int, review: float = REVIEW,
                     evidence: bool = False, threads: int | None = None) -> Resolution:
    """``resolve_incremental`` on candidates found elsewhere (``subset``: the new records and at
    least every stored one a blocking rule pairs with one of them; more do no harm) with the
    term frequencies of all ``population`` stored records (``name_frequencies``)."""
    seconds: dict[str, float] = {}
    new_ids = set(new_ids)
    empty = Resolution(pairs=[], auto_clusters={}, review_clusters={}, records=len(subset), seconds=seconds,
                       model=trained)
    if len(subset) < 2 or not new_ids & {r["unique_id"] for r in subset}:
        return empty
    t0 = time.perf_counter()
    rows = [{**features(r), "is_new": r["unique_id"] in new_ids} for r in subset]
    seconds["features"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    db_api = DuckDBAPI(connection=con)
    logging.getLogger("splink").setLevel(logging.ERROR)
    try:
        table = db_api.register(rows, table_name="people")
        # pairs of two stored candidates were scored before: the rules make only pairs with a new one
        rules = [{**rule, "blocking_rule": f'({rule["blocking_rule"]}) AND (l."is_new" OR r."is_new")'}
                 if isinstance(rule, dict) else rule
                 for rule in prediction_rules(trained)]
        settings = {**trained, "retain_intermediate_calculation_columns": evidence,
                    "blocking_rules_to_generate_predictions": rules}
        linker = Linker(table, settings, log_level=None, validate_settings=False)  # validated when trained
        for column in _tf_columns(trained):
            values = {row[column] for row in rows if row[column]}
            seen = frequencies.get(column, {})
            lookup = [{column: v, f"tf_{column}": seen.get(v, 1 / max(population, 1))}
                      for v in sorted(values)]
            if lookup:
                linker.table_management.register_term_frequency_lookup(
                    db_api.register(lookup, table_name=f"tf_lookup_{column}"), column)
        seconds["setup"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        predicted = linker.inference.predict(threshold_match_probability=review)
        found = predicted.as_duckdbpyrelation().select(
            "unique_id_l, unique_id_r, match_probability, match_weight").fetchall()
        pairs = [(a, b, float(p), float(w)) for a, b, p, w in found if a in new_ids or b in new_ids]
        why = {}
        if evidence:
            kept = {(a, b) for a, b, _p, _w in pairs}
            why = {k: v for k, v in _evidence(linker, predicted).items() if k in kept}
    finally:
        con.close()
    seconds["predict"] = time.perf_counter() - t0
    ids = [r["unique_id"] for r in rows]
    return Resolution(pairs=pairs, auto_clusters=_clusters(ids, pairs, AUTO),
                      review_clusters=_clusters(ids, pairs, review), records=len(rows), evidence=why,
                      model=trained, seconds=seconds)
