import type { SeminarMember, User } from "../api/types";

/** Admins and members running the whole seminar manage its members (the server checks too). */
export function canManageMembers(user: User | undefined, members: SeminarMember[]): boolean {
  if (!user) return false;
  if (user.role === "admin") return true;
  return members.some((m) => m.user_id === user.id && m.subtree_site === null);
}

/** The member running the whole seminar who cannot leave or be limited (the server answers 409). */
export function isLastUnlimited(member: SeminarMember, members: SeminarMember[]): boolean {
  return member.subtree_site === null && members.filter((m) => m.subtree_site === null).length === 1;
}
