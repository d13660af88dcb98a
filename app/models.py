"""Imports every model so that ``Base.metadata`` is complete (Alembic, tooling)."""

from app.attendance.models import AttendanceReport, PresenceEvent, SeminarSite
from app.auth.models import AccessToken
from app.core.db import Base
from app.followup.models import Conclusion, FollowupTask, TaskAssignment, TaskProgress
from app.incidents.models import Incident
from app.polls.models import (
    Poll,
    PollAnswer,
    PollOption,
    PollSiteCount,
    PollSiteTally,
    PollTallyReport,
)
from app.readiness.models import TechCheck
from app.seminars.models import AgendaItem, Seminar, SeminarMember
from app.sites.models import Site
from app.speaking.models import SpeakingRequest
from app.submissions.models import Submission, SubmissionFile
from app.users.models import User

__all__ = [
    "AccessToken",
    "AgendaItem",
    "AttendanceReport",
    "Base",
    "Conclusion",
    "FollowupTask",
    "Incident",
    "Poll",
    "PollAnswer",
    "PollOption",
    "PollSiteCount",
    "PollSiteTally",
    "PollTallyReport",
    "PresenceEvent",
    "Seminar",
    "SeminarMember",
    "SeminarSite",
    "Site",
    "SpeakingRequest",
    "Submission",
    "SubmissionFile",
    "TaskAssignment",
    "TaskProgress",
    "TechCheck",
    "User",
]
