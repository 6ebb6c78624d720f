from enum import StrEnum


class TouchInChannel(StrEnum):
    CALL = "call"
    EMAIL = "email"
    LINKEDIN = "linkedin"
    MEETING = "meeting"
    MESSAGE = "message"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
