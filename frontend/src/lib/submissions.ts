/** Rules of the paper ("tham luận") state machine as the web app needs them (shared/DESIGN.md). */
import type { SubmissionFile, SubmissionStatus } from "../api/types";

export const MIB = 1024 * 1024;

/** The speaker may edit and upload while the paper is a draft or submitted (and the call is open). */
export const speakerCanEdit = (s: SubmissionStatus) => s === "draft" || s === "submitted";
/** Withdraw only before a decision. */
export const speakerCanWithdraw = (s: SubmissionStatus) => s === "draft" || s === "submitted" || s === "under_review";
export const isDecided = (s: SubmissionStatus) => s === "selected_live" || s === "accepted_written" || s === "rejected";
/** Organizers decide from submitted | under_review and revise a decision (until the seminar ends). */
export const organizerCanDecide = (s: SubmissionStatus) => s === "submitted" || s === "under_review" || isDecided(s);

export const DEFAULT_FILE_TYPES = ["pdf", "docx", "odt"];
const MIME: Record<string, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  odt: "application/vnd.oasis.opendocument.text",
};

/** `accept` attribute for a file input: extensions and MIME types. */
export function acceptAttr(types: readonly string[] | null | undefined): string {
  const list = types && types.length ? types : DEFAULT_FILE_TYPES;
  return list.flatMap((t) => [`.${t}`, MIME[t]].filter(Boolean)).join(",");
}

/** "PDF, DOCX, ODT" */
export const typesLabel = (types: readonly string[] | null | undefined) =>
  (types && types.length ? types : DEFAULT_FILE_TYPES).map((t) => t.toUpperCase()).join(", ");

export type FileProblem = { kind: "empty" } | { kind: "size"; maxMb: number } | { kind: "type"; types: string[] } | null;

/**
 * Checks done before sending (the server decides the type by content; this only saves a pointless upload):
 * empty file, more than `maxMb` MiB, or an extension outside the accepted types.
 */
export function checkFile(file: { name: string; size: number }, maxMb: number | null | undefined, types: readonly string[] | null | undefined): FileProblem {
  const accepted = types && types.length ? [...types] : DEFAULT_FILE_TYPES;
  const ext = /\.([^./\\]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? "";
  if (!accepted.includes(ext)) return { kind: "type", types: accepted };
  if (file.size === 0) return { kind: "empty" };
  if (maxMb && file.size > maxMb * MIB) return { kind: "size", maxMb };
  return null;
}

export function latestFile(files: SubmissionFile[] | null | undefined): SubmissionFile | null {
  if (!files || files.length === 0) return null;
  return files.reduce((a, b) => (b.version > a.version ? b : a));
}

/** True while the call accepts changes from speakers (no deadline = open). */
export function callOpen(closeAt: string | null | undefined, now: number = Date.now()): boolean {
  if (!closeAt) return true;
  const t = new Date(closeAt).getTime();
  return Number.isNaN(t) || t > now;
}
