"""Natural keys, deterministic ids and the small value parsers every format shares.

Ids are derived from natural keys so that importing the same file twice (or the same
person from two sources) gives the same id:

- people: ``"p-" + sha1(key)[:16]`` where key is the normalised LinkedIn profile URL,
  else the lower-cased email, else ``"{source}:{external_id}"``;
- companies: ``"c-" + sha1(key)[:16]`` where key is the normalised domain, else the
  normalised company name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from urllib.parse import unquote, urlsplit

import phonenumbers

from referrals.model import CompanyStatus, Seniority

__all__ = [
    "FREE_MAIL_DOMAINS",
    "is_placeholder",
    "company_id_for",
    "company_status_from",
    "normalise_company_name",
    "normalise_domain",
    "normalise_email",
    "normalise_linkedin_url",
    "normalise_phone",
    "parse_bool",
    "parse_employees",
    "parse_iso_date",
    "person_id_for",
    "region_from_country",
    "seniority_from_title",
]


def _digest(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- people

_LINKEDIN_HOST = re.compile(r"^(?:[a-z]{2,3}\.|www\.|m\.)?linkedin\.com$")


def normalise_linkedin_url(url: str | None) -> str | None:
    """``https://www.linkedin.com/in/<slug>`` for any spelling of a profile URL, else None.

    Accepts a missing scheme, ``http``, country or mobile hosts (``uk.linkedin.com``,
    ``m.linkedin.com``), query strings, fragments, trailing slashes, percent-encoding
    and upper case. Old public-profile URLs (``/pub/...``) keep their whole path.
    """
    if not url:
        return None
    text = url.strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not _LINKEDIN_HOST.match(host):
        return None
    path = unquote(parts.path).lower().rstrip("/")
    segments = [s for s in path.split("/") if s]
    if len(segments) >= 2 and segments[0] == "in":
        return f"https://www.linkedin.com/in/{segments[1]}"
    if len(segments) >= 2 and segments[0] == "pub":
        return "https://www.linkedin.com/" + "/".join(segments)
    return None


_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+$")
_ANGLE = re.compile(r"<([^<>]+)>")


def normalise_email(email: str | None) -> str | None:
    """Lower-cased address for ``dana@acme.com``, ``Dana <DANA@Acme.com>`` or ``mailto:...``.

    None when the text is blank or not an email address.
    """
    if not email:
        return None
    text = email.strip()
    match = _ANGLE.search(text)
    if match:
        text = match.group(1).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().strip("'\"").lower()
    if not _EMAIL.match(text):
        return None
    return text


def person_id_for(
    *,
    linkedin_url: str | None = None,
    email: str | None = None,
    source: str | None = None,
    external_id: str | None = None,
) -> str:
    """Deterministic person id from the best natural key available.

    Order: normalised LinkedIn URL, lower-cased email, ``"{source}:{external_id}"``.
    Raises ValueError when none is usable.
    """
    url = normalise_linkedin_url(linkedin_url)
    if url:
        return "p-" + _digest(url)
    mail = normalise_email(email)
    if mail:
        return "p-" + _digest(mail)
    if source and external_id and str(external_id).strip():
        return "p-" + _digest(f"{source}:{str(external_id).strip()}")
    raise ValueError("a person needs a LinkedIn URL, an email, or a source and external id")


# ------------------------------------------------------------------------ companies

# Personal mailbox providers: an address there says nothing about the employer.
FREE_MAIL_DOMAINS = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.fr",
        "yahoo.de",
        "ymail.com",
        "hotmail.com",
        "hotmail.co.uk",
        "hotmail.fr",
        "hotmail.de",
        "outlook.com",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.com",
        "yandex.ru",
        "yandex.com",
        "qq.com",
        "163.com",
        "126.com",
        "zoho.com",
        "fastmail.com",
        "hey.com",
        "comcast.net",
        "btinternet.com",
        "orange.fr",
        "free.fr",
        "t-online.de",
    ]
)

_DOMAIN = re.compile(r"^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_PLACEHOLDERS = frozenset({"", "-", "--", "n/a", "na", "none", "null", "nil", "unknown", "tbd"})


def is_placeholder(text: str) -> bool:
    """ "n/a", "-", "none", "unknown" and the like: a value that says there is no value."""
    return text.strip().lower() in _PLACEHOLDERS


# A number written without a country code is read as a number of this country. CRM exports
# rarely say which country a contact's number is in; "+44 20 7946 0958" is read exactly.
DEFAULT_PHONE_REGION = "US"


def normalise_phone(value: str | None, region: str = DEFAULT_PHONE_REGION) -> str | None:
    """One form (E.164, "+14155550123") for "+1 415 555 0123", "(415) 555-0123",
    "415.555.0123 ext. 12" (the extension dropped: it is the desk, not the person), by
    Google's libphonenumber rules (the phonenumbers package). None when the text is blank
    or cannot be a phone number of any length a country uses ("n/a", "12345")."""
    if not value or not value.strip():
        return None
    try:
        number = phonenumbers.parse(value.strip(), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_domain(value: str | None) -> str | None:
    """``acme.com`` for ``https://www.Acme.com/about``, ``acme.com``, ``WWW.ACME.COM.``.

    None when blank, a placeholder such as "n/a", or not a domain. IDN domains are
    kept in their Unicode form, lower-cased.
    """
    if not value:
        return None
    text = value.strip().lower()
    if text in _PLACEHOLDERS:
        return None
    if "@" in text and "://" not in text:
        text = text.rsplit("@", 1)[1]
    if "://" not in text:
        text = "http://" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return None
    host = host.rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if not _DOMAIN.match(ascii_host):
        return None
    return host


# Legal-form suffixes dropped from the end of a company name (after punctuation is
# removed, so "S.A." is "sa" and "L.L.C." is "llc").
LEGAL_SUFFIXES = frozenset(
    [
        "inc",
        "incorporated",
        "llc",
        "llp",
        "lp",
        "ltd",
        "limited",
        "gmbh",
        "mbh",
        "ag",
        "kg",
        "kgaa",
        "corp",
        "corporation",
        "co",
        "company",
        "plc",
        "sa",
        "sas",
        "sarl",
        "srl",
        "spa",
        "bv",
        "nv",
        "ab",
        "as",
        "asa",
        "oy",
        "oyj",
        "aps",
        "pty",
        "pte",
        "kk",
        "sl",
        "slu",
        "se",
        "lda",
        "ltda",
        "cv",
    ]
)
_DROPPED = re.compile(r"[.'’`]")
_NON_WORD = re.compile(r"[^\w]+")


def normalise_company_name(name: str | None) -> str:
    """Key for matching company names: lower case, no accents, punctuation or legal form.

    ``"Acme, Inc."``, ``"ACME Inc"`` and ``"Acme"`` all give ``"acme"``;
    ``"Société Générale S.A."`` gives ``"societe generale"``. The legal form is only
    stripped from the end and never leaves the name empty.
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name.strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DROPPED.sub("", text)
    words = [w for w in _NON_WORD.sub(" ", text).replace("_", " ").split() if w]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    if len(words) > 1 and words[-1] == "and":  # "Smith & Co" -> "smith and" -> "smith"
        words.pop()
    return " ".join(words)


