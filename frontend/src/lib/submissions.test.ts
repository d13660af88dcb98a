import { describe, expect, it } from "vitest";
import { acceptAttr, callOpen, checkFile, isDecided, latestFile, MIB, organizerCanDecide, speakerCanEdit, speakerCanWithdraw, typesLabel } from "./submissions";

describe("paper state rules", () => {
  it("lets the speaker edit drafts and submitted papers only", () => {
    expect(speakerCanEdit("draft")).toBe(true);
    expect(speakerCanEdit("submitted")).toBe(true);
    expect(speakerCanEdit("under_review")).toBe(false);
    expect(speakerCanEdit("selected_live")).toBe(false);
  });
  it("allows withdrawing before a decision only", () => {
    expect(speakerCanWithdraw("under_review")).toBe(true);
    expect(speakerCanWithdraw("accepted_written")).toBe(false);
    expect(speakerCanWithdraw("withdrawn")).toBe(false);
  });
  it("knows decided states and what organizers may decide", () => {
    expect(isDecided("rejected")).toBe(true);
    expect(isDecided("under_review")).toBe(false);
    expect(organizerCanDecide("draft")).toBe(false);
    expect(organizerCanDecide("withdrawn")).toBe(false);
    expect(organizerCanDecide("selected_live")).toBe(true);
  });
});

describe("checkFile", () => {
  it("accepts a PDF under the limit", () => {
    expect(checkFile({ name: "Tham luận.PDF", size: 1000 }, 20, ["pdf", "docx", "odt"])).toBeNull();
  });
  it("refuses a file over max_upload_mb (MiB)", () => {
    expect(checkFile({ name: "a.pdf", size: 20 * MIB + 1 }, 20, null)).toEqual({ kind: "size", maxMb: 20 });
    expect(checkFile({ name: "a.pdf", size: 20 * MIB }, 20, null)).toBeNull();
  });
  it("refuses other extensions and empty files", () => {
    expect(checkFile({ name: "virus.exe", size: 10 }, 20, ["pdf"])).toEqual({ kind: "type", types: ["pdf"] });
    expect(checkFile({ name: "noext", size: 10 }, 20, null)?.kind).toBe("type");
    expect(checkFile({ name: "a.docx", size: 0 }, 20, null)).toEqual({ kind: "empty" });
  });
});

describe("helpers", () => {
  it("builds accept and labels", () => {
    expect(acceptAttr(["pdf"])).toBe(".pdf,application/pdf");
    expect(typesLabel([])).toBe("PDF, DOCX, ODT");
  });
  it("finds the latest version", () => {
    const f = (version: number) => ({ version, original_filename: `v${version}.pdf`, media_type: "application/pdf", size: 1, sha256: "", uploaded_at: "" });
    expect(latestFile([f(1), f(3), f(2)])?.version).toBe(3);
    expect(latestFile([])).toBeNull();
  });
  it("treats a passed deadline as closed", () => {
    expect(callOpen(null)).toBe(true);
    expect(callOpen("2020-01-01T00:00:00Z")).toBe(false);
    expect(callOpen("2999-01-01T00:00:00Z")).toBe(true);
  });
});
