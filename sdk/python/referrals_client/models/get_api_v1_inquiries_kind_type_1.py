from enum import StrEnum


class GetApiV1InquiriesKindType1(StrEnum):
    DEMO_VIEW = "demo_view"
    DOWNLOAD = "download"
    LIST = "list"
    OTHER = "other"
    WEBINAR = "webinar"

    def __str__(self) -> str:
        return str(self.value)
