import { describe, expect, it } from "vitest";
import { formatCountdown, secondsLeft } from "./CurrentSpeaker";

describe("the speaker's countdown", () => {
  const start = "2026-07-19T02:00:00Z";
  const at = (s: number) => Date.parse(start) + s * 1000;

  it("counts the planned time down from the start", () => {
    expect(secondsLeft(start, 180, at(0))).toBe(180);
    expect(secondsLeft(start, 180, at(61.5))).toBe(119);
    expect(formatCountdown(119)).toBe("01:59");
  });

  it("reads +mm:ss past the planned time", () => {
    expect(secondsLeft(start, 180, at(200))).toBe(-20);
    expect(formatCountdown(-20)).toBe("+00:20");
  });

  it("shows the whole planned time before the start is known", () => {
    expect(secondsLeft(null, 300, at(50))).toBe(300);
    expect(formatCountdown(300)).toBe("05:00");
  });
});
