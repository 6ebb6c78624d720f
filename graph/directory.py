"""People, companies and KNOWS ties: records one at a time (the API's people and
companies), lists and search (the API and the pages), and the small summaries pages show.

Ids (the same rules the importers use, so an API record and an imported one meet):
- with ``external_id``: ``p-``/``c-`` + sha1("{source}:{external_id}")[:16]; creating it
  again updates the record (never a duplicate);
- else from the natural key: a person's LinkedIn URL or email, a company's domain
  (``graph.importers.keys``); creating it again is a Conflict ``duplicate`` naming the existing id;
- else ``p-``/``c-`` + a random uuid (hex).

Deleting a person removes the node with its ties (KNOWS, WORKS_AT) and its links to
introductions; an introduction keeps the id in its own fields, so its history reads
"unknown person" rather than disappearing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.consent import HIDDEN_PERSON
from graph.db import Graph
from graph.icp_store import company_scores, current_profile
from graph.identity_keys import person_keys
from graph.importers.keys import (
    company_id_for,
    normalise_company_name,
    normalise_domain,
    normalise_email,
    normalise_linkedin_url,
    normalise_phone,
    person_id_for,
)
from graph.tie_reads import recomputed, strength_as_of, tie_params
from referrals.errors import Conflict, Invalid, NotFound, StaleVersion
from referrals.icp import IdealClientProfile
from referrals.ids import new_id
from referrals.tie_strength import TieStrengthParams


def duplicate(message: str, existing_id: str) -> Conflict:
    """Another record already has this natural key; the caller may want `existing_id`."""
    return Conflict(message, code="duplicate", existing_id=existing_id)


def _digest_id(prefix: str, source: str, external_id: str) -> str:
    return f"{prefix}-" + hashlib.sha1(f"{source}:{external_id.strip()}".encode()).hexdigest()[:16]


# ------------------------------------------------------------------------ people

PERSON_RETURN = """
CALL (p) {
  OPTIONAL MATCH (p)-[w:WORKS_AT]->(c:Company)
  RETURN w, c ORDER BY coalesce(w.current, true) DESC, w.created_at DESC LIMIT 1
}
RETURN p {.*, is_rep: p:Rep, title: coalesce(p.title, w.title),
          company_id: c.id,
          company: CASE WHEN c IS NULL THEN null ELSE c {.id, .name, .status} END} AS person
