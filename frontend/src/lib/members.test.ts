import { describe, expect, it } from "vitest";
import type { SeminarMember, User } from "../api/types";
import { canManageMembers, isLastUnlimited } from "./members";

const user = (id: number, role: User["role"]): User => ({
  id,
  email: `u${id}@example.vn`,
  full_name: `U${id}`,
  role,
  unit: null,
  position: null,
  is_active: true,
  created_at: "2026-07-01T00:00:00Z",
});
const member = (user_id: number, limitedTo: number | null): SeminarMember => ({
  user_id,
  full_name: `U${user_id}`,
  email: `u${user_id}@example.vn`,
  role: "organizer",
  unit: null,
  subtree_site: limitedTo === null ? null : { id: limitedTo, code: `S${limitedTo}`, name: "Tỉnh ủy" },
  added_by_id: null,
  added_at: "2026-07-01T00:00:00Z",
});

describe("seminar members", () => {
  it("lets admins and unlimited members manage, not limited members or strangers", () => {
    const members = [member(1, null), member(2, 7)];
    expect(canManageMembers(user(9, "admin"), members)).toBe(true);
    expect(canManageMembers(user(1, "organizer"), members)).toBe(true);
    expect(canManageMembers(user(2, "organizer"), members)).toBe(false);
    expect(canManageMembers(user(3, "organizer"), members)).toBe(false);
    expect(canManageMembers(undefined, members)).toBe(false);
  });
  it("knows the last member running the whole seminar", () => {
    const members = [member(1, null), member(2, 7)];
    expect(isLastUnlimited(members[0], members)).toBe(true);
    expect(isLastUnlimited(members[1], members)).toBe(false);
    expect(isLastUnlimited(members[0], [...members, member(3, null)])).toBe(false);
  });
});
