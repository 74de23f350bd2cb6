"""goals.yaml: priority areas and long-term goals with their subgoals."""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import NonEmpty, Slug, Strict, unique


class PriorityArea(Strict):
    id: Slug = Field(description="Kort id.")
    title: NonEmpty = Field(description="Områdets namn, som det skrivs i löptext.")


class SubGoal(Strict):
    id: NonEmpty = Field(description="Kort id, unikt i ärendet.")
    title: NonEmpty = Field(description="Delmålet.")


class Goal(Strict):
    id: NonEmpty = Field(description="Kort id, unikt i ärendet.")
    title: NonEmpty = Field(description="Det långsiktiga målet.")
    partner: str | None = Field(None, description="Partnerns id, om målet gäller en partner.")
    priority_area: str | None = Field(None, description="Prioriterat område (id).")
    budget_goal: NonEmpty = Field(description="Stadens budgetmål eller program som målet hör till.")
    subgoals: list[SubGoal] = Field(default_factory=list, description="Delmål.")


class GoalsFile(Strict):
    """goals.yaml: priority areas and goals."""

    priority_areas: list[PriorityArea] = Field(default_factory=list, description="Prioriterade områden.")
    goals: list[Goal] = Field(default_factory=list, description="Långsiktiga mål med delmål.")

    @model_validator(mode="after")
    def _unique_ids(self) -> "GoalsFile":
        unique([(f"priority_areas/{n}/id", a.id) for n, a in enumerate(self.priority_areas)], "ett prioriterat område")
        unique(
            [(f"goals/{n}/id", g.id) for n, g in enumerate(self.goals)]
            + [(f"goals/{n}/subgoals/{m}/id", s.id) for n, g in enumerate(self.goals) for m, s in enumerate(g.subgoals)],
            "ett mål",
        )
        return self
