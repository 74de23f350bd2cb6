"""The whole case: which model reads which file, and the Case that joins them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .background import BackgroundFile
from .base import Signatory, Strict
from .case_file import CaseFile
from .goals import Goal, GoalsFile, PriorityArea
from .indicators import FollowUp, Indicator, IndicatorsFile
from .partners import Partner, PartnersFile
from .profile import Profile

# The files of a case folder, by kind (the file is <kind>.yaml), in the order they are read.
CASE_FILE_MODELS: dict[str, type[Strict]] = {
    "case": CaseFile,
    "background": BackgroundFile,
    "partners": PartnersFile,
    "goals": GoalsFile,
    "indicators": IndicatorsFile,
}
CASE_FILES: tuple[str, ...] = tuple(CASE_FILE_MODELS)
CASE_FILE_NAMES: tuple[str, ...] = tuple(f"{kind}.yaml" for kind in CASE_FILES)

# Every file kind a case is made of, the profile included.
FILE_MODELS: dict[str, type[Strict]] = {**CASE_FILE_MODELS, "profile": Profile}


class Case(BaseModel):
    """A validated case: every file's model plus the merged profile."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    id: str
    folder: str
    meta: CaseFile = Field(description="Ärendets uppgifter i case.yaml.")
    profile: Profile = Field(description="Profilen (templates/profiles/<namn>.yaml) med ärendets ändringar.")
    background: BackgroundFile = Field(default_factory=BackgroundFile, description="Texterna i background.yaml.")
    partners: list[Partner] = Field(default_factory=list)
    priority_areas: list[PriorityArea] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)

    @property
    def signatories(self) -> list[Signatory]:
        return self.meta.signatories if self.meta.signatories is not None else self.profile.signatories

    @property
    def addressee(self) -> str:
        return self.meta.to or self.profile.board

    def partner(self, partner_id: str) -> Partner:
        return next(p for p in self.partners if p.id == partner_id)

    # Which partner owns a goal, an indicator, a follow-up or an attachment: the one it
    # names, or, when it names none, the case's only partner. One rule for the whole code.
    def owner_id(self, named: str | None) -> str | None:
        """The id of the partner a record belongs to; None when it names none and the case
        has no single partner."""
        if named is not None:
            return named
        return self.partners[0].id if len(self.partners) == 1 else None

    def owner(self, named: str | None) -> Partner | None:
        """The partner a record belongs to, or None when there is no such partner."""
        owner = self.owner_id(named)
        return next((p for p in self.partners if p.id == owner), None)

    def priority_area(self, area_id: str) -> PriorityArea:
        return next(a for a in self.priority_areas if a.id == area_id)
