"""Service-chosen ids: a short prefix naming the kind (``i-`` introduction, ``ra-``
referral ask, ``p-`` person, ``wh-`` webhook...) and 32 random hex characters."""

from __future__ import annotations

import uuid


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}"
