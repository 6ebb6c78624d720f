from enum import StrEnum


class WebhookInEventsItem(StrEnum):
    CLIENT_CONSENT_CHANGED = "client.consent_changed"
    ICP_UPDATED = "icp.updated"
    INTRODUCTION_CREATED = "introduction.created"
    INTRODUCTION_PROSPECT_CONSENT = "introduction.prospect_consent"
    INTRODUCTION_QUALIFICATION_CHANGED = "introduction.qualification_changed"
    INTRODUCTION_STATUS_CHANGED = "introduction.status_changed"
    PING = "ping"
    REFERRAL_ASK_CREATED = "referral_ask.created"
    REFERRAL_ASK_OUTCOME = "referral_ask.outcome"
    REMINDER_RAISED = "reminder.raised"
    VALUE_10 = "*"

    def __str__(self) -> str:
        return str(self.value)