"""

PERSON_FIELDS = ("name", "email", "linkedin_url", "title", "seniority", "do_not_contact", "phone")


def _person_props(body: dict[str, Any]) -> dict[str, Any]:
    props = {k: body[k] for k in PERSON_FIELDS if k in body}
    if props.get("email"):
        props["email"] = normalise_email(props["email"]) or props["email"].strip().lower()
    if props.get("phone"):  # one form, as the importers keep it (identity resolution compares it)
        phone = normalise_phone(props["phone"])
        if phone is None:
            raise Invalid(f"{props['phone']!r} is not a phone number; write it with its country code, "
                          "such as +44 20 7946 0958.", field="phone")
        props["phone"] = phone
    if props.get("linkedin_url"):
        props["linkedin_url"] = normalise_linkedin_url(props["linkedin_url"]) or props["linkedin_url"]
    return props


def _set_company(tx: ManagedTransaction, person_id: str, company_id: str | None, now: datetime,
                 title: str | None) -> None:
    if company_id is None:
        tx.run("MATCH (p:Person {id: $id})-[w:WORKS_AT]->() WHERE coalesce(w.current, true) "
               "SET w.current = false", id=person_id).consume()
        return
    found = tx.run("MATCH (c:Company {id: $cid}) RETURN c.id AS id", cid=company_id).single()
    if found is None:
        raise Invalid(f"No company with id {company_id!r}.", field="company_id")
    tx.run(
        """
        MATCH (p:Person {id: $id})
        OPTIONAL MATCH (p)-[old:WORKS_AT]->(other:Company) WHERE other.id <> $cid
        SET old.current = false
        WITH DISTINCT p
        MATCH (c:Company {id: $cid})
        MERGE (p)-[w:WORKS_AT]->(c)
        ON CREATE SET w.created_at = $now, w.source = 'api'
        SET w.current = true, w.title = coalesce($title, w.title)
        """,
        id=person_id, cid=company_id, now=now, title=title,
    ).consume()


def _check_email_free(tx: ManagedTransaction, person_id: str, email: str | None) -> None:
    if not email:
        return
    other = tx.run("MATCH (o:Person {email: $email}) WHERE o.id <> $id RETURN o.id AS id LIMIT 1",
                   email=email, id=person_id).single()
    if other is not None:
        raise duplicate(f"Another person already has the email {email!r}.", other["id"])


def _identity(prefix: str, body: dict[str, Any], props: dict[str, Any],
              natural_id: Callable[[], str | None]) -> tuple[str, bool]:
    """(id, upsert) of a person or company written through the API, noting `source` (and
    `external_id`) in `props`. With an external_id the id is a digest of (source,
    external_id) and the write updates what is there; else the natural key's id (so a
    second create is a duplicate), or a random one when there is no natural key."""
    source = body.get("source") or "api"
    props["source"] = source
    external_id = body.get("external_id")
    if external_id:
        props["external_id"] = external_id
        return _digest_id(prefix, source, external_id), True
    return natural_id() or new_id(prefix), False


def _read_person(tx: ManagedTransaction, person_id: str) -> dict[str, Any] | None:
    record = tx.run("MATCH (p:Person {id: $id})" + PERSON_RETURN, id=person_id).single()
    return record["person"] if record else None


def upsert_person_id(body: dict[str, Any]) -> str | None:
    """The id a create with external_id writes to (it may exist already); None without one."""
    external_id = body.get("external_id")
    return _digest_id("p", body.get("source") or "api", external_id) if external_id else None


def create_person(graph: Graph, body: dict[str, Any], *, now: datetime) -> tuple[dict[str, Any], bool]:
    """Create (or, with external_id, upsert) a person; returns (person, created)."""
    props = _person_props(body)

    def natural_id() -> str | None:
        try:
            return person_id_for(linkedin_url=props.get("linkedin_url"), email=props.get("email"))
        except ValueError:  # neither a profile URL nor an email
            return None

    person_id, upsert = _identity("p", body, props, natural_id)

    def work(tx: ManagedTransaction) -> tuple[dict[str, Any], bool]:
        existing = tx.run("MATCH (p:Person {id: $id}) RETURN p.id AS id, p.name AS name, p.email AS email",
                          id=person_id).single()
        if existing is not None and not upsert:
            raise duplicate(f"This person already exists as {person_id}.", person_id)
        _check_email_free(tx, person_id, props.get("email"))
        keys = _identity_keys(existing, props)
        tx.run(
            """
            MERGE (p:Person {id: $id})
            ON CREATE SET p.created_at = $now, p.version = 0
            SET p += $props, p += $keys, p.updated_at = $now, p.version = coalesce(p.version, 0) + 1
            WITH p
            CALL (p) { WITH p WHERE $is_rep SET p:Rep }
            CALL (p) { WITH p WHERE NOT $is_rep REMOVE p:Rep }
            """,
            id=person_id, now=now, props=props, keys=keys, is_rep=bool(body.get("is_rep", False)),
        ).consume()
        if "company_id" in body:
            _set_company(tx, person_id, body["company_id"], now, props.get("title"))
        person = _read_person(tx, person_id)
        assert person is not None
        return person, existing is None

    return graph.write(work)


def _identity_keys(stored, props: dict[str, Any]) -> dict[str, str]:
    """The blocking keys (graph/identity_keys.py) of the name and email a write leaves: the
    identity run after an import finds candidates by them, and trusts every writer to keep them."""
    def value(field: str):
        return props[field] if field in props else (stored[field] if stored is not None else None)

    return person_keys(value("name"), value("email"))


def person_not_found(person_id: str) -> NotFound:
    """The answer for an unknown person, and for one hidden until their client opts in
    (services/visibility.py): the two read the same."""
    return NotFound(f"No person with id {person_id!r}.")


def get_person(graph: Graph, person_id: str) -> dict[str, Any]:
    person = graph.read(_read_person, person_id)
    if person is None:
        raise person_not_found(person_id)
    return person


def update_person(graph: Graph, person_id: str, patch: dict[str, Any], *, now: datetime) -> dict[str, Any]:
    props = _person_props(patch)
    for key in ("external_id", "source"):
        if key in patch:
            props[key] = patch[key]

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        found = tx.run("MATCH (p:Person {id: $id}) SET p.version = coalesce(p.version, 0) "
                       "RETURN p.id AS id, p.name AS name, p.email AS email", id=person_id).single()
        if found is None:
            raise NotFound(f"No person with id {person_id!r}.")
        if "email" in props:
            _check_email_free(tx, person_id, props["email"])
        tx.run("MATCH (p:Person {id: $id}) SET p += $props, p += $keys, p.updated_at = $now, "
               "p.version = p.version + 1", id=person_id, props=props, now=now,
               keys=_identity_keys(found, props)).consume()
        if "is_rep" in patch:
            label_op = "SET p:Rep" if patch["is_rep"] else "REMOVE p:Rep"
            tx.run(f"MATCH (p:Person {{id: $id}}) {label_op}", id=person_id).consume()
        if "company_id" in patch:
            _set_company(tx, person_id, patch["company_id"], now, props.get("title"))
        person = _read_person(tx, person_id)
        assert person is not None
        return person

    return graph.write(work)


def delete_person(graph: Graph, person_id: str) -> None:
    rows = graph.execute("MATCH (p:Person {id: $id}) DETACH DELETE p RETURN count(*) AS n", id=person_id)
    if not rows or rows[0]["n"] == 0:
        raise NotFound(f"No person with id {person_id!r}.")


def list_people(graph: Graph, limit: int, after_t: datetime | None, after_id: str | None
                ) -> list[dict[str, Any]]:
    """Newest first; `limit` rows (ask for one more than a page to know if there is a next).
    People hidden until their client opts in are left out (graph.consent.HIDDEN_PERSON)."""
    rows = graph.query(
        """
        MATCH (p:Person)
        WITH p, coalesce(p.created_at, datetime('1970-01-01T00:00:00Z')) AS t
        WHERE ($after_t IS NULL OR t < $after_t OR (t = $after_t AND p.id < $after_id))
          AND NOT """ + HIDDEN_PERSON + """
        WITH p, t ORDER BY t DESC, p.id DESC LIMIT $limit
        """ + PERSON_RETURN.replace("RETURN p {", "RETURN t, p {") + " ORDER BY t DESC, person.id DESC",
        limit=limit, after_t=after_t, after_id=after_id,
    )
    return [dict(row["person"], created_at=row["person"].get("created_at") or row["t"]) for row in rows]


# Lucene's query syntax: these characters (and && ||) are operators unless escaped.
_LUCENE_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')


def escape_lucene(text: str) -> str:
    return "".join("\\" + ch if ch in _LUCENE_SPECIAL else ch for ch in text)


def search_query(text: str) -> str | None:
    """A prefix query for autocomplete: every word must start a word of a name/email/domain.

    "dana le" -> ``dana* AND le*``; an email is split at "@"; Lucene syntax in the
    input is escaped, so it is always searched for literally. None when nothing is left.
    """
    words = []
    for raw in text.replace("@", " ").split():
        word = escape_lucene(raw.strip().lower())
        if word and word.strip("\\"):
            words.append(word + "*")
    return " AND ".join(words[:8]) if words else None


SEARCH_CYPHER = """
CALL () {
  CALL db.index.fulltext.queryNodes('person_search', $lucene, {limit: $k}) YIELD node, score
  RETURN node AS p, score
  UNION ALL
  CALL db.index.fulltext.queryNodes('company_search', $lucene, {limit: 20}) YIELD node, score
  CALL (node) {
    MATCH (p:Person)-[w:WORKS_AT]->(node) WHERE coalesce(w.current, true)
    RETURN p LIMIT $k
  }
  RETURN p, score * 0.8 AS score
}
WITH p, max(score) AS score
WHERE NOT """ + HIDDEN_PERSON + """
ORDER BY score DESC, p.name, p.id
SKIP $skip LIMIT $limit
"""


def search_people(graph: Graph, text: str, limit: int, skip: int = 0) -> list[dict[str, Any]]:
    """People whose name or email, or whose current company's name or domain, starts with
    the words typed; best match first (a company match ranks a little below a name match).
    People hidden until their client opts in are never found (graph.consent.HIDDEN_PERSON)."""
    lucene = search_query(text)
    if lucene is None:
        return []
    rows = graph.query(SEARCH_CYPHER + PERSON_RETURN.replace("RETURN p {", "RETURN score, p {")
                       + " ORDER BY score DESC, person.name, person.id",
                       lucene=lucene, k=skip + limit + 50, skip=skip, limit=limit)
    return [row["person"] for row in rows]


def person_label(graph: Graph, person_id: str) -> dict[str, Any] | None:
    """Who a person is in a line of text: name, title, current company, whether a rep."""
    rows = graph.query(
        """
        MATCH (p:Person {id: $id})
        OPTIONAL MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE coalesce(w.current, true)
        WITH p, head(collect(c)) AS c
        RETURN p.id AS id, p.name AS name, p.title AS title, p:Rep AS is_rep, c.name AS company
        """, id=person_id)
    return rows[0] if rows else None


def is_rep(graph: Graph, person_id: str) -> bool:
    """Whether the id is one of our reps (where a path may start)."""
    # by the Person id index, not a scan of every rep (see graph/consent.py, SEARCH_ENDS)
    return bool(graph.query("MATCH (r:Person {id: $id}) WHERE r:Rep RETURN r.id AS id", id=person_id))


def reps(graph: Graph) -> list[dict[str, Any]]:
    """The team's reps (the sources a path can start from)."""
    return graph.query("MATCH (r:Rep) WHERE NOT coalesce(r.do_not_contact, false) "
                       "RETURN r.id AS id, r.name AS name, r.title AS title ORDER BY r.name LIMIT 200")


