"""Multi-source exports with known truth, for identity resolution (issue #16, docs/identity.md).

From ``people`` true people this writes what a sales team really holds about them: one
LinkedIn ``Connections.csv`` per rep, a HubSpot contacts export, a Salesforce contacts
report and an interaction log, in the exact formats the importers read
(docs/imports.md), with the noise of real exports at one of three levels, plus
``truth.csv`` naming the true person behind every record row and ``manifest.json`` saying
how to import each file.

    from seed.exports import write_exports
    summary = write_exports("out/", people=10_000, noise="medium", seed=7)

Deterministic: the same ``(people, noise, seed, today)`` writes byte-identical files.
Each true person gets their own ``random.Random`` seeded from ``(seed, index)``, so one
person's records do not change when the noise level changes the draws of another.
"""

from __future__ import annotations

import csv
import json
import random
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import phonenumbers
from nicknames import NickNamer

from seed import names

TODAY = date(2026, 11, 1)


@dataclass(frozen=True)
class Noise:
    """Probabilities of each kind of noise, per record unless said otherwise."""

    typo: float  # one edit (swap, drop, double, replace) in the first or the last name
    nickname: float  # first name written as a nickname (Robert -> Bob) when it has one
    drop_accents: float  # a name with accents written without them (José -> Jose)
    missing_email: float  # a CRM record without an email (it keeps its record id)
    personal_email: float  # a CRM record with the person's personal address, not the work one
    job_change: float  # per person: they moved; each CRM record shows the old job with p 0.5
    legal_form: float  # the company written with its legal form ("Quorbit GmbH"), else bare
    company_variant: float  # company name shortened or re-cased ("Quorbit" for "Quorbit Labs")
    title_variant: float  # title abbreviated or reworded (CFO for Chief Financial Officer)
    missing_title: float
    missing_company: float
    duplicate: float  # per person and CRM: a second record in the same export
    linkedin_email: float  # LinkedIn shows the email (only when the person allowed it)
    missing_phone: float  # a CRM record without a phone; else the desk (or switchboard) or the mobile


NOISE_LEVELS: dict[str, Noise] = {
    "low": Noise(typo=0.02, nickname=0.05, drop_accents=0.3, missing_email=0.05, personal_email=0.05,
                 job_change=0.05, legal_form=0.5, company_variant=0.02, title_variant=0.2,
                 missing_title=0.03, missing_company=0.02, duplicate=0.01, linkedin_email=0.1,
                 missing_phone=0.35),
    "medium": Noise(typo=0.06, nickname=0.12, drop_accents=0.5, missing_email=0.15, personal_email=0.12,
                    job_change=0.12, legal_form=0.5, company_variant=0.06, title_variant=0.4,
                    missing_title=0.08, missing_company=0.05, duplicate=0.03, linkedin_email=0.1,
                    missing_phone=0.5),
    "high": Noise(typo=0.12, nickname=0.2, drop_accents=0.7, missing_email=0.3, personal_email=0.2,
                  job_change=0.2, legal_form=0.5, company_variant=0.12, title_variant=0.6,
                  missing_title=0.15, missing_company=0.1, duplicate=0.06, linkedin_email=0.1,
                  missing_phone=0.65),
}

# Which sources know a person (the same at every noise level): LinkedIn most, then the
# CRMs; someone no source knows is put on LinkedIn so every true person has a record.
COVERAGE = {"linkedin": 0.7, "hubspot": 0.5, "salesforce": 0.35}
PEOPLE_PER_COMPANY = 20
PEOPLE_PER_REP = 1000  # one LinkedIn export per rep; a person is connected to 1-2 reps
ACCENTED_SHARE = 0.15  # share of first and of last names drawn from the accented lists

