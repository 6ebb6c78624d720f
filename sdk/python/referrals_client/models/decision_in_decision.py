from enum import StrEnum


class DecisionInDecision(StrEnum):
    MERGE = "merge"
    REJECT = "reject"

    def __str__(self) -> str:
        return str(self.value)
