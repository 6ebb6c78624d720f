from enum import StrEnum


class IntroductionOutStatus(StrEnum):
    ACCEPTED = "accepted"
    ASKED = "asked"
    DECLINED = "declined"
    INTRODUCED = "introduced"
    LOST = "lost"
    MEETING_HELD = "meeting_held"
    QUALIFIED = "qualified"
    QUALIFIED_OUT = "qualified_out"
    REQUESTED = "requested"
    WITHDRAWN = "withdrawn"
    WON = "won"

    def __str__(self) -> str:
        return str(self.value)
