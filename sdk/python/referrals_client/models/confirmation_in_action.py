from enum import StrEnum


class ConfirmationInAction(StrEnum):
    CONFIRM = "confirm"
    CORRECT = "correct"
    HIDE = "hide"

    def __str__(self) -> str:
        return str(self.value)
