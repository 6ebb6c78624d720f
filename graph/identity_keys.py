"""The blocking keys of identity resolution kept on each Person (docs/identity.md, "Phase 3").

The run after an import scores the people it touched against the stored people who share
a key of one of the model's blocking rules with them (identity.model.BLOCKING_RULES).
Reading every stored person to find those grew with the graph, so each Person carries the
keys of the rules that depend on the person alone, indexed (graph/identity.py's SCHEMA),
and the rules on a company are followed through the Company nodes' own indexed
``name_key`` and ``domain``:

| property | value | rule it serves |
| --- | --- | --- |
| ``id_first``, ``id_last`` | the folded first and last name | term frequencies; the company rules' name |
| ``idk_lf`` | ``last|f`` (last name, first initial) | (last, first initial), and (first, last) within it |
| ``idk_fl`` | ``first|l`` | (first, last initial) |
| ``idk_ld`` | ``last|domain`` of a work address | (last, company domain) where the domain is the address's |
| ``idk_src`` | the name and email they come from | finding stale keys (graph.identity_reads.rekey_stale) |

Only the name and the email go in, so any writer of a person can keep them (the importer
writes them with the person, a merge with the kept node); a person written without them
(the seed's bulk loader, the API's person edit) is found by ``idk_src`` differing from the
name and email, and re-keyed before the next run reads the keys. An absent key is ``""``
rather than null: the importer's writes skip nulls, so a key that goes away must be a value.

Pure: no database, no Splink (identity/model.py folds names with this module's ``fold``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from graph.importers.keys import FREE_MAIL_DOMAINS, normalise_company_name

_PLAIN = str.maketrans({"ł": "l", "ø": "o", "ß": "ss", "đ": "d", "ı": "i"})
_NOT_LETTER = re.compile(r"[^a-z]+")

KEY_SEPARATOR = "\x1f"  # between name and email in ``idk_src`` (never in either)
KEY_PROPERTIES = ("idk_src", "id_first", "id_last", "idk_lf", "idk_fl", "idk_ld")


@functools.lru_cache(maxsize=262144)  # names, titles and companies repeat across records
def fold(text: str | None) -> str:
    """Lower case, accents and everything but letters and spaces removed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.lower().translate(_PLAIN))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NOT_LETTER.sub(" ", text).split())


@functools.lru_cache(maxsize=262144)
def split_name(name: str | None) -> tuple[str, str]:
    """(first, last) as the model reads a name: folded, the first word, the rest joined."""
    parts = fold(name).split()
    return (parts[0] if parts else ""), ("".join(parts[1:]) if len(parts) > 1 else "")


def work_domain(email: str | None) -> str | None:
    """The domain of an address that is not free mail (gmail.com...), lower case."""
    email = (email or "").lower()
    domain = email.split("@", 1)[1] if "@" in email else None
    return domain if domain and domain not in FREE_MAIL_DOMAINS else None


def key_source(name: str | None, email: str | None) -> str:
    """What the keys are computed from; the Cypher twin in graph/identity_reads.py's ``_STALE``."""
    return f"{name or ''}{KEY_SEPARATOR}{email or ''}"


def person_keys(name: str | None, email: str | None) -> dict[str, str]:
    """The key properties of a person with this name and email (``""`` where a key has no value)."""
    first, last = split_name(name)
    domain = work_domain(email)
    return {
        "idk_src": key_source(name, email),
        "id_first": first,
        "id_last": last,
        "idk_lf": f"{last}|{first[:1]}" if first and last else "",
        "idk_fl": f"{first}|{last[:1]}" if first and last else "",
        "idk_ld": f"{last}|{domain}" if last and domain else "",
    }


@functools.lru_cache(maxsize=65536)
def _company_key(company: str | None) -> str | None:
    return normalise_company_name(company) or None


def name_and_company(record: dict) -> tuple[str, str, str | None, str | None, str | None, str | None]:
    """(first, last, email, email domain, company key, company domain) of a record
    (identity.records.RECORD_FIELDS): what the model's blocking and features share. The
    company domain is the company's, else the work address's, else a company column that
    holds a domain (a CRM that put it there)."""
    first, last = split_name(record.get("name"))
    email = (record.get("email") or "").lower() or None
    domain = email.split("@", 1)[1] if email and "@" in email else None
    company_domain = record.get("company_domain") or (
        domain if domain and domain not in FREE_MAIL_DOMAINS else None)
    company = record.get("company")
    if company and " " not in company.strip() and "." in company:  # a CRM that put the domain there
        company_domain = company_domain or company.strip().lower()
        company = None
    return first, last, email, domain, _company_key(company), company_domain


# The blocking rules (identity.model.BLOCKING_RULES, by their columns) whose pairs the stored
# keys find: a kept model with another rule is scored against everyone stored instead.
SERVED_RULES = frozenset(frozenset(cols) for cols in (
    ("first", "last"), ("last", "company_key"), ("first", "company_key"), ("last", "company_domain"),
    ("last", "first_initial"), ("first", "last_initial"), ("last", "first_prefix"), ("first", "last_prefix")))

PREFIX = 2  # letters of a name in the model's ``first_prefix``, ``last_prefix`` (identity/model.py)


def lookup_keys(record: dict, rules=None) -> dict[str, str | bool | None]:
    """What graph/identity_reads.py's candidate query looks a record's partners up by: every stored
    person a served rule would pair with it shares one of these (more may come; a rule then
    decides). ``lf``, ``fl``, ``ld``: the Person keys; ``ck``: the company key (Company.name_key,
    with the same first or last name); ``cd``: the company domain (Company.domain, or a company
    named by its domain, ``cdk``, with the same last name). ``rules`` (blocking rules by their
    columns; None: every served rule): only the keys those rules need, so the initial rules'
    wide keys are read only for a model that has them: ``lf`` (same last name and first
    initial) keeps everyone when ``lf_any``, else those with the same first name or, with
    ``f2``, the same first ``PREFIX`` letters; ``fl`` likewise with ``fl_any`` and ``l2``."""
    first, last, _email, _domain, company_key, company_domain = name_and_company(record)
    used = SERVED_RULES if rules is None else {frozenset(cols) for cols in rules}
    fl_any = frozenset(("first", "last_initial")) in used
    l2 = last[:PREFIX] if frozenset(("first", "last_prefix")) in used and last else None
    return {
        "first": first or None, "last": last or None,
        "lf": f"{last}|{first[:1]}" if first and last else None,
        "lf_any": frozenset(("last", "first_initial")) in used,
        "f2": first[:PREFIX] if frozenset(("last", "first_prefix")) in used and first else None,
        "fl": f"{first}|{last[:1]}" if first and last and (fl_any or l2) else None,
        "fl_any": fl_any, "l2": l2,
        "ld": f"{last}|{company_domain}" if last and company_domain else None,
        "ck": company_key if company_key and (first or last) else None,
        "cd": company_domain if company_domain and last else None,
        "cdk": _company_key(company_domain) if company_domain and last else None,
    }