def company_id_for(*, domain: str | None = None, name: str | None = None) -> str:
    """Deterministic company id: from the normalised domain, else the normalised name.

    Raises ValueError when neither is usable.
    """
    dom = normalise_domain(domain)
    if dom:
        return "c-" + _digest(dom)
    key = normalise_company_name(name)
    if key:
        return "c-" + _digest(key)
    raise ValueError("a company needs a domain or a name")


def company_status_from(*values: str | None) -> CompanyStatus:
    """Status from CRM fields such as Type or Lifecycle Stage (checked together).

    Anything saying customer/client wins, then partner/reseller, then
    prospect/lead/opportunity; otherwise "other".
    """
    text = " ".join(v.lower() for v in values if v)
    if re.search(r"\b(customer|client)s?\b", text):
        return CompanyStatus.CLIENT
    if re.search(r"\b(partner|reseller|var)s?\b", text):
        return CompanyStatus.PARTNER
    if re.search(r"\b(prospect|lead|opportunity|subscriber|mql|sql)s?\b", text) or re.search(
        r"qualified", text
    ):
        return CompanyStatus.PROSPECT
    return CompanyStatus.OTHER


# ----------------------------------------------------------------------- seniority

_SENIORITY_RULES: list[tuple[Seniority | None, re.Pattern[str]]] = [
    # assistants to executives are not executives
    (Seniority.IC, re.compile(r"\b(assistant to|executive assistant|ea to|pa to|intern)\b")),
    (Seniority.VP, re.compile(r"\b(vice[- ]president|[se]?vp|avp)\b")),
    (
        Seniority.CXO,
        re.compile(
            r"\b(c[a-z]o|chief\b.*\bofficer|chief|founder|co-?founder|owner|president|"
            r"chair(man|woman|person)?|managing director|(managing|general|senior) partner|^partner|"
            r"board member|geschäftsführer|gerente general|directeur général)\b"
        ),
    ),
    (Seniority.DIRECTOR, re.compile(r"\b(director|head of|head|directeur|direktor)\b")),
    (
        Seniority.MANAGER,
        re.compile(r"\b(manager|mgr|team lead|tech lead|supervisor|leiter|responsable)\b"),
    ),
]


