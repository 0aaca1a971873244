"""The models, one module per thing held (organisations, evidence, cards, jobs, audit)."""

from __future__ import annotations

from missionlens.web.models.audit import AuditEntry, record
from missionlens.web.models.card_reviews import CardReview
from missionlens.web.models.cards import CardStatus, CardVersion, Comment, CommentKind
from missionlens.web.models.evidence import Evidence, EvidenceEdit, EvidenceKind
from missionlens.web.models.jobs import Audience, ImportJob, JobStatus, ReportJob
from missionlens.web.models.organisations import Branch, Profile, Role
from missionlens.web.models.voices import Code, CodedSource, Coding, SelectionRoundRecord, StoryRecord

__all__ = [
    "Audience", "AuditEntry", "Branch", "CardReview", "CardStatus", "CardVersion", "Comment", "CommentKind", "Evidence",
    "EvidenceEdit", "EvidenceKind", "ImportJob", "JobStatus", "Profile", "ReportJob", "Role", "record",
    "Code", "CodedSource", "Coding", "SelectionRoundRecord", "StoryRecord",
]