# ----------------------------------------------------------------------- companies

COMPANY_FIELDS = ("name", "domain", "status", "industry", "employees", "region", "health")


def _company_props(body: dict[str, Any]) -> dict[str, Any]:
    props = {k: body[k] for k in COMPANY_FIELDS if k in body}
    if props.get("domain"):
        domain = normalise_domain(props["domain"])
        if domain is None:
            raise Invalid(f"{props['domain']!r} is not a domain name such as acme.com.", field="domain")
        props["domain"] = domain
    if "name" in props:
        props["name_key"] = normalise_company_name(props["name"])
    return props


def _scored(props: dict[str, Any], profile: IdealClientProfile) -> dict[str, Any]:
    # one scorer for API writes and ICP rescoring, so a company scores the same either way
    fit = company_scores(profile, props)
    return {"icp_score": fit["score"], "icp_met": fit["met"], "icp_missed": fit["missed"]}


def _consent_flag(stored: dict[str, Any] | None, merged: dict[str, Any]) -> dict[str, Any]:
    """{consent_required: true} once the company is or was a client: its people stay hidden
    until it opts in, whatever its status becomes later (graph/consent.py)."""
    was = stored or {}
    if was.get("consent_required") or was.get("status") == "client" or merged.get("status") == "client":
        return {"consent_required": True}
    return {}