ACCENTED_FIRST_NAMES = (
    "José", "François", "Zoë", "Jürgen", "Søren", "Łukasz", "Agnès", "Björn", "Renée", "Inés",
    "Joël", "Océane", "Cécile", "Frédéric", "Hélène", "André", "Mónica", "Begoña", "Iñaki",
    "Štěpán", "Małgorzata", "Çağla", "Ümit", "Gülşen", "Réka", "Zoltán", "Håkon", "Åsa",
)
ACCENTED_LAST_NAMES = (
    "Müller", "Gómez", "Núñez", "Lefèvre", "Ødegaard", "Sørensen", "Dvořák", "Çelik", "Öztürk",
    "Pérez", "García", "Martínez", "Hernández", "Schäfer", "Jäger", "Björklund", "Fernández",
    "Rodríguez", "Kovačević", "Wójcik", "Zieliński", "Doğan", "Nagy-Tóth", "Lindström", "Løvland",
)
# Letters NFKD does not decompose, written as people type them without accents.
_PLAIN = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "ı": "i"})

LEGAL_FORMS = {
    "NA": ("Inc.", "LLC", "Corp.", "Inc"),
    "EMEA": ("GmbH", "Ltd", "S.A.", "B.V.", "AG", "SAS", "plc", "AB"),
    "APAC": ("Pte Ltd", "Pty Ltd", "KK", "Ltd"),
    "LATAM": ("S.A.", "Ltda", "S.A. de C.V."),
}
_REGIONS = ("NA", "EMEA", "APAC", "LATAM")
_REGION_WEIGHTS = (40, 32, 20, 8)
# How a company spells its people's addresses, and how often.
EMAIL_FORMATS = (("first.last", 60), ("flast", 20), ("first", 8), ("first_last", 7), ("firstl", 5))
PERSONAL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com", "gmx.de")
# Title rewrites a CRM or a person's own profile uses (applied at title_variant).
_TITLE_WORDS = (("Vice President of ", "VP "), ("VP of ", "VP "), ("Senior ", "Sr. "),
                ("Manager", "Mgr"), ("Director of ", "Dir. "), ("Engineering", "Eng."))
_SENIORITY_WEIGHTS = (62, 22, 9, 5, 2)
# Numbers by region: (country calling code, area prefixes, digits after the prefix), the
# lengths each country's numbers really have, so libphonenumber reads them as possible.
PHONE_PLANS = {
    "NA": (("1", ("212", "312", "415", "512", "617", "646", "206", "303", "404", "718"), 7),),
    "EMEA": (("44", ("20",), 8), ("49", ("30", "89"), 8), ("33", ("1",), 8)),
    "APAC": (("65", ("6",), 7), ("61", ("2", "3"), 8)),
    "LATAM": (("55", ("11", "21"), 8),),
}
DIRECT_LINE = 0.6  # share of people whose work number is their own desk, not the switchboard
MOBILE_SHARE = 0.35  # of CRM records with a phone, the share showing the mobile
_REP_DOMAIN = names.OWN_COMPANY_DOMAIN
_NICKNAMER = NickNamer()


def plain(text: str) -> str:
    """Accents dropped the way a US keyboard user writes them: "Łukasz Müller" -> "Lukasz Muller"."""
    text = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _ascii_word(text: str) -> str:
    return "".join(ch for ch in plain(text).lower() if ch.isalnum())


@dataclass
class Company:
    name: str  # without legal form: "Bluepeak Logistics"
    legal_form: str
    domain: str
    email_format: str
    region: str = "NA"
    switchboard: str = ""  # E.164; every desk without a direct line shows it


@dataclass
class TruePerson:
    id: str  # t-000001 ...
    first: str
    last: str
    company: int  # current employer (index into the companies)
    title: str
    email: str  # work address at the current employer
    personal_email: str
    linkedin_url: str
    previous_company: int | None = None  # set when they changed jobs (noise job_change)
    previous_title: str | None = None
    previous_email: str | None = None
    work_phone: str = ""  # E.164: the direct line, or the employer's switchboard
    mobile: str = ""
    previous_phone: str | None = None
    sources: list[str] = field(default_factory=list)


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(f"{seed}|" + "|".join(str(p) for p in parts))


