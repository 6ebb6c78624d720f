"""Within-file deduplication: companies on domain then name, people on their keys."""

from __future__ import annotations

from dataclasses import dataclass

from referrals.model import CompanyRecord

from .keys import company_id_for, normalise_company_name

__all__ = ["CompanyIndex", "Seen"]


@dataclass(slots=True)
class Seen:
    id: str
    line: int
    domain: str | None


class CompanyIndex:
    """Companies already emitted in this file.

    Two mentions are the same company when they share a domain, or share a normalised
    name and do not have two different domains ("Acme" with acme.com and "Acme GmbH"
    with acme.de stay two companies).
    """

    def __init__(self) -> None:
        self._by_domain: dict[str, Seen] = {}
        self._by_name: dict[str, Seen] = {}

    def lookup(self, *, domain: str | None, name: str | None) -> Seen | None:
        if domain and domain in self._by_domain:
            return self._by_domain[domain]
        key = normalise_company_name(name)
        if key and key in self._by_name:
            seen = self._by_name[key]
            if domain is None or seen.domain is None or seen.domain == domain:
                return seen
        return None

    def add(self, *, domain: str | None, name: str | None, line: int) -> Seen:
        seen = Seen(company_id_for(domain=domain, name=name), line, domain)
        if domain:
            self._by_domain.setdefault(domain, seen)
        key = normalise_company_name(name)
        if key:
            self._by_name.setdefault(key, seen)
        return seen

    def enrich(self, seen: Seen, domain: str) -> None:
        """A later mention gave a company first known by name its domain."""
        seen.domain = domain
        self._by_domain.setdefault(domain, seen)

    def stub(self, *, name: str | None, domain: str | None, line: int) -> tuple[str, CompanyRecord | None]:
        """Id of the company a contact/connection row names, and a record to emit when
        this is its first mention (or the first mention with a domain)."""
        seen = self.lookup(domain=domain, name=name)
        label = (name or "").strip() or (domain or "")
        if seen is None:
            seen = self.add(domain=domain, name=name, line=line)
            return seen.id, CompanyRecord(id=seen.id, name=label, domain=domain)
        if domain and seen.domain is None:
            self.enrich(seen, domain)
            return seen.id, CompanyRecord(id=seen.id, name=label, domain=domain)
        return seen.id, None
