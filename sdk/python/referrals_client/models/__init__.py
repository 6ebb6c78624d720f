"""Contains all the data models used in inputs/outputs"""

from .ask_in import AskIn
from .audit_entry import AuditEntry
from .audit_page import AuditPage
from .calibration_quality_out import CalibrationQualityOut
from .centrality_in import CentralityIn
from .company_in import CompanyIn
from .company_in_status import CompanyInStatus
from .company_out import CompanyOut
from .company_page import CompanyPage
from .company_patch import CompanyPatch
from .company_patch_status import CompanyPatchStatus
from .company_ref import CompanyRef
from .company_resolution_out import CompanyResolutionOut
from .company_resource import CompanyResource
from .company_side import CompanySide
from .confidence import Confidence
from .confirmation_in import ConfirmationIn
from .confirmation_in_action import ConfirmationInAction
from .confirmation_out import ConfirmationOut
from .consent_in import ConsentIn
from .consent_in_connector_consent import ConsentInConnectorConsent
from .consent_out import ConsentOut
from .considered_out import ConsideredOut
from .criterion_in import CriterionIn
from .criterion_in_op import CriterionInOp
from .customized import Customized
from .decision_in import DecisionIn
from .decision_in_decision import DecisionInDecision
from .delivery_out import DeliveryOut
from .delivery_page import DeliveryPage
from .draft_out import DraftOut
from .erased import Erased
from .erasure_list import ErasureList
from .erasure_out import ErasureOut
from .evidence import Evidence
from .evidence_out import EvidenceOut
from .evidence_split import EvidenceSplit
from .explanation import Explanation
from .explanation_terms import ExplanationTerms
from .get_api_v1_companies_status import GetApiV1CompaniesStatus
from .get_api_v1_identity_reviews_status import GetApiV1IdentityReviewsStatus
from .get_api_v1_inquiries_kind_type_1 import GetApiV1InquiriesKindType1
from .get_api_v1_inquiries_kind_type_2_type_1 import GetApiV1InquiriesKindType2Type1
from .get_api_v1_inquiries_kind_type_3_type_1 import GetApiV1InquiriesKindType3Type1
from .get_api_v1_introductions_status_type_1 import GetApiV1IntroductionsStatusType1
from .get_api_v1_introductions_status_type_2_type_1 import GetApiV1IntroductionsStatusType2Type1
from .get_api_v1_introductions_status_type_3_type_1 import GetApiV1IntroductionsStatusType3Type1
from .give_in import GiveIn
from .give_in_kind import GiveInKind
from .icp_in import IcpIn
from .import_error import ImportError_
from .import_report_out import ImportReportOut
from .import_report_out_identity import ImportReportOutIdentity
from .import_upload import ImportUpload
from .import_upload_format import ImportUploadFormat
from .inquiry_in import InquiryIn
from .inquiry_in_kind import InquiryInKind
from .interleaving_out import InterleavingOut
from .introduction_in import IntroductionIn
from .introduction_out import IntroductionOut
from .introduction_out_status import IntroductionOutStatus
from .job_out import JobOut
from .job_out_params_type_0 import JobOutParamsType0
from .job_out_result_type_0 import JobOutResultType0
from .opportunities_out import OpportunitiesOut
from .opportunity_out import OpportunityOut
from .outcome_in import OutcomeIn
from .outcome_in_outcome import OutcomeInOutcome
from .owner_in import OwnerIn
from .owner_out import OwnerOut
from .owners_out import OwnersOut
from .pagination_metadata import PaginationMetadata
from .path_edge import PathEdge
from .path_node import PathNode
from .path_node_company_type_0_type_0 import PathNodeCompanyType0Type0
from .paths_out import PathsOut
from .paths_out_considered_type_1_type_0 import PathsOutConsideredType1Type0
from .paths_out_runner_up_type_1_type_0 import PathsOutRunnerUpType1Type0
from .person_in import PersonIn
from .person_in_seniority_type_1 import PersonInSeniorityType1
from .person_in_seniority_type_2_type_1 import PersonInSeniorityType2Type1
from .person_in_seniority_type_3_type_1 import PersonInSeniorityType3Type1
from .person_out import PersonOut
from .person_out_company_type_0_type_0 import PersonOutCompanyType0Type0
from .person_page import PersonPage
from .person_patch import PersonPatch
from .person_patch_seniority_type_1 import PersonPatchSeniorityType1
from .person_patch_seniority_type_2_type_1 import PersonPatchSeniorityType2Type1
from .person_patch_seniority_type_3_type_1 import PersonPatchSeniorityType3Type1
from .person_side import PersonSide
from .person_summary import PersonSummary
from .ping_out import PingOut
from .placeholder_out import PlaceholderOut
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .prospect_consent_in import ProspectConsentIn
from .prospect_consent_in_answer import ProspectConsentInAnswer
from .prospect_consent_in_channel import ProspectConsentInChannel
from .qualification_in import QualificationIn
from .referral_path import ReferralPath
from .relationship_in import RelationshipIn
from .relationship_out import RelationshipOut
from .relationship_out_person_type_1_type_0 import RelationshipOutPersonType1Type0
from .relationship_page import RelationshipPage
from .reliability_bin_out import ReliabilityBinOut
from .removed import Removed
from .resolution_in import ResolutionIn
from .resolution_out import ResolutionOut
from .review_out import ReviewOut
from .review_out_company_a_type_0_type_0 import ReviewOutCompanyAType0Type0
from .review_out_company_b_type_0_type_0 import ReviewOutCompanyBType0Type0
from .review_out_person_a_type_0_type_0 import ReviewOutPersonAType0Type0
from .review_out_person_b_type_0_type_0 import ReviewOutPersonBType0Type0
from .review_page import ReviewPage
from .runner_up_out import RunnerUpOut
from .template_texts import TemplateTexts
from .templates_in import TemplatesIn
from .templates_out import TemplatesOut
from .timing_in import TimingIn
from .touch_in import TouchIn
from .touch_in_channel import TouchInChannel
from .touch_in_direction import TouchInDirection
from .transition_in import TransitionIn
from .transition_in_to import TransitionInTo
from .undo_out import UndoOut
from .weakest_link import WeakestLink
from .webhook_created import WebhookCreated
from .webhook_in import WebhookIn
from .webhook_in_events_item import WebhookInEventsItem
from .webhook_out import WebhookOut
from .webhook_page import WebhookPage

