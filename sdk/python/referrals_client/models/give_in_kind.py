from enum import StrEnum


class GiveInKind(StrEnum):
    CASE_STUDY = "case_study"
    OTHER = "other"
    REFERRAL_SENT = "referral_sent"
    THANKS = "thanks"

    def __str__(self) -> str:
        return str(self.value)