def _read_company(tx: ManagedTransaction, company_id: str) -> dict[str, Any] | None:
    record = tx.run("MATCH (c:Company {id: $id}) RETURN c {.*} AS company", id=company_id).single()
    return record["company"] if record else None


def create_company(graph: Graph, body: dict[str, Any], *, now: datetime) -> tuple[dict[str, Any], bool]:
    props = _company_props(body)
    company_id, upsert = _identity(
        "c", body, props, lambda: company_id_for(domain=props["domain"]) if props.get("domain") else None)
    profile = current_profile(graph)

    def work(tx: ManagedTransaction) -> tuple[dict[str, Any], bool]:
        existing = _read_company(tx, company_id)
        if existing is not None and not upsert:
            raise duplicate(f"A company with this domain already exists as {company_id}.", company_id)
        if props.get("domain"):
            other = tx.run("MATCH (o:Company {domain: $d}) WHERE o.id <> $id RETURN o.id AS id LIMIT 1",
                           d=props["domain"], id=company_id).single()
            if other is not None:
                raise duplicate(f"Another company already has the domain {props['domain']!r}.",
                                other["id"])
        merged = {**(existing or {}), **props}
        all_props = {**props, **_scored(merged, profile), **_consent_flag(existing, merged)}
        tx.run(
            """
            MERGE (c:Company {id: $id})
            ON CREATE SET c.created_at = $now, c.version = 0
            SET c += $props, c.updated_at = $now, c.version = coalesce(c.version, 0) + 1
            """,
            id=company_id, props=all_props, now=now,
        ).consume()
        company = _read_company(tx, company_id)
        assert company is not None
        return company, existing is None

    return graph.write(work)


def get_company(graph: Graph, company_id: str) -> dict[str, Any]:
    company = graph.read(_read_company, company_id)
    if company is None:
        raise NotFound(f"No company with id {company_id!r}.")
    if company.get("version") is None:
        company["version"] = 1
    return company


