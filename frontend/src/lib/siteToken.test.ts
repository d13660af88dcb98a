import { describe, expect, it } from "vitest";
import { siteToken } from "./siteToken";

function memory(): Pick<Storage, "getItem" | "setItem"> {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe("siteToken", () => {
  it("takes the link's token and remembers it for the installed app, which starts without it", () => {
    const phone = memory();
    expect(siteToken("#abc%2D123", phone)).toBe("abc-123");
    expect(siteToken("", phone)).toBe("abc-123");
    expect(siteToken("#new-link", phone)).toBe("new-link");
    expect(siteToken("#", phone)).toBe("new-link");
  });

  it("works from the link alone when the phone keeps nothing", () => {
    expect(siteToken("#abc", null)).toBe("abc");
    expect(siteToken("", null)).toBe("");
  });
});
