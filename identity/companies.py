"""Company linkage: which Company nodes are one company (issue #16, docs/identity.md "Companies").

The importer already makes one node of rows with the same external id, domain, id or
normalised name (``name_key``, where the domains do not disagree). What it cannot join is
"Quorbit" and "Quorbit Labs", a typo, or a name without a domain against the same name
with one. This module scores such pairs; it reads no database (plain dicts in, pairs out).

A record: ``{id, name, name_key, domain, status, people, email_domains}``, ``email_domains``
the domains of the company's current people's addresses (one entry per person).

Scoring is Fellegi-Sunter in spirit, with the weights set by hand (bits: log2 of how much
likelier the evidence is for one company than for two; there are no labelled companies to
learn from and too few duplicates per graph for EM). String similarity is RapidFuzz's
Jaro-Winkler, which gives DuckDB's ``jaro_winkler_similarity`` scores (the people model's
engine; loading DuckDB for this alone cost an import ~55 MB of memory).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import JaroWinkler

from graph.importers.keys import FREE_MAIL_DOMAINS, LEGAL_SUFFIXES

# Odds of one company for a blocked pair before any evidence (bits): most pairs that share a
# word or a prefix are two companies.
PRIOR = -6.0

# Thresholds on the match probability (docs/identity.md, "Companies"):
AUTO = 0.99    # and the same domain exactly, and no evidence against: merged without asking
REVIEW = 0.2   # from here up (and every doubtful sure pair): the review queue; below: apart

# The evidence, in bits; each comparison speaks at most once per pair.
WEIGHTS = {
    ("domain", "same domain"): 12.0,
    ("domain", "same name, other ending"): 4.0,   # quorbit.com / quorbit.de
    ("domain", "different domains"): -8.0,        # each has its own website
    ("name", "same name"): 8.0,
    ("name", "one name begins with the other"): 5.0,  # "quorbit" / "quorbit labs"
    ("name", "Jaro-Winkler >= 0.92"): 5.0,
    ("name", "Jaro-Winkler >= 0.85"): 2.0,
    ("name", "different names"): -4.0,
    ("words", "a distinctive word in common"): 4.0,   # also a name word = the other's domain name
    ("words", "no distinctive word in common"): -2.0,
    ("people", "their people's addresses share a domain"): 6.0,
    ("people", "their people's addresses at other domains"): -3.0,
}

# Words that name a kind of business, not one: "labs" in common says nothing.
GENERIC_WORDS = frozenset((
    "the", "and", "of", "for", "group", "holding", "holdings", "company", "co", "companies", "corp",
    "corporation", "international", "global", "worldwide", "labs", "lab", "systems", "system",
    "technologies", "technology", "tech", "solutions", "services", "service", "software", "consulting",
    "consultants", "partners", "capital", "ventures", "industries", "industrial", "digital", "data",
    "networks", "network", "media", "health", "healthcare", "bank", "financial", "finance", "analytics",
    "energy", "logistics", "studio", "studios", "works", "enterprises", "associates", "management",
    "marketing", "security", "cloud", "ai", "bio", "pharma", "therapeutics", "foods",
))
# a word in more companies' names than this is common, whatever it is
COMMON_WORD_COMPANIES = 10
# a blocking key shared by more companies than this pairs too many to be informative
MAX_BLOCK = 200
# an address domain speaks for a company when this many of its people, or half, have it
ADDRESS_PEOPLE = 2


@dataclass
class CompanyPair:
    a: str
    b: str
    probability: float
    weight: float
    evidence: list[dict[str, Any]] = field(default_factory=list)
    decision: str = "apart"  # auto | review | apart
    reason: str = "review"   # why a pair is queued: review, names_differ, status_differs


def _domain(value: str | None) -> str | None:
    if not value:
        return None
    domain = value.strip().lower().removeprefix("www.")
    return domain if domain and domain not in FREE_MAIL_DOMAINS else None


def _label(domain: str | None) -> str | None:
    """The domain's name without its ending: quorbit from quorbit.com and quorbit.co.uk."""
    if not domain:
        return None
    parts = domain.split(".")
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in ("co", "com", "org", "net", "ac", "gov"):
        parts = parts[:-2]
    else:
        parts = parts[:-1]
    return parts[-1] if parts else None