def _companies(n: int, seed: int) -> list[Company]:
    rnd = _rng(seed, "companies")
    industries = list(names.INDUSTRY_WORDS)
    out: list[Company] = []
    taken: set[str] = set()
    while len(out) < n:
        root = f"{rnd.choice(names.COMPANY_PREFIXES)}{rnd.choice(names.COMPANY_ROOTS)}"
        # unique roots keep domains unique and names apart; the lists hold about 2,400, so
        # past that (or on a clash) a second root is added: "Bluepeakvale"
        while root.lower() in taken:
            root += rnd.choice(names.COMPANY_ROOTS)
        taken.add(root.lower())
        region = rnd.choices(_REGIONS, _REGION_WEIGHTS)[0]
        word = rnd.choice(names.INDUSTRY_WORDS[rnd.choice(industries)])
        tld = rnd.choice(names.REGION_TLDS[region])
        fmt = rnd.choices([f for f, _ in EMAIL_FORMATS], [w for _, w in EMAIL_FORMATS])[0]
        out.append(Company(name=f"{root} {word}", legal_form=rnd.choice(LEGAL_FORMS[region]),
                           domain=f"{root.lower()}.{tld}", email_format=fmt, region=region,
                           switchboard=_number(_rng(seed, "switchboard", len(out)), region)))
    return out


def _number(rnd: random.Random, region: str, *, mobile: bool = False) -> str:
    """A number of the region's plan, E.164 ("+14155550123")."""
    code, prefixes, digits = rnd.choice(PHONE_PLANS[region])
    prefix = rnd.choice(prefixes)
    if mobile and code == "55":
        prefix += "9"  # Brazil's mobiles: a 9 before eight digits
    first = str(rnd.randrange(2, 10))  # no national number part starts with 0 or 1
    return f"+{code}{prefix}{first}{rnd.randrange(10 ** (digits - 1)):0{digits - 1}d}"


def _work_phone(rnd: random.Random, co: Company) -> str:
    return _number(rnd, co.region) if rnd.random() < DIRECT_LINE else co.switchboard


def _title(rnd: random.Random) -> str:
    ladder = names.TITLE_LADDER[rnd.choice(list(names.TITLE_LADDER))]
    level = rnd.choices(range(5), _SENIORITY_WEIGHTS)[0]
    return rnd.choice(ladder[level])


def _local_part(first: str, last: str, fmt: str) -> str:
    f, la = _ascii_word(first), _ascii_word(last)
    return {"first.last": f"{f}.{la}", "flast": f"{f[:1]}{la}", "first": f,
            "first_last": f"{f}_{la}", "firstl": f"{f}{la[:1]}"}[fmt]


