from enum import StrEnum


class GetApiV1IdentityReviewsStatus(StrEnum):
    MERGED = "merged"
    OPEN = "open"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
