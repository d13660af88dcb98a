import { describe, expect, it } from "vitest";
import { canDo } from "./seminarState";

describe("seminar state machine", () => {
  it("allows only legal transitions", () => {
    expect(canDo("publish", "draft")).toBe(true);
    expect(canDo("publish", "published")).toBe(false);
    expect(canDo("start", "published")).toBe(true);
    expect(canDo("start", "draft")).toBe(false);
    expect(canDo("end", "live")).toBe(true);
    expect(canDo("cancel", "draft")).toBe(true);
    expect(canDo("cancel", "published")).toBe(true);
    expect(canDo("cancel", "live")).toBe(false);
    expect(canDo("end", "cancelled")).toBe(false);
  });
});