class _Addresses:
    """Unique addresses: a second "dana.lee" at a company becomes "dana.lee2"."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, local: str, domain: str) -> str:
        n, candidate = 1, f"{local}@{domain}"
        while candidate in self.used:
            n += 1
            candidate = f"{local}{n}@{domain}"
        self.used.add(candidate)
        return candidate


def true_people(people: int, noise: Noise, seed: int = 7) -> tuple[list[TruePerson], list[Company]]:
    """The true people and their companies; which sources know each person is in ``sources``."""
    companies = _companies(max(30, people // PEOPLE_PER_COMPANY), seed)
    addresses, slugs = _Addresses(), set()
    out: list[TruePerson] = []
    for i in range(people):
        rnd = _rng(seed, "person", i)
        first = (rnd.choice(ACCENTED_FIRST_NAMES) if rnd.random() < ACCENTED_SHARE
                 else rnd.choice(names.FIRST_NAMES))
        last = (rnd.choice(ACCENTED_LAST_NAMES) if rnd.random() < ACCENTED_SHARE
                else rnd.choice(names.LAST_NAMES))
        cur = rnd.randrange(len(companies))
        co = companies[cur]
        email = addresses.take(_local_part(first, last, co.email_format), co.domain)
        style = rnd.random()  # personal addresses: "dana.lee84@", "danalee@", "dlee.1984@"
        f, la = _ascii_word(first), _ascii_word(last)
        year = rnd.randrange(1960, 2003)
        local = (f"{f}.{la}{year % 100:02d}" if style < 0.5 else f"{f}{la}" if style < 0.8
                 else f"{f[:1]}{la}.{year}")
        personal = addresses.take(local, rnd.choice(PERSONAL_DOMAINS))
        slug_base = f"{f}-{la}" if rnd.random() < 0.8 else f"{f}{la}"
        slug = f"{slug_base}-{rnd.getrandbits(32):08x}" if rnd.random() < 0.7 else slug_base
        while slug in slugs:
            slug = f"{slug_base}-{rnd.getrandbits(32):08x}"
        slugs.add(slug)
        person = TruePerson(id=f"t-{i + 1:06d}", first=first, last=last, company=cur,
                            title=_title(rnd), email=email, personal_email=personal,
                            linkedin_url=f"https://www.linkedin.com/in/{slug}")
        # phones from a draw of their own: the other fields stay what they were without them
        phones = _rng(seed, "phones", i)
        person.work_phone = _work_phone(phones, co)
        person.mobile = _number(phones, co.region if phones.random() < 0.8 else
                                phones.choice(_REGIONS), mobile=True)
        if rnd.random() < noise.job_change:
            prev = rnd.randrange(len(companies))
            if prev != cur:
                person.previous_company, person.previous_title = prev, _title(rnd)
                pco = companies[prev]
                person.previous_email = addresses.take(_local_part(first, last, pco.email_format),
                                                       pco.domain)
                person.previous_phone = _work_phone(phones, pco)
        person.sources = [s for s, p in COVERAGE.items() if rnd.random() < p] or ["linkedin"]
        out.append(person)
    return out, companies


# ---- noise applied to one record ----------------------------------------------------------

def _typo(rnd: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rnd.randrange(1, len(word) - 1)  # keep the first letter, as most typos do
    kind = rnd.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rnd.choice("aeiourstnl") + word[i + 1:]


def _nickname(rnd: random.Random, first: str) -> str:
    options = sorted(n for n in _NICKNAMER.nicknames_of(plain(first)) if len(n) >= 3)
    return rnd.choice(options).capitalize() if options else first


def _name(rnd: random.Random, noise: Noise, person: TruePerson) -> tuple[str, str]:
    first, last = person.first, person.last
    if rnd.random() < noise.nickname:
        first = _nickname(rnd, first)
    if rnd.random() < noise.drop_accents:
        first, last = plain(first), plain(last)
    if rnd.random() < noise.typo:
        if rnd.random() < 0.5:
            first = _typo(rnd, first)
        else:
            last = _typo(rnd, last)
    return first, last


def _company_name(rnd: random.Random, noise: Noise, co: Company) -> str:
    name = co.name
    if rnd.random() < noise.company_variant:
        name = rnd.choice((name.split()[0], name.upper(), name.lower()))
    if rnd.random() < noise.legal_form:
        name = f"{name}, {co.legal_form}" if rnd.random() < 0.2 else f"{name} {co.legal_form}"
    return name


def title_variant(title: str) -> str:
    """An abbreviated form: "Chief Financial Officer" -> "CFO", "VP of Sales" -> "VP Sales"."""
    words = title.split()
    if words[0] == "Chief" and words[-1] == "Officer":
        return "".join(w[0] for w in words)
    for long, short in _TITLE_WORDS:
        if long in title:
            return title.replace(long, short)
    return title


def _title_of(rnd: random.Random, noise: Noise, title: str | None) -> str:
    if not title or rnd.random() < noise.missing_title:
        return ""
    return title_variant(title) if rnd.random() < noise.title_variant else title


# ---- the files ------------------------------------------------------------------------------

LINKEDIN_NOTES = (
    "When exporting your connection data, you may notice that some of the email addresses are "
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    "https://www.linkedin.com/help/linkedin/answer/261"
)
LINKEDIN_HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
HUBSPOT_HEADER = ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name",
                  "Job Title", "Lifecycle Stage", "Create Date"]
SALESFORCE_HEADER = ["Contact ID", "First Name", "Last Name", "Title", "Account Name", "Email", "Phone",
                     "Mailing Country"]
INTERACTIONS_HEADER = ["from", "to", "channel", "date"]
TRUTH_HEADER = ["file", "line", "true_id"]


@dataclass
class _File:
    name: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    truth: list[str] = field(default_factory=list)  # true id per row (None-free: "" when none)
    preamble: bool = False

    @property
    def first_row_line(self) -> int:
        return 5 if self.preamble else 2  # LinkedIn's "Notes:" block takes lines 1-3


def _crm_record(rnd: random.Random, noise: Noise, person: TruePerson, companies: list[Company],
                *, duplicate: bool) -> tuple[str, str, str, str, str, str]:
    """first, last, email, company, title and phone as one CRM record shows them."""
    first, last = _name(rnd, noise, person)
    old = person.previous_company is not None and rnd.random() < 0.5
    co = companies[person.previous_company] if old else companies[person.company]
    work = person.previous_email if old else person.email
    title = person.previous_title if old else person.title
    if duplicate:  # a second record of the same person is another address, or none
        email = person.personal_email if rnd.random() < 0.5 else ""
    elif rnd.random() < noise.missing_email:
        email = ""
    elif rnd.random() < noise.personal_email:
        email = person.personal_email
    else:
        email = work or ""
    company = "" if rnd.random() < noise.missing_company else _company_name(rnd, noise, co)
    desk = person.previous_phone if old else person.work_phone
    return (first, last, email, company, _title_of(rnd, noise, title),
            _phone_of(rnd, noise, person, desk, co.switchboard))


def _phone_of(rnd: random.Random, noise: Noise, person: TruePerson, desk: str | None,
              switchboard: str) -> str:
    """The number a CRM record shows, written as people write it: "+1 415-555-0123",
    "(415) 555-0123" (a US number without its country code), "+44 20 7946 0958", or with
    the switchboard's extension."""
    if rnd.random() < noise.missing_phone:
        return ""
    number = person.mobile if rnd.random() < MOBILE_SHARE or not desk else desk
    parsed = phonenumbers.parse(number)
    style = rnd.random()
    if style < 0.3:
        return number
    if style < 0.6 and number.startswith("+1"):
        text = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    else:
        text = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f"{text} ext. {rnd.randrange(100, 1000)}" if number == switchboard else text