def update_company(graph: Graph, company_id: str, patch: dict[str, Any],
                   expected_version: int | None, *, now: datetime) -> dict[str, Any]:
    """Apply `patch` if the stored version is `expected_version` (None: any); rescore ICP."""
    props = _company_props(patch)
    profile = current_profile(graph)

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        # the no-op SET takes the node's write lock first, so the version read below is
        # the one this transaction will replace (two racing PATCHes cannot both win)
        record = tx.run("MATCH (c:Company {id: $id}) SET c.version = coalesce(c.version, 1) "
                        "RETURN c {.*} AS company", id=company_id).single()
        if record is None:
            raise NotFound(f"No company with id {company_id!r}.")
        stored = record["company"]
        if expected_version is not None and stored["version"] != expected_version:
            raise StaleVersion(f"Stale version: you sent {expected_version}, the current version is "
                               f"{stored['version']}. Reload and apply your change again.",
                               current_version=stored["version"])
        if props.get("domain") and props["domain"] != stored.get("domain"):
            other = tx.run("MATCH (o:Company {domain: $d}) WHERE o.id <> $id RETURN o.id AS id LIMIT 1",
                           d=props["domain"], id=company_id).single()
            if other is not None:
                raise duplicate(f"Another company already has the domain {props['domain']!r}.",
                                other["id"])
        merged = {**stored, **props}
        tx.run("MATCH (c:Company {id: $id}) SET c += $props, c.updated_at = $now, "
               "c.version = c.version + 1",
               id=company_id, props={**props, **_scored(merged, profile), **_consent_flag(stored, merged)},
               now=now).consume()
        company = _read_company(tx, company_id)
        assert company is not None
        return company

    return graph.write(work)


def list_companies(graph: Graph, limit: int, after_t: datetime | None, after_id: str | None,
                   status: str | None = None) -> list[dict[str, Any]]:
    rows = graph.query(
        """
        MATCH (c:Company)
        WHERE $status IS NULL OR c.status = $status
        WITH c, coalesce(c.created_at, datetime('1970-01-01T00:00:00Z')) AS t
        WHERE $after_t IS NULL OR t < $after_t OR (t = $after_t AND c.id < $after_id)
        RETURN t, c {.*} AS company ORDER BY t DESC, c.id DESC LIMIT $limit
        """,
        limit=limit, after_t=after_t, after_id=after_id, status=status,
    )
    out = []
    for row in rows:
        company = row["company"]
        company["created_at"] = company.get("created_at") or row["t"]
        company.setdefault("version", 1)
        if company.get("version") is None:
            company["version"] = 1
        out.append(company)
    return out


# --------------------------------------------------------------------- relationships

TIE_FIELDS = ("strength", "interactions", "last_interaction", "source")


def upsert_tie(graph: Graph, a: str, b: str, body: dict[str, Any], *,
               now: datetime, by: str = "api",
               params: TieStrengthParams | None = None) -> tuple[dict[str, Any], bool]:
    """Store one undirected KNOWS tie (smaller id -> larger id, as the bulk writer does).

    The strength given is stored as its own evidence (``manual_strength``, ``_by``, ``_on``:
    value, who, when); the tie's ``strength`` is then recomputed from all its evidence as
    of today (graph/tie_reads.py ``recomputed``), so a manual strength decays like any
    other unless a person confirms the tie (graph/consent.py)."""
    if a == b:
        raise Invalid("A person cannot know themselves.", field="b")
    low, high = (a, b) if a < b else (b, a)
    props = {k: body[k] for k in TIE_FIELDS if k in body and body[k] is not None and k != "strength"}
    props.setdefault("source", "api")
    today = now.date()
    if body.get("strength") is not None:
        props.update(manual_strength=float(body["strength"]), manual_strength_on=today,
                     manual_strength_by=by)

    def work(tx: ManagedTransaction) -> tuple[dict[str, Any], bool]:
        found = {r["id"] for r in tx.run("MATCH (p:Person) WHERE p.id IN $ids RETURN p.id AS id",
                                          ids=[a, b])}
        for field_name, pid in (("a", a), ("b", b)):
            if pid not in found:
                raise Invalid(f"No person with id {pid!r}.", field=field_name)
        row = tx.run("MATCH (:Person {id: $low})-[k:KNOWS]-(:Person {id: $high}) "
                     "RETURN properties(k) AS props LIMIT 1", low=low, high=high).single()
        before = dict(row["props"]) if row else {}
        written = {**props, **recomputed(before, {**before, **props}, today, params)}
        record = tx.run(
            """
            MATCH (x:Person {id: $low}), (y:Person {id: $high})
            OPTIONAL MATCH (y)-[reverse:KNOWS]->(x)
            WITH x, y, reverse
            CALL (x, y, reverse) {
              WITH reverse WHERE reverse IS NOT NULL
              SET reverse += $props, reverse.updated_at = $now
              RETURN reverse AS k, false AS created
            UNION
              WITH x, y, reverse WHERE reverse IS NULL
              OPTIONAL MATCH (x)-[before:KNOWS]->(y)
              WITH x, y, count(before) = 0 AS created
              MERGE (x)-[k:KNOWS]->(y)
              ON CREATE SET k.created_at = $now
              SET k += $props, k.updated_at = $now
              RETURN k, created
            }
            RETURN k {.*} AS tie, created
            """,
            low=low, high=high, props=written, now=now,
        ).single()
        assert record is not None
        return {"a": a, "b": b, **record["tie"]}, bool(record["created"])

    return graph.write(work)