def features(record: dict[str, Any]) -> dict[str, Any]:
    """What the comparisons read: the name key's words, the domain and its name, and the
    address domains that speak for the company (held by ADDRESS_PEOPLE people or by half)."""
    words = (record.get("name_key") or "").split()
    # the stored key keeps what is left of a split legal form ("S.A. de C.V." -> "sa de")
    while len(words) > 1 and (words[-1] in LEGAL_SUFFIXES or words[-1] == "de"):
        words.pop()
    key = " ".join(words)
    domain = _domain(record.get("domain"))
    counts = Counter(d for d in (_domain(x) for x in record.get("email_domains") or []) if d)
    with_address = sum(counts.values())
    addresses = {d for d, n in counts.items() if n >= ADDRESS_PEOPLE or 2 * n >= max(with_address, 1)}
    return {"id": record["id"], "key": key, "words": words, "domain": domain, "label": _label(domain),
            "addresses": addresses, "address_people": {d: counts[d] for d in addresses},
            "status": record.get("status"), "people": record.get("people") or 0}


def _block_keys(f: dict[str, Any]) -> set[str]:
    """The blocking keys: pairs are scored only when they share one (not all pairs)."""
    keys: set[str] = set()
    if f["domain"]:
        keys.add("d:" + f["domain"])
    keys.update("d:" + d for d in f["addresses"])  # a website against the people's addresses
    labels = {f["label"], *(_label(d) for d in f["addresses"])}
    keys.update("w:" + w for w in labels if w and len(w) >= 3)
    words = f["words"]
    if words:
        first = words[0]
        if len(first) >= 3:
            keys.add("w:" + first)                              # quorbit / quorbit labs / quorbit.com
            keys.add("p:" + first[:3] + "|" + words[-1])        # a typo after the third letter
        keys.add("a:" + "".join(sorted(first)) + "|" + " ".join(words[1:]))  # two letters swapped
    return keys


