"""Consent of a client company before its people are used as connectors or referrers.

``Company.connector_consent`` is one of ``opted_in``, ``not_asked`` or ``declined``. A
client company with no value stored counts as ``not_asked`` (privacy first: existing
data is never opted in silently; the demo seed opts some clients in, see
docs/ranking.md §6).

Consent is its own fact, not a reading of the status: ``Company.consent_required`` is
set for good the moment a company is a client, so a later status change (client to
partner, say) does not lift it; only the consent endpoint's ``opted_in`` does.

A path whose connector or referrer works at a client that has not opted in is shown
*counts-only*: that it exists, its strength tier and its hops, with those people hidden;
it cannot be used to request an introduction until the client opts in. Every other read
hides them too (services/visibility.py; docs/ranking.md §6 has the table). Our reps and
people at companies that never were clients are never hidden.

Pure domain code: standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum

from referrals.model import parse_choice
from referrals.scoring import PersonFacts

__all__ = ["Consent", "DEFAULT_CONSENT", "hidden_people", "needs_consent", "parse_consent"]


class Consent(StrEnum):
    OPTED_IN = "opted_in"
    NOT_ASKED = "not_asked"
    DECLINED = "declined"


DEFAULT_CONSENT = Consent.NOT_ASKED


def parse_consent(value: object) -> Consent:
    """A stored or sent value as a Consent; None (never asked) is ``not_asked``."""
    if value is None or value == "":
        return DEFAULT_CONSENT
    return parse_choice(Consent, value, "consent")


def needs_consent(facts: PersonFacts | None) -> bool:
    """True when this person works at a company that is (or once was) a client and has
    not opted in. A current client counts even before its flag is stored."""
    if facts is None or facts.is_rep:
        return False
    if not (facts.consent_required or facts.status == "client"):
        return False
    try:
        return parse_consent(facts.company_consent) is not Consent.OPTED_IN
    except ValueError:
        return True  # an unreadable value never exposes anyone


def hidden_people(nodes: Sequence[str], facts: Mapping[str, PersonFacts]) -> set[str]:
    """The connectors and referrer of a path (everyone but source and target) to hide."""
    return {n for n in nodes[1:-1] if needs_consent(facts.get(n))}
