"""Drafted referral asks with their evidence (issue #17): the note to the referrer, a short
blurb the referrer can forward, a subject line, and the evidence behind every claim.

Facts come in (the people from the referrer to the target, the tie behind each hop, the
target company's fit to the ideal client profile, who asks); a :class:`Draft` comes out.
The rule is never to claim what the data does not say:

- "colleague": only when both people work at the same company now (current employment).
- "know ... well": only for a strong tie (strength >= ``STRONG_TIE``, a person's
  confirmed strength first) with evidence behind it: a person on the tie confirmed it,
  or at least ``WELL_MIN_INTERACTIONS`` interactions are logged, the last one within
  ``WELL_RECENT_DAYS``.
- meetings, calls, emails and messages are counted only when the log has some; a tie
  with nothing logged gets no count and no date. A LinkedIn tie's date is when the two
  connected, so it is never called the last interaction.
- a LinkedIn connection with nothing logged says "connected on LinkedIn", nothing more.
- fit: only the ideal-client criteria the company meets, each with the company's own
  value; nothing when it meets none or misses a must-have (its score is then 0).
- "we work with ... at <company>": only when the referrer's employer is our client.

Templates (one per kind: ``subject``, ``ask``, ``blurb``) are ``string.Template`` texts:
``${name}`` stands for one of :data:`PLACEHOLDERS` (``$$`` is a dollar sign). The
sentences that carry claims (``connection``, ``fit``, ...) are built here by the rules
above, so an edited template can arrange and reword around them but cannot make a claim
the data does not support. Substitution only looks names up in a dict of strings: no
attribute access, no code. :func:`check_template` rejects unknown placeholders.

Pure domain code: standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from string import Template

from referrals.errors import Invalid
from referrals.icp import IdealClientProfile, score_company
from referrals.scoring import PersonFacts

__all__ = ["DEFAULT_TEMPLATES", "KINDS", "PLACEHOLDERS", "Draft", "DraftFacts", "Evidence",
           "FitFacts", "TieFacts", "check_template", "draft", "fit_facts", "placeholder_values",
           "sample_facts"]

STRONG_TIE = 0.6  # strength at or above which a tie may be called knowing someone "well"...
WELL_MIN_INTERACTIONS = 5  # ...when this many interactions are logged (or a person confirmed it)
WELL_RECENT_DAYS = 730  # ...the last of them within two years
LINKEDIN = "linkedin"

KINDS = ("subject", "ask", "blurb")
MAX_LENGTH = {"subject": 200, "ask": 4000, "blurb": 4000}

# name -> what it stands for (the API and the editing page list these)
PLACEHOLDERS: dict[str, str] = {
    "referrer_first": "The referrer's first name (whom the ask goes to).",
    "referrer_name": "The referrer's full name.",
    "target_first": "The prospect's first name.",
    "target_name": "The prospect's full name.",
    "target_title": "The prospect's title (empty when unknown).",
    "target_company": "The prospect's company (empty when unknown).",
    "target_who": "The prospect's name with title and company: \"Tara Ng (CFO at Quorbit)\".",
    "via_name": "The person between the referrer and the prospect (empty on a direct path).",
    "requester_first": "The first name of whoever asks (the rep or account manager).",
    "requester_name": "The full name of whoever asks.",
    "our_company": "Our company (the asker's employer; empty when unknown).",
    "connection": "How the referrer reaches the prospect, with the interactions behind it "
                  "(follows \"Hi Dana, \"; built from the data, never more than it says).",
    "fit": "Why the prospect's company fits our ideal client profile (empty when it does not).",
    "request": "The question: introduce us, or ask the person in between for an introduction.",
    "recipient_first": "The blurb's reader: the prospect, or the person in between.",
    "introduce": "The blurb's opening, in the referrer's voice (follows \"Hi Tara, \").",
    "relationship": "The referrer's relationship with us, when their company is our client.",
    "fit_blurb": "The fit in the referrer's voice (empty when it does not fit).",
    "blurb_request": "The blurb's closing question.",
}

DEFAULT_TEMPLATES: dict[str, str] = {
    "subject": "Introduction to ${target_name}?",
    "ask": ("Hi ${referrer_first}, ${connection} ${fit}\n\n"
            "${request} A short note from you saying why we should talk is all it takes; "
            "there is one below you can forward or change.\n\n"
            "Thanks,\n${requester_first}"),
    "blurb": "Hi ${recipient_first}, ${introduce} ${relationship} ${fit_blurb} ${blurb_request}",
}

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True, slots=True)
class TieFacts:
    """What is stored on one KNOWS tie: its strength (a person's confirmed one first),
    whether a person confirmed it, the interactions logged per channel, ``interactions``
    (every one known, a count an import gave included), their dates and the source."""

    strength: float | None = None
    confirmed: bool = False
    meetings: int = 0
    calls: int = 0
    messages: int = 0
    emails: int = 0
    interactions: int = 0
    first_interaction: date | None = None
    last_interaction: date | None = None
    source: str | None = None

    @property
    def logged(self) -> int:
        """Interactions known on the tie: per channel, or the total an import gave."""
        return max(self.interactions, self.meetings + self.calls + self.messages + self.emails)

    @property
    def bare_linkedin(self) -> bool:
        """A LinkedIn connection and nothing else: no interaction logged, nobody confirmed it."""
        return (self.source or "").lower() == LINKEDIN and self.logged == 0 and not self.confirmed

    @property
    def last_contact(self) -> date | None:
        """The last logged interaction (a LinkedIn tie's date is when they connected: none)."""
        if self.logged == 0 or (self.source or "").lower() == LINKEDIN:
            return None
        return self.last_interaction

    def known_well(self, today: date) -> bool:
        """Strong, with evidence: confirmed by a person, or enough recent interactions."""
        if self.strength is None or self.strength < STRONG_TIE:
            return False
        if self.confirmed:
            return True
        last = self.last_contact
        return (self.logged >= WELL_MIN_INTERACTIONS and last is not None
                and (today - last).days <= WELL_RECENT_DAYS)


@dataclass(frozen=True, slots=True)
class FitFacts:
    """The target company's fit: its score against the profile and the criteria it meets,
    each as (label, the company's value in words)."""

    company: str
    score: float
    met: tuple[tuple[str, str], ...] = ()
    ideal_threshold: float = 0.7

    @property
    def supported(self) -> bool:
        return self.score > 0 and bool(self.met)

    @property
    def ideal(self) -> bool:
        return self.score >= self.ideal_threshold


@dataclass(frozen=True)
class DraftFacts:
    """``chain``: the referrer, the people between (if any) and the target, in path order;
    ``ties[i]`` is the tie between ``chain[i]`` and ``chain[i + 1]`` (None: not read, so
    nothing is claimed about it beyond the path itself); ``requester``: who asks."""

    chain: tuple[PersonFacts, ...]
    ties: tuple[TieFacts | None, ...] = ()
    fit: FitFacts | None = None
    requester: PersonFacts | None = None
    today: date = field(default_factory=date.today)

    def __post_init__(self) -> None:
        object.__setattr__(self, "chain", tuple(self.chain))
        if len(self.chain) < 2:
            raise ValueError("a draft needs a referrer and a target")
        ties = tuple(self.ties) or (None,) * (len(self.chain) - 1)
        if len(ties) != len(self.chain) - 1:
            raise ValueError("a chain of n people has n - 1 ties")
        object.__setattr__(self, "ties", ties)

    @property
    def referrer(self) -> PersonFacts:
        return self.chain[0]

    @property
    def target(self) -> PersonFacts:
        return self.chain[-1]

    @property
    def via(self) -> PersonFacts | None:
        return self.chain[1] if len(self.chain) > 2 else None


@dataclass(frozen=True, slots=True)
class Evidence:
    """One claim and where it comes from: ``interactions`` (the interaction log on a tie),
    ``linkedin`` (a LinkedIn connection), ``import`` (a tie imported without interactions),
    ``confirmation`` (a person confirmed the tie), ``employment``, ``client`` or ``icp``."""

    claim: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {"claim": self.claim, "source": self.source}


@dataclass(frozen=True, slots=True)
class Draft:
    subject: str = ""
    ask: str = ""
    blurb: str = ""
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"subject": self.subject, "ask": self.ask, "blurb": self.blurb,
                "evidence": [e.to_dict() for e in self.evidence]}


# ---- wording helpers -------------------------------------------------------------------
def month(d: date) -> str:
    return f"{_MONTHS[d.month - 1]} {d.year}"


def _times(n: int, one: str, many: str) -> str:
    return one if n == 1 else f"{n} {many}"


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _first(p: PersonFacts | None) -> str:
    return p.first_name if p is not None else ""


def who(p: PersonFacts) -> str:
    """"Tara Ng (CFO at Quorbit)", or as much of it as is known."""
    if p.title and p.company_name:
        return f"{p.display_name} ({p.title} at {p.company_name})"
    extra = p.title or p.company_name
    return f"{p.display_name} ({extra})" if extra else p.display_name


def colleagues(a: PersonFacts, b: PersonFacts) -> bool:
    """Both work at the same company now (the facts carry current employment only)."""
    return a.company_id is not None and a.company_id == b.company_id


def _activity(t: TieFacts) -> list[str]:
    """"met 4 times", "had 2 calls", ...: what the log holds, per channel."""
    parts = []
    if t.meetings:
        parts.append("met " + ("once" if t.meetings == 1 else f"{t.meetings} times"))
    if t.calls:
        parts.append("had " + _times(t.calls, "a call", "calls"))
    if t.emails:
        parts.append("exchanged " + _times(t.emails, "an email", "emails"))
    if t.messages:
        parts.append("exchanged " + _times(t.messages, "a message", "messages"))
    if not parts and t.logged:
        parts.append(_times(t.logged, "one logged interaction", "logged interactions")
                     .replace("one logged", "a logged"))
    return parts


def _activity_clause(subject: str, t: TieFacts | None) -> str:
    """"you and Tara have met 4 times, the last in March 2026" ("" when nothing is logged)."""
    if t is None:
        return ""
    parts = _activity(t)
    if not parts:
        return ""
    text = f"{subject} have {_join(parts)}"
    last = t.last_contact
    return text + (f", the last in {month(last)}" if last else "")


# ---- the sentences that carry claims ---------------------------------------------------
def _connection(f: DraftFacts) -> str:
    r, t = f.referrer, f.target
    if f.via is None:
        tie = f.ties[0]
        if tie is not None and tie.bare_linkedin:
            return f"you are connected on LinkedIn with {who(t)}."
        well = tie is not None and tie.known_well(f.today)
        detail = _activity_clause(f"you and {t.first_name}", tie)
        return f"you know {who(t)}{' well' if well else ''}" + (f": {detail}." if detail else ".")
    v = f.via
    first = f.ties[0]
    if colleagues(r, v):
        lead = f"Your colleague {v.display_name}"
    elif first is not None and first.bare_linkedin:
        lead = f"{v.display_name}, a LinkedIn connection of yours,"
    elif first is not None and first.known_well(f.today):
        lead = f"{v.display_name}, whom you know well,"
    else:
        lead = f"{v.display_name}, whom you know,"
    if len(f.chain) == 3:
        last = f.ties[1]
        if last is not None and last.bare_linkedin:
            reach = "is connected with them on LinkedIn"
        else:
            reach = "knows them well" if last is not None and last.known_well(f.today) else "knows them"
            detail = _activity_clause("they", last)
            reach += f" ({detail})" if detail else ""
    else:  # longer chains: name everyone between; the evidence lists each tie
        between = [p.display_name for p in f.chain[2:-1]]
        reach = "knows " + ", who knows ".join(between) + ", who knows them"
    return f"we'd love to meet {who(t)}. {lead} {reach}."


def _fit_values(fit: FitFacts) -> str:
    seen: list[str] = []
    for _label, value in fit.met:
        if value and value not in seen:
            seen.append(value)
    return ", ".join(seen)


def _fit(f: DraftFacts) -> str:
    fit = f.fit
    if fit is None or not fit.supported:
        return ""
    items = "; ".join(f"{label} ({value})" if value else label for label, value in fit.met)
    if fit.ideal:
        return f"{fit.company} matches our ideal client profile: {items}."
    return f"{fit.company} meets part of our ideal client profile: {items}."


def _fit_blurb(f: DraftFacts) -> str:
    fit = f.fit
    if fit is None or not fit.supported or not fit.ideal:
        return ""
    values = _fit_values(fit)
    return f"They focus on companies like {fit.company}" + (f" ({values})." if values else ".")


def _requester_desc(f: DraftFacts) -> str:
    req = f.requester
    if req is not None and req.name:
        return f"{req.display_name} at {req.company_name}" if req.company_name else req.display_name
    return "a contact of mine"


def _relationship(f: DraftFacts) -> str:
    r = f.referrer
    if r.status != "client" or not r.company_name:
        return ""
    ours = f.requester.company_name if f.requester is not None else None
    return f"We work with {ours} at {r.company_name}." if ours else f"We work with them at {r.company_name}."


def placeholder_values(f: DraftFacts) -> dict[str, str]:
    """Every placeholder's text for these facts (the claims built by the rules above)."""
    r, t, v, req = f.referrer, f.target, f.via, f.requester
    direct = v is None
    return {
        "referrer_first": r.first_name,
        "referrer_name": r.display_name,
        "target_first": t.first_name,
        "target_name": t.display_name,
        "target_title": t.title or "",
        "target_company": t.company_name or "",
        "target_who": who(t),
        "via_name": v.display_name if v is not None else "",
        "requester_first": _first(req) if req is not None and req.name else "",
        "requester_name": req.display_name if req is not None and req.name else "",
        "our_company": (req.company_name or "") if req is not None else "",
        "connection": _connection(f),
        "fit": _fit(f),
        "request": ("Would you be open to introducing us?" if direct else
                    f"Would you be comfortable asking {v.first_name} for an introduction?"),
        "recipient_first": t.first_name if direct else v.first_name,
        "introduce": (f"I'd like to introduce you to {_requester_desc(f)}." if direct else
                      f"could you introduce {_requester_desc(f)} to {who(t)}?"),
        "relationship": _relationship(f),
        "fit_blurb": _fit_blurb(f),
        "blurb_request": ("Would you be open to a short conversation with them?" if direct else
                          "A short note from you would mean a lot."),
    }


def evidence(f: DraftFacts) -> list[Evidence]:
    """The claims the draft rests on, each with its source (see :class:`Evidence`)."""
    out: list[Evidence] = []
    for a, b, tie in zip(f.chain, f.chain[1:], f.ties, strict=False):
        if tie is None:
            continue
        pair = f"{a.display_name} and {b.display_name}"
        clause = _activity_clause(pair, tie)
        if clause:
            out.append(Evidence(clause[0].upper() + clause[1:] + ".", "interactions"))
        elif tie.bare_linkedin:
            out.append(Evidence(f"{pair} are connected on LinkedIn.", "linkedin"))
        elif not tie.confirmed:
            out.append(Evidence(f"{a.display_name} knows {b.display_name} according to an import; "
                                "no interactions are logged.", "import"))
        if tie.confirmed:
            out.append(Evidence(f"One of {pair} confirmed how well they know each other.",
                                "confirmation"))
        if tie.known_well(f.today):
            out.append(Evidence(f"{a.display_name} knows {b.display_name} well: a strong tie "
                                f"({tie.strength:.2f}) with evidence behind it.", "interactions"
                                if not tie.confirmed else "confirmation"))
    v = f.via
    if v is not None and colleagues(f.referrer, v):
        out.append(Evidence(f"{v.display_name} works at {v.company_name or 'the same company'} too.",
                            "employment"))
    if _relationship(f):
        out.append(Evidence(f"{f.referrer.company_name} is our client.", "client"))
    fit = f.fit
    if fit is not None and fit.supported:
        items = "; ".join(f"{label} ({value})" if value else label for label, value in fit.met)
        kind = "matches" if fit.ideal else "meets part of"
        out.append(Evidence(f"{fit.company} {kind} our ideal client profile ({fit.score:.0%}): {items}.",
                            "icp"))
    return out


# ---- templates -------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_template(kind: str, text: object) -> str:
    """The template as it will be stored; Invalid naming the field (the kind) when it is
    not text, too long, has a ``$`` that is not a placeholder, or an unknown placeholder."""
    if kind not in KINDS:
        raise Invalid(f"{kind}: not a template kind; use one of {', '.join(KINDS)}.", field=kind)
    if not isinstance(text, str):
        raise Invalid(f"{kind}: must be text.", field=kind)
    text = text.replace("\r\n", "\n")
    if len(text) > MAX_LENGTH[kind]:
        raise Invalid(f"{kind}: at most {MAX_LENGTH[kind]} characters.", field=kind)
    if _CONTROL.search(text):
        raise Invalid(f"{kind}: control characters are not allowed.", field=kind)
    template = Template(text)
    if not template.is_valid():
        where = _bad_dollar(text)
        raise Invalid(f"{kind}: the '$' at character {where} is not a placeholder; write ${{name}} "
                      "for a placeholder and $$ for a dollar sign.", field=kind)
    unknown = [n for n in template.get_identifiers() if n not in PLACEHOLDERS]
    if unknown:
        names = ", ".join(f"${{{n}}}" for n in unknown)
        raise Invalid(f"{kind}: unknown placeholder {names}; the placeholders are "
                      + ", ".join(PLACEHOLDERS) + ".", field=kind)
    return text


def _bad_dollar(text: str) -> int:
    for match in Template.pattern.finditer(text):
        if match.group("invalid") is not None:
            return match.start() + 1  # 1-based, where the "$" is
    return 0


def _tidy(text: str, one_line: bool = False) -> str:
    """Spaces an empty placeholder leaves behind go; at most one blank line in a row."""
    if one_line:
        text = text.replace("\n", " ")
    lines = [re.sub(r"[ \t]{2,}", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r" ([.,;:!?])", r"\1", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def render(template: str, values: Mapping[str, str], *, one_line: bool = False) -> str:
    # safe_substitute: a stored template whose placeholder was retired keeps it as text
    return _tidy(Template(template).safe_substitute(values), one_line)


def draft(f: DraftFacts, templates: Mapping[str, str] | None = None) -> Draft:
    """The draft for these facts with the team's templates (the defaults for any missing)."""
    chosen = {**DEFAULT_TEMPLATES, **{k: v for k, v in (templates or {}).items() if k in KINDS and v}}
    values = placeholder_values(f)
    return Draft(subject=render(chosen["subject"], values, one_line=True),
                 ask=render(chosen["ask"], values),
                 blurb=render(chosen["blurb"], values),
                 evidence=tuple(evidence(f)))


# ---- fit -------------------------------------------------------------------------------
def _value_text(attribute: str, value: object) -> str:
    """"fintech", "1,200 employees": the company's own value for a criterion it meets."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
        return f"{number} {attribute.replace('_', ' ')}"
    return str(value)


def fit_facts(company: str | None, profile: IdealClientProfile,
              attrs: Mapping[str, object]) -> FitFacts | None:
    """The company's fit, scored now against the profile: the criteria it meets, each
    with the company's value (a "not in" criterion names no value). None without a company."""
    if not company:
        return None
    result = score_company(profile, attrs)
    met = []
    for c in profile.criteria:
        if c.label in result.met:
            value = "" if c.op == "not_in" else _value_text(c.attribute, attrs.get(c.attribute))
            met.append((c.label, value))
    return FitFacts(company=company, score=result.score, met=tuple(met),
                    ideal_threshold=profile.ideal_threshold)


# ---- a sample, for previews ------------------------------------------------------------
def sample_facts(today: date | None = None) -> DraftFacts:
    """Made-up people for previewing templates: a happy client's CFO who has met the
    prospect four times, a prospect that fits the profile, one of our reps asking."""
    today = today or date(2026, 3, 16)
    dana = PersonFacts(id="sample-referrer", name="Dana Lee", title="CFO", company_id="sample-client",
                       company_name="Acme", company_status="client")
    tara = PersonFacts(id="sample-target", name="Tara Ng", title="VP Finance",
                       company_id="sample-prospect", company_name="Quorbit", company_status="prospect")
    riley = PersonFacts(id="sample-rep", name="Riley Rep", company_id="sample-us", company_name="Northwind")
    tie = TieFacts(strength=0.72, meetings=4, emails=12, interactions=16,
                   first_interaction=date(2024, 5, 2), last_interaction=date(2026, 3, 3),
                   source="interactions")
    fit = FitFacts(company="Quorbit", score=0.89,
                   met=(("industry we serve", "fintech"), ("200-5000 employees", "1,200 employees")))
    return DraftFacts(chain=(dana, tara), ties=(tie,), fit=fit, requester=riley, today=today)
