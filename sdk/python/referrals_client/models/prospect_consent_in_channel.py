from enum import StrEnum


class ProspectConsentInChannel(StrEnum):
    CALL = "call"
    EMAIL = "email"
    IN_PERSON = "in_person"
    LINKEDIN = "linkedin"
    MEETING = "meeting"
    MESSAGE = "message"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
