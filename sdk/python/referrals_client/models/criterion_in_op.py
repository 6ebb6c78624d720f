from enum import StrEnum


class CriterionInOp(StrEnum):
    BETWEEN = "between"
    EQ = "eq"
    GTE = "gte"
    IN = "in"
    LTE = "lte"
    NOT_IN = "not_in"

    def __str__(self) -> str:
        return str(self.value)