def candidate_pairs(feats: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """Pairs of ids that share a blocking key (blocks larger than MAX_BLOCK are skipped)."""
    blocks: dict[str, list[str]] = {}
    for f in feats:
        for key in _block_keys(f):
            blocks.setdefault(key, []).append(f["id"])
    pairs: set[tuple[str, str]] = set()
    for ids in blocks.values():
        if len(ids) < 2 or len(ids) > MAX_BLOCK:
            continue
        ids = sorted(set(ids))
        pairs.update((ids[i], ids[j]) for i in range(len(ids)) for j in range(i + 1, len(ids)))
    return pairs


def jaro_winkler(pairs: list[tuple[str, str]]) -> list[float]:
    """The Jaro-Winkler similarity of each (left, right), in order, as DuckDB's
    ``jaro_winkler_similarity`` scores it (two empty strings: 0.0 there, 1.0 in RapidFuzz)."""
    similarity = JaroWinkler.similarity
    return [similarity(a, b) if a or b else 0.0 for a, b in pairs]


def _distinctive(f: dict[str, Any], frequency: Counter) -> set[str]:
    return {w for w in [*f["words"], f["label"]]
            if w and len(w) >= 3 and w not in GENERIC_WORDS and frequency[w] <= COMMON_WORD_COMPANIES}


def _begins(a: list[str], b: list[str]) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return bool(short) and long_[:len(short)] == short


_STATUS_RANK = {"client": 0, "partner": 1, "prospect": 2}


def compatible_status(a: str | None, b: str | None) -> bool:
    """Two statuses one company can have: the same, or one unset / "other"."""
    return a == b or a in (None, "", "other") or b in (None, "", "other")


def score(fa: dict[str, Any], fb: dict[str, Any], jw: float, frequency: Counter) -> CompanyPair:
    """One pair's evidence, weight, probability and decision (see the module's thresholds)."""
    said: list[tuple[str, str]] = []
    if fa["domain"] and fb["domain"]:
        if fa["domain"] == fb["domain"]:
            said.append(("domain", "same domain"))
        elif fa["label"] and fa["label"] == fb["label"]:
            said.append(("domain", "same name, other ending"))
        else:
            said.append(("domain", "different domains"))
    if fa["key"] and fb["key"]:
        if fa["key"] == fb["key"]:
            name = "same name"
        elif _begins(fa["words"], fb["words"]):
            name = "one name begins with the other"
        elif jw >= 0.92:
            name = "Jaro-Winkler >= 0.92"
        elif jw >= 0.85:
            name = "Jaro-Winkler >= 0.85"
        else:
            name = "different names"
        said.append(("name", name))
        if name in ("Jaro-Winkler >= 0.85", "different names"):
            # the words speak only where the names do not already agree (as the people's handle)
            shared = _distinctive(fa, frequency) & _distinctive(fb, frequency)
            said.append(("words", "a distinctive word in common" if shared
                         else "no distinctive word in common"))
        elif name != "same name" and _distinctive(fa, frequency) & _distinctive(fb, frequency):
            said.append(("words", "a distinctive word in common"))
    sites_a = fa["addresses"] | ({fa["domain"]} if fa["domain"] else set())
    sites_b = fb["addresses"] | ({fb["domain"]} if fb["domain"] else set())
    if (fa["addresses"] & sites_b) or (fb["addresses"] & sites_a):
        said.append(("people", "their people's addresses share a domain"))
    elif (fa["addresses"] and sites_b) or (fb["addresses"] and sites_a):  # one's people, not at the other
        said.append(("people", "their people's addresses at other domains"))
    evidence = [{"comparison": c, "level": level, "weight": WEIGHTS[(c, level)]} for c, level in said]
    weight = PRIOR + sum(e["weight"] for e in evidence)
    probability = 1.0 / (1.0 + math.pow(2.0, -weight))
    a, b = sorted((fa["id"], fb["id"]))
    pair = CompanyPair(a, b, probability, weight, evidence)
    doubts = [e for e in evidence if e["weight"] < 0]
    if probability >= AUTO and _one_domain(fa, fb, said) and not doubts \
            and compatible_status(fa["status"], fb["status"]):
        pair.decision = "auto"
    elif probability >= REVIEW or ("domain", "same domain") in said:
        pair.decision = "review"  # a shared website with doubts is a person's call, never apart
        if ("domain", "same domain") in said and doubts:
            pair.reason = "names_differ"
        elif not compatible_status(fa["status"], fb["status"]):
            pair.reason = "status_differs"
    return pair


def _one_domain(fa: dict[str, Any], fb: dict[str, Any], said: list[tuple[str, str]]) -> bool:
    """The pair has one domain: both have it, or one has none and at least ADDRESS_PEOPLE of its
    people write from the other's (how the importer gives a contact's company its domain)."""
    if ("domain", "same domain") in said:
        return True
    return any(x["domain"] is None and y["domain"]
               and x["address_people"].get(y["domain"], 0) >= ADDRESS_PEOPLE for x, y in ((fa, fb), (fb, fa)))


def link(records: list[dict[str, Any]], only: set[str] | None = None,
         everyone: list[dict[str, Any]] | None = None) -> list[CompanyPair]:
    """Every candidate pair scored at or above REVIEW (or sharing a domain), likeliest first;
    with ``only``, the pairs with one of those companies. The words' frequencies come from
    ``everyone`` (records without their people will do) when given, else from ``records``."""
    feats = {r["id"]: features(r) for r in records}
    frequency: Counter = Counter()
    for f in (feats.values() if everyone is None else map(features, everyone)):
        frequency.update({w for w in [*f["words"], f["label"]] if w})
    pairs = sorted(pair for pair in candidate_pairs(list(feats.values()))
                   if only is None or pair[0] in only or pair[1] in only)
    sims = jaro_winkler([(feats[a]["key"], feats[b]["key"]) for a, b in pairs])
    scored = [score(feats[a], feats[b], jw, frequency) for (a, b), jw in zip(pairs, sims, strict=True)]
    return sorted((p for p in scored if p.decision != "apart"), key=lambda p: (-p.weight, p.a, p.b))


def partners(new: list[dict[str, Any]], everyone: list[dict[str, Any]]) -> set[str]:
    """The companies that may pair with one of ``new`` (records with their people) among
    ``everyone`` (records without them: id, name key, domain): those sharing a blocking key
    the new ones' names, domains and people's addresses make with the others' names and
    domains. Not found: a stored company that only its people's addresses tie to a new one
    (a full run compares those)."""
    wanted = set().union(*(_block_keys(features(r)) for r in new)) if new else set()
    return {r["id"] for r in everyone if _block_keys(features(r)) & wanted}


def keep_first(a: dict[str, Any], b: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Which company stays: a client before a partner before a prospect (asks and
    introductions name the client by id), then the one with a domain, then more people,
    then the smaller id."""
    def rank(r: dict[str, Any]) -> tuple:
        return (_STATUS_RANK.get(r.get("status") or "", 3), 0 if _domain(r.get("domain")) else 1,
                -(r.get("people") or 0), r["id"])
    return (a, b) if rank(a) <= rank(b) else (b, a)
