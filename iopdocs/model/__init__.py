"""The case model: one pydantic model per YAML file, and the Case that joins them.

One module per file kind (case_file, background, partners, goals, indicators, profile,
meeting_file),
the types they share in base, and FILE_MODELS and Case in case. Everything is re-exported
here, so `model.Partner` and `from iopdocs.model import CaseFile` work as before.

Field descriptions are Swedish: they are what an officer sees in the JSON Schema and in
an editor's hover help. The rest of the code trusts these models and never re-checks
raw dictionaries.
"""

from __future__ import annotations

# Callers reach pydantic's BaseModel and the prose parser through the model (model.BaseModel,
# model.text), as they could when the model was one module.
from pydantic import BaseModel

from .. import text
from .background import BackgroundFile, Matter, Section
from .base import (
    Date,
    Dnr,
    Int,
    Labelled,
    NonEmpty,
    Number,
    OrgNumber,
    Period,
    Person,
    Prose,
    Signatory,
    Strict,
)
from .case import CASE_FILE_MODELS, CASE_FILE_NAMES, CASE_FILES, FILE_MODELS, Case
from .case_file import (
    Attachment,
    CaseFile,
    GeneratedForm,
    Kind,
    ProfileOverrides,
)
from .goals import Goal, GoalsFile, PriorityArea, SubGoal
from .indicators import (
    Activity,
    Baseline,
    Decision,
    Direction,
    FollowUp,
    Indicator,
    IndicatorsFile,
    Outcome,
    Reached,
)
from .meeting_file import (
    AgreementOutcome,
    Attendance,
    Attendee,
    Dissent,
    DissentKind,
    ItemDecision,
    MeetingFile,
    MeetingItem,
    Resolution,
)
from .partners import (
    CHECK_LABELS,
    Agreement,
    Assessment,
    Check,
    CheckResult,
    Checks,
    CityContribution,
    Contributions,
    Initiative,
    LegalAssessment,
    LegalForm,
    OrganisationContribution,
    Partner,
    PlannedActivity,
    PartnersFile,
    Recommendation,
)
from .profile import AgreementClauses, Profile

__all__ = [
    # base
    "Strict", "Labelled", "Prose", "NonEmpty", "Int", "Number", "Date", "OrgNumber", "Dnr", "Period",
    "Person", "Signatory",
    # profile
    "Profile", "AgreementClauses",
    # case.yaml
    "Kind", "GeneratedForm", "Attachment", "ProfileOverrides", "CaseFile",
    # background.yaml
    "Section", "Matter", "BackgroundFile",
    # partners.yaml
    "LegalForm", "Initiative", "CheckResult",
    "Check", "CHECK_LABELS", "Checks", "LegalAssessment",
    "Recommendation", "Assessment", "CityContribution",
    "OrganisationContribution", "Contributions", "PlannedActivity", "Agreement", "Partner", "PartnersFile",
    # goals.yaml
    "PriorityArea", "SubGoal", "Goal", "GoalsFile",
    # indicators.yaml
    "Direction", "Baseline", "Outcome", "Indicator", "Activity", "Reached", "Decision",
    "FollowUp", "IndicatorsFile",
    # the whole case
    "CASE_FILE_MODELS", "CASE_FILES", "CASE_FILE_NAMES", "FILE_MODELS", "Case",
    # meetings/ÅÅÅÅ-MM-DD.yaml
    "MeetingItem", "MeetingFile", "Resolution", "AgreementOutcome", "DissentKind", "Dissent", "ItemDecision",
    "Attendee", "Attendance",
    # reached through the model by other modules
    "BaseModel", "text",
]