def _date_before(rnd: random.Random, today: date, days: int) -> date:
    return today - timedelta(days=rnd.randrange(1, days))


def build_files(people: list[TruePerson], companies: list[Company], noise: Noise, *, seed: int,
                today: date = TODAY) -> tuple[list[_File], list[dict[str, str]]]:
    """The export files (rows and the true id of each) and the manifest entries."""
    reps = max(3, len(people) // PEOPLE_PER_REP)
    linkedin = [_File(f"linkedin-rep{r + 1:03d}.csv", LINKEDIN_HEADER, preamble=True) for r in range(reps)]
    hubspot = _File("hubspot-contacts.csv", HUBSPOT_HEADER)
    salesforce = _File("salesforce-contacts.csv", SALESFORCE_HEADER)
    log = _File("interactions.csv", INTERACTIONS_HEADER)
    rep_emails = [f"rep{r + 1:03d}@{_REP_DOMAIN}" for r in range(reps)]
    hs_id, sf_id = 100_000, 0
    for person in people:
        rnd = _rng(seed, "records", person.id)
        if "linkedin" in person.sources:
            # the profile is the person's own: one spelling on every rep's export, current job
            first, last = _name(rnd, noise, person)
            company = "" if rnd.random() < noise.missing_company else _company_name(
                rnd, noise, companies[person.company])
            title = _title_of(rnd, noise, person.title)
            email = person.email if rnd.random() < noise.linkedin_email else ""
            for r in rnd.sample(range(reps), 1 if rnd.random() < 0.7 else 2):
                connected = _date_before(rnd, today, 3650).strftime("%d %b %Y")
                linkedin[r].rows.append([first, last, person.linkedin_url, email, company, title, connected])
                linkedin[r].truth.append(person.id)
        for source, out in (("hubspot", hubspot), ("salesforce", salesforce)):
            if source not in person.sources:
                continue
            copies = 2 if rnd.random() < noise.duplicate else 1
            for k in range(copies):
                first, last, email, company, title, phone = _crm_record(rnd, noise, person, companies,
                                                                 duplicate=k > 0)
                if source == "hubspot":
                    hs_id += 1
                    created = _date_before(rnd, today, 1500).isoformat() + " 10:00"
                    stage = rnd.choice(("Lead", "Opportunity", "Customer", "Subscriber"))
                    out.rows.append([str(hs_id), first, last, email, phone, company, title, stage,
                                     created])
                else:
                    sf_id += 1
                    out.rows.append([f"0035g{sf_id:010d}AAA", first, last, title, company, email,
                                     phone, ""])
                out.truth.append(person.id)
                if email and rnd.random() < 0.5:  # the reps mailed or met the ones the CRM has
                    display = f"{first} {last} <{email}>" if rnd.random() < 0.5 else email
                    for _ in range(rnd.randrange(1, 4)):
                        when = _date_before(rnd, today, 720).isoformat()
                        channel = rnd.choice(("email", "email", "call", "meeting", "message"))
                        log.rows.append([rnd.choice(rep_emails), display, channel, when])
                        log.truth.append(person.id)
    files = [*linkedin, hubspot, salesforce, log]
    manifest = [{"file": f.name, "format": "linkedin", "owner": f"rep{r + 1:03d}"}
                for r, f in enumerate(linkedin)]
    manifest += [{"file": hubspot.name, "format": "hubspot", "source": "hubspot"},
                 {"file": salesforce.name, "format": "salesforce", "source": "salesforce"},
                 {"file": log.name, "format": "interactions"}]
    return files, manifest


@dataclass
class ExportSummary:
    people: int
    companies: int
    noise: str
    seed: int
    files: dict[str, int]  # file -> data rows
    records: int  # rows naming a person in LinkedIn and the CRMs
    out: str


def write_exports(out: str | Path, *, people: int, noise: str = "medium", seed: int = 7,
                  today: date = TODAY) -> ExportSummary:
    """Write the exports, ``truth.csv``, ``people.csv`` and ``manifest.json`` into ``out``."""
    if noise not in NOISE_LEVELS:
        raise ValueError(f"noise must be one of {', '.join(NOISE_LEVELS)}, not {noise!r}")
    level = NOISE_LEVELS[noise]
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    truth_people, companies = true_people(people, level, seed)
    files, manifest = build_files(truth_people, companies, level, seed=seed, today=today)
    with open(folder / "truth.csv", "w", newline="", encoding="utf-8") as tf:
        truth = csv.writer(tf)
        truth.writerow(TRUTH_HEADER)
        for f in files:
            with open(folder / f.name, "w", newline="", encoding="utf-8") as fh:
                if f.preamble:
                    fh.write(f'Notes:\r\n"{LINKEDIN_NOTES}"\r\n\r\n')
                w = csv.writer(fh)
                w.writerow(f.header)
                w.writerows(f.rows)
            for i, true_id in enumerate(f.truth):
                truth.writerow([f.name, f.first_row_line + i, true_id])
    with open(folder / "people.csv", "w", newline="", encoding="utf-8") as pf:
        w = csv.writer(pf)
        w.writerow(["true_id", "first", "last", "company", "domain", "title", "email", "personal_email",
                    "linkedin_url", "previous_company", "sources", "work_phone", "mobile"])
        for p in truth_people:
            co = companies[p.company]
            prev = companies[p.previous_company].name if p.previous_company is not None else ""
            w.writerow([p.id, p.first, p.last, f"{co.name} {co.legal_form}", co.domain, p.title, p.email,
                        p.personal_email, p.linkedin_url, prev, ";".join(p.sources), p.work_phone, p.mobile])
    summary = ExportSummary(
        people=people, companies=len(companies), noise=noise, seed=seed,
        files={f.name: len(f.rows) for f in files},
        records=sum(len(f.rows) for f in files if f.header is not INTERACTIONS_HEADER), out=str(folder))
    (folder / "manifest.json").write_text(json.dumps(
        {"people": people, "noise": noise, "seed": seed, "today": today.isoformat(),
         "noise_levels": asdict(level), "files": manifest}, indent=2) + "\n", encoding="utf-8")
    return summary

