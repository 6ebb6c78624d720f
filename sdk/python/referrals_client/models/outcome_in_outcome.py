from enum import StrEnum


class OutcomeInOutcome(StrEnum):
    DECLINED = "declined"
    MADE_INTRO = "made_intro"
    NO_ANSWER = "no_answer"

    def __str__(self) -> str:
        return str(self.value)
