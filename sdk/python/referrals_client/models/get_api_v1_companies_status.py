from enum import StrEnum


class GetApiV1CompaniesStatus(StrEnum):
    CLIENT = "client"
    OTHER = "other"
    PARTNER = "partner"
    PROSPECT = "prospect"

    def __str__(self) -> str:
        return str(self.value)