def list_ties(graph: Graph, person_id: str, limit: int, skip: int, *, today: date | None = None,
              params: TieStrengthParams | None = None) -> list[dict[str, Any]]:
    """The person's ties, strongest first, each with the other person's summary; the
    strength is the one ranking uses on ``today`` (graph/tie_reads.py: decayed since it
    was computed, a confirmed one first)."""

    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        if tx.run("MATCH (p:Person {id: $id}) RETURN 1", id=person_id).single() is None:
            raise NotFound(f"No person with id {person_id!r}.")
        result = tx.run(
            """
            MATCH (p:Person {id: $id})-[k:KNOWS]-(o:Person)
            WITH k, o, STRENGTH AS s
            RETURN k {.*, strength: s, a: $id, b: o.id,
                      person: o {.id, .name, .title, .email, is_rep: o:Rep}} AS tie
            ORDER BY s DESC, o.id SKIP $skip LIMIT $limit
            """.replace("STRENGTH", strength_as_of("k")),
            id=person_id, skip=skip, limit=limit, **tie_params(today or date.today(), params),
        )
        return [r["tie"] for r in result]

    return graph.read(work)


# --------------------------------------------------------------- companies on the pages

def search_companies(graph: Graph, text: str, limit: int = 5) -> list[dict[str, Any]]:
    """Companies whose name or domain starts with the words typed, best match first."""
    lucene = search_query(text)
    if lucene is None:
        return []
    return graph.query(
        """
        CALL db.index.fulltext.queryNodes('company_search', $lucene, {limit: $limit})
        YIELD node, score
        RETURN node.id AS id, node.name AS name, node.status AS status, node.industry AS industry,
               node.icp_score AS icp_score,
               COUNT { (node)<-[w:WORKS_AT]-(:Person) WHERE w.current } AS people
        ORDER BY score DESC, name
        """, lucene=lucene, limit=limit)


def company_card(graph: Graph, company_id: str) -> dict[str, Any] | None:
    """What a page shows of a company (no versions or ICP details), or None."""
    rows = graph.query("MATCH (c:Company {id: $id}) RETURN c{.id, .name, .status, .industry, .region, "
                       ".employees, .icp_score, .health, .domain} AS company", id=company_id)
    return rows[0]["company"] if rows else None


def clients(graph: Graph, since: date, until: date) -> list[dict[str, Any]]:
    """Every client company, best ICP fit and healthiest first, with its asks between
    `since` and `until` (the quarter so far)."""
    return graph.query(
        """
        MATCH (c:Company {status: 'client'})
        RETURN c.id AS id, c.name AS name, c.industry AS industry, c.region AS region,
               c.employees AS employees, c.icp_score AS icp_score, c.health AS health,
               COUNT { (c)<-[w:WORKS_AT]-(:Person) WHERE w.current } AS people,
               COUNT { MATCH (a:ReferralAsk {client_id: c.id})
                       WHERE a.asked_on >= $start AND a.asked_on <= $end } AS asks_this_quarter
        ORDER BY coalesce(c.icp_score, 0) DESC, coalesce(c.health, 0) DESC, c.name
        """, start=since, end=until)
