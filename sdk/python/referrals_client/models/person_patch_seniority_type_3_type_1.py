from enum import StrEnum


class PersonPatchSeniorityType3Type1(StrEnum):
    CXO = "cxo"
    DIRECTOR = "director"
    IC = "ic"
    MANAGER = "manager"
    VP = "vp"

    def __str__(self) -> str:
        return str(self.value)