def seniority_from_title(title: str | None) -> Seniority | None:
    """Best guess of seniority from a job title; None when there is no title.

    ``CFO``, ``Chief Revenue Officer``, ``Co-Founder``, ``President`` -> cxo;
    ``SVP Sales``, ``Vice President`` -> vp; ``Director``, ``Head of Growth`` ->
    director; ``Engineering Manager``, ``Team Lead`` -> manager; anything else -> ic.
    """
    if not title or not title.strip():
        return None
    text = title.strip().lower()
    for level, pattern in _SENIORITY_RULES:
        if pattern.search(text):
            return level
    return Seniority.IC


# -------------------------------------------------------------------------- values

_TRUE = frozenset({"true", "t", "yes", "y", "1", "x", "on", "opted out", "unsubscribed"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "", "off"})


def parse_bool(text: str) -> bool:
    """CRM-style booleans; raises ValueError on anything else."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{text!r} is not yes/no or true/false")


_RANGE = re.compile(r"^(\d+)\s*(?:-|–|to)\s*(\d+)$")


def parse_employees(text: str) -> int | None:
    """Head count from ``1200``, ``1,200``, ``1 200``, ``1200.0``, ``51-200`` (midpoint)
    or ``10,001+`` (the lower bound). None when blank; ValueError when not a count."""
    value = text.strip().lower().replace("employees", "").strip()
    if value in _PLACEHOLDERS:
        return None
    value = re.sub(r"(?<=\d)[,\s\u00a0'](?=\d{3}\b)", "", value)
    if value.endswith("+"):
        value = value[:-1].strip()
    match = _RANGE.match(value)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        if high < low:
            raise ValueError(f"{text!r} is not a head count")
        return (low + high) // 2
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{text!r} is not a head count") from None
    if number < 0 or number != int(number) or number > 10_000_000:
        raise ValueError(f"{text!r} is not a head count")
    return int(number)


def parse_iso_date(text: str) -> date:
    """``2024-03-01``, ``2024-03-01T09:30:00Z``, ``2024-03-01 09:30``; ValueError else.

    A timestamp gives the calendar date as written (no time-zone conversion)."""
    value = text.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO date such as 2024-03-01") from None


# Country -> sales region, for the ICP's region criterion. Unknown countries are kept
# as written; values that already are regions are upper-cased.
_REGIONS = {
    "NA": """united states|usa|us|u.s.|u.s.a.|united states of america|america|canada|ca|
        puerto rico|pr""",
    "LATAM": """mexico|mx|brazil|br|argentina|ar|chile|cl|colombia|co|peru|pe|uruguay|uy""",
    "EMEA": """united kingdom|uk|gb|great britain|england|scotland|wales|northern ireland|
        ireland|ie|germany|de|deutschland|france|fr|spain|es|italy|it|netherlands|nl|
        the netherlands|belgium|be|switzerland|ch|austria|at|sweden|se|norway|no|denmark|
        dk|finland|fi|poland|pl|portugal|pt|czech republic|czechia|cz|hungary|hu|romania|ro|
        greece|gr|luxembourg|lu|estonia|ee|latvia|lv|lithuania|lt|iceland|is|israel|il|
        united arab emirates|uae|ae|saudi arabia|sa|qatar|qa|south africa|za|nigeria|ng|
        kenya|ke|egypt|eg|morocco|ma|turkey|türkiye|tr|ukraine|ua""",
    "APAC": """australia|au|new zealand|nz|japan|jp|china|cn|india|in|singapore|sg|
        hong kong|hk|south korea|korea|republic of korea|kr|taiwan|tw|indonesia|id|
        malaysia|my|philippines|ph|thailand|th|vietnam|viet nam|vn|pakistan|pk|
        bangladesh|bd|sri lanka|lk""",
}
_COUNTRY_REGION = {
    country.strip(): region
    for region, names in _REGIONS.items()
    for country in names.replace("\n", "").split("|")
}
_REGION_NAMES = frozenset({"amer", "emea", "apac", "latam", "na", "noram", "ana", "global"})


def region_from_country(text: str | None) -> str | None:
    """``EMEA`` for ``Germany``/``DE``, ``NA`` for ``United States``; the text as
    written for countries not in the table; None when blank."""
    if not text or not text.strip():
        return None
    value = " ".join(text.strip().split())
    key = value.lower()
    if key in _REGION_NAMES:
        return value.upper()
    return _COUNTRY_REGION.get(key, value)
