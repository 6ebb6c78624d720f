from enum import StrEnum


class ImportUploadFormat(StrEnum):
    GRAPH_JSON = "graph-json"
    HUBSPOT = "hubspot"
    INTERACTIONS = "interactions"
    LINKEDIN = "linkedin"
    SALESFORCE = "salesforce"

    def __str__(self) -> str:
        return str(self.value)
