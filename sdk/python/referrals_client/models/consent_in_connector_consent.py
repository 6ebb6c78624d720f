from enum import StrEnum


class ConsentInConnectorConsent(StrEnum):
    DECLINED = "declined"
    NOT_ASKED = "not_asked"
    OPTED_IN = "opted_in"

    def __str__(self) -> str:
        return str(self.value)
