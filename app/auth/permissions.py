"""Who may do what: role checks that services call before acting."""

from app.auth.messages import ADMIN_ONLY, STAFF_ONLY
from app.core.errors import Forbidden
from app.users.models import Role, User

STAFF_ROLES = frozenset({Role.admin, Role.organizer})


def is_staff(user: User | None) -> bool:
    """Organizers and admins run seminars."""
    return user is not None and user.role in STAFF_ROLES


def require_staff(user: User) -> None:
    """Refuse anyone who is not an organizer or an admin."""
    if not is_staff(user):
        raise Forbidden(STAFF_ONLY)


def require_admin(user: User) -> None:
    """Refuse anyone who is not an admin."""
    if user.role != Role.admin:
        raise Forbidden(ADMIN_ONLY)
