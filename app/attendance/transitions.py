"""The SeminarSite state machine of DESIGN.md: the one table of legal status moves.

Registration (``service``), check-in and presence (``live``) and headcount reports
(``recorder``) all ask this table before moving a site; an illegal move is a 409.
"""

from app.attendance import messages as msg
from app.attendance.models import SeminarSiteStatus
from app.core.errors import Conflict, Message

St = SeminarSiteStatus

# registered → registered: registering again updates the details. checked_in →
# checked_in: a report (or a repeated check-in from a phone on a bad network) keeps a
# site checked in. disconnected → checked_in: the site is back (socket or report).
SITE_TRANSITIONS: dict[SeminarSiteStatus, frozenset[SeminarSiteStatus]] = {
    St.invited: frozenset({St.registered, St.declined}),
    St.registered: frozenset({St.registered, St.declined, St.checked_in}),
    St.declined: frozenset({St.registered}),
    St.checked_in: frozenset({St.checked_in, St.disconnected}),
    St.disconnected: frozenset({St.checked_in}),
}


def site_move_allowed(current: SeminarSiteStatus, target: SeminarSiteStatus) -> bool:
    """Whether a site may go from ``current`` to ``target``."""
    return target in SITE_TRANSITIONS[current]


def check_site_transition(
    current: SeminarSiteStatus, target: SeminarSiteStatus, refusal: Message = msg.SITE_TRANSITION
) -> None:
    """Raise 409 unless a site may go from ``current`` to ``target``.

    ``refusal``: the message of the action that asked (check-in, a report), which names
    the site's ``status``; by default the generic one naming the allowed moves.
    """
    if site_move_allowed(current, target):
        return
    if refusal is not msg.SITE_TRANSITION:
        raise Conflict(refusal, status=current)
    # The moves to another status: staying put is no answer to "what can I do instead".
    allowed = [s for s in SeminarSiteStatus if s in SITE_TRANSITIONS[current] and s != current]
    raise Conflict(refusal, current=current, target=target, allowed=allowed)