__all__ = (
    "AskIn",
    "AuditEntry",
    "AuditPage",
    "CalibrationQualityOut",
    "CentralityIn",
    "CompanyIn",
    "CompanyInStatus",
    "CompanyOut",
    "CompanyPage",
    "CompanyPatch",
    "CompanyPatchStatus",
    "CompanyRef",
    "CompanyResolutionOut",
    "CompanyResource",
    "CompanySide",
    "Confidence",
    "ConfirmationIn",
    "ConfirmationInAction",
    "ConfirmationOut",
    "ConsentIn",
    "ConsentInConnectorConsent",
    "ConsentOut",
    "ConsideredOut",
    "CriterionIn",
    "CriterionInOp",
    "Customized",
    "DecisionIn",
    "DecisionInDecision",
    "DeliveryOut",
    "DeliveryPage",
    "DraftOut",
    "Erased",
    "ErasureList",
    "ErasureOut",
    "Evidence",
    "EvidenceOut",
    "EvidenceSplit",
    "Explanation",
    "ExplanationTerms",
    "GetApiV1CompaniesStatus",
    "GetApiV1IdentityReviewsStatus",
    "GetApiV1InquiriesKindType1",
    "GetApiV1InquiriesKindType2Type1",
    "GetApiV1InquiriesKindType3Type1",
    "GetApiV1IntroductionsStatusType1",
    "GetApiV1IntroductionsStatusType2Type1",
    "GetApiV1IntroductionsStatusType3Type1",
    "GiveIn",
    "GiveInKind",
    "IcpIn",
    "ImportError_",
    "ImportReportOut",
    "ImportReportOutIdentity",
    "ImportUpload",
    "ImportUploadFormat",
    "InquiryIn",
    "InquiryInKind",
    "InterleavingOut",
    "IntroductionIn",
    "IntroductionOut",
    "IntroductionOutStatus",
    "JobOut",
    "JobOutParamsType0",
    "JobOutResultType0",
    "OpportunitiesOut",
    "OpportunityOut",
    "OutcomeIn",
    "OutcomeInOutcome",
    "OwnerIn",
    "OwnerOut",
    "OwnersOut",
    "PaginationMetadata",
    "PathEdge",
    "PathNode",
    "PathNodeCompanyType0Type0",
    "PathsOut",
    "PathsOutConsideredType1Type0",
    "PathsOutRunnerUpType1Type0",
    "PersonIn",
    "PersonInSeniorityType1",
    "PersonInSeniorityType2Type1",
    "PersonInSeniorityType3Type1",
    "PersonOut",
    "PersonOutCompanyType0Type0",
    "PersonPage",
    "PersonPatch",
    "PersonPatchSeniorityType1",
    "PersonPatchSeniorityType2Type1",
    "PersonPatchSeniorityType3Type1",
    "PersonSide",
    "PersonSummary",
    "PingOut",
    "PlaceholderOut",
    "Problem",
    "ProblemErrorsItem",
    "ProspectConsentIn",
    "ProspectConsentInAnswer",
    "ProspectConsentInChannel",
    "QualificationIn",
    "ReferralPath",
    "RelationshipIn",
    "RelationshipOut",
    "RelationshipOutPersonType1Type0",
    "RelationshipPage",
    "ReliabilityBinOut",
    "Removed",
    "ResolutionIn",
    "ResolutionOut",
    "ReviewOut",
    "ReviewOutCompanyAType0Type0",
    "ReviewOutCompanyBType0Type0",
    "ReviewOutPersonAType0Type0",
    "ReviewOutPersonBType0Type0",
    "ReviewPage",
    "RunnerUpOut",
    "TemplatesIn",
    "TemplatesOut",
    "TemplateTexts",
    "TimingIn",
    "TouchIn",
    "TouchInChannel",
    "TouchInDirection",
    "TransitionIn",
    "TransitionInTo",
    "UndoOut",
    "WeakestLink",
    "WebhookCreated",
    "WebhookIn",
    "WebhookInEventsItem",
    "WebhookOut",
    "WebhookPage",
)
