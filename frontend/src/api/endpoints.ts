/** One function per backend endpoint used by the web app (paths from shared/DESIGN.md). */
import { ApiError, request, uploadWithProgress, type UploadProgress } from "./client";
import type {
  AgendaItem,
  Attendance,
  AttendanceTimeline,
  SeminarReport,
  BulkDecisionInput,
  DecisionInput,
  OpenCall,
  SpeakerSignup,
  Submission,
  SubmissionFile,
  SubmissionItems,
  SubmissionInput,
  SubmissionPage,
  SubmissionQuery,
  SubmissionUpdate,
  HeadcountAnswer,
  HeadcountReport,
  AgendaItemInput,
  AgendaItemUpdate,
  CheckinLink,
  InviteRequest,
  MemberCandidate,
  MemberInput,
  MemberUpdate,
  MySubmissionPage,
  Page,
  PublicSeminar,
  Seminar,
  SeminarAction,
  SeminarInput,
  SeminarMember,
  SeminarSite,
  SeminarUpdate,
  Site,
  SiteContext,
  SiteImportResult,
  SiteInput,
  SiteRegisterInput,
  SiteUpdate,
  TokenResponse,
  User,
  UserCreate,
  UserUpdate,
} from "./types";

// --- auth -------------------------------------------------------------------
export function login(username: string, password: string): Promise<TokenResponse> {
  const body = new URLSearchParams({ username, password, grant_type: "password" });
  return request<TokenResponse>("/auth/token", { method: "POST", body, auth: false });
}
export const logout = () => request<unknown>("/auth/logout", { method: "POST" });
export const getMe = () => request<User>("/auth/me");

// --- users (admin) -----------------------------------------------------------
export const listUsers = (limit = 50, offset = 0) => request<Page<User>>("/users", { query: { limit, offset } });
export const createUser = (data: UserCreate) => request<User>("/users", { method: "POST", body: data });
export const updateUser = (id: number, data: UserUpdate) =>
  request<User>(`/users/${id}`, { method: "PATCH", body: data });

// --- sites directory -----------------------------------------------------------
export const searchSites = (q: string, limit = 50, offset = 0) =>
  request<Page<Site>>("/sites", { query: { q, limit, offset } });

/** The whole directory, page by page (falls back to smaller pages if the server caps `limit`). */
export async function listAllSites(): Promise<Site[]> {
  let pageSize = 1000;
  const all: Site[] = [];
  for (let offset = 0; ; ) {
    let page: Page<Site>;
    try {
      page = await request<Page<Site>>("/sites", { query: { limit: pageSize, offset } });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && pageSize > 100) {
        pageSize = 100;
        continue;
      }
      throw e;
    }
    all.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  return all;
}
export const getSite = (id: number) => request<Site>(`/sites/${id}`);
export const createSite = (data: SiteInput) => request<Site>("/sites", { method: "POST", body: data });
export const updateSite = (id: number, data: SiteUpdate) =>
  request<Site>(`/sites/${id}`, { method: "PATCH", body: data });
export const deleteSite = (id: number) => request<void>(`/sites/${id}`, { method: "DELETE" });
export function importSites(file: File): Promise<SiteImportResult> {
  const form = new FormData();
  form.append("file", file);
  return request<SiteImportResult>("/sites/import", { method: "POST", body: form });
}

// --- seminars -------------------------------------------------------------------
export const listSeminars = (limit = 20, offset = 0) =>
  request<Page<Seminar>>("/seminars", { query: { limit, offset } });
export const getSeminar = (id: number) => request<Seminar>(`/seminars/${id}`);
export const createSeminar = (data: SeminarInput) => request<Seminar>("/seminars", { method: "POST", body: data });
export const updateSeminar = (id: number, data: SeminarUpdate) =>
  request<Seminar>(`/seminars/${id}`, { method: "PATCH", body: data });
export const seminarAction = (id: number, action: SeminarAction) =>
  request<Seminar>(`/seminars/${id}/${action}`, { method: "POST" });

// --- agenda -----------------------------------------------------------------------
export const listAgenda = (seminarId: number) =>
  request<Page<AgendaItem>>(`/seminars/${seminarId}/agenda`, { query: { limit: 1000 } });
export const createAgendaItem = (seminarId: number, data: AgendaItemInput) =>
  request<AgendaItem>(`/seminars/${seminarId}/agenda`, { method: "POST", body: data });
export const updateAgendaItem = (seminarId: number, itemId: number, data: AgendaItemUpdate) =>
  request<AgendaItem>(`/seminars/${seminarId}/agenda/${itemId}`, { method: "PATCH", body: data });
export const deleteAgendaItem = (seminarId: number, itemId: number) =>
  request<void>(`/seminars/${seminarId}/agenda/${itemId}`, { method: "DELETE" });
export const agendaItemAction = (seminarId: number, itemId: number, action: "start" | "end") =>
  request<AgendaItem>(`/seminars/${seminarId}/agenda/${itemId}/${action}`, { method: "POST" });

// --- seminar members -------------------------------------------------------------
export const listMembers = (seminarId: number) => request<Page<SeminarMember>>(`/seminars/${seminarId}/members`);
export const memberCandidates = (seminarId: number, q: string, limit = 20) =>
  request<Page<MemberCandidate>>(`/seminars/${seminarId}/members/candidates`, { query: { q, limit } });
export const addMember = (seminarId: number, data: MemberInput) =>
  request<SeminarMember>(`/seminars/${seminarId}/members`, { method: "POST", body: data });
export const updateMember = (seminarId: number, userId: number, data: MemberUpdate) =>
  request<SeminarMember>(`/seminars/${seminarId}/members/${userId}`, { method: "PATCH", body: data });
export const removeMember = (seminarId: number, userId: number) =>
  request<void>(`/seminars/${seminarId}/members/${userId}`, { method: "DELETE" });

// --- registrations / invitations ------------------------------------------------------
export const listSeminarSites = (seminarId: number, limit = 500, offset = 0, status?: string) =>
  request<Page<SeminarSite>>(`/seminars/${seminarId}/sites`, { query: { limit, offset, status } });
/** Every participating site of a seminar, page by page. */
export async function listAllSeminarSites(seminarId: number): Promise<SeminarSite[]> {
  const all: SeminarSite[] = [];
  for (let offset = 0; ; ) {
    const page = await listSeminarSites(seminarId, 1000, offset);
    all.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  return all;
}
export const inviteSites = (seminarId: number, body: InviteRequest) =>
  request<CheckinLink[]>(`/seminars/${seminarId}/sites`, { method: "POST", body });
export const rotateSiteToken = (seminarId: number, siteId: number) =>
  request<CheckinLink>(`/seminars/${seminarId}/sites/${siteId}/token`, { method: "POST" });

// --- site side (X-Site-Token) -----------------------------------------------------------
const siteHeaders = (token: string) => ({ "X-Site-Token": token });
export const getSiteContext = (token: string) =>
  request<SiteContext>("/site", { headers: siteHeaders(token), auth: false });
export const siteRegister = (token: string, data: SiteRegisterInput) =>
  request<SiteContext>("/site/register", { method: "POST", body: data, headers: siteHeaders(token), auth: false });
export const siteDecline = (token: string) =>
  request<SiteContext>("/site/decline", { method: "POST", headers: siteHeaders(token), auth: false });
export const siteCheckin = (token: string) =>
  request<SiteContext>("/site/checkin", { method: "POST", headers: siteHeaders(token), auth: false });
export const siteHeadcount = (token: string, report: HeadcountReport) =>
  request<HeadcountAnswer>("/site/headcount", { method: "POST", body: report, headers: siteHeaders(token), auth: false });

// --- live attendance (organizer) -------------------------------------------------------------
export const getAttendance = (seminarId: number, scope?: number | null) =>
  request<Attendance>(`/seminars/${seminarId}/attendance`, { query: { scope: scope ?? undefined } });
export const overrideHeadcount = (seminarId: number, siteId: number, headcount: number) =>
  request<HeadcountAnswer>(`/seminars/${seminarId}/sites/${siteId}/headcount`, { method: "POST", body: { headcount } });

// --- public -----------------------------------------------------------------------------
export const getPublicSeminar = (slug: string) =>
  request<PublicSeminar>(`/public/seminars/${encodeURIComponent(slug)}`, { auth: false });

// --- papers ("tham luận") -------------------------------------------------------------------
export const registerSpeaker = (data: SpeakerSignup) =>
  request<User>("/auth/register", { method: "POST", body: data, auth: false });
export const listOpenCalls = () => request<Page<OpenCall>>("/public/calls", { auth: false });
export const listSubmissions = (seminarId: number, query: SubmissionQuery = {}) =>
  request<SubmissionPage>(`/seminars/${seminarId}/submissions`, { query: { ...query } });
/** The signed-in user's own papers across all seminars, newest first. */
export const listMySubmissions = (limit = 50, offset = 0) =>
  request<MySubmissionPage>("/submissions", { query: { limit, offset } });
export const createSubmission = (seminarId: number, data: SubmissionInput) =>
  request<Submission>(`/seminars/${seminarId}/submissions`, { method: "POST", body: data });
export const getSubmission = (id: number) => request<Submission>(`/submissions/${id}`);
export const updateSubmission = (id: number, data: SubmissionUpdate) =>
  request<Submission>(`/submissions/${id}`, { method: "PATCH", body: data });
export const submitSubmission = (id: number) => request<Submission>(`/submissions/${id}/submit`, { method: "POST" });
export const withdrawSubmission = (id: number) => request<Submission>(`/submissions/${id}/withdraw`, { method: "POST" });
export const decideSubmission = (id: number, data: DecisionInput) =>
  request<Submission>(`/submissions/${id}/decision`, { method: "POST", body: data });
export const decideSubmissions = (seminarId: number, data: BulkDecisionInput) =>
  request<SubmissionItems>(`/seminars/${seminarId}/submissions/decisions`, { method: "POST", body: data });
/** Multipart field `file`; progress from XMLHttpRequest. */
export function uploadSubmissionFile(
  id: number,
  file: File,
  onProgress?: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<SubmissionFile> {
  const form = new FormData();
  form.append("file", file, file.name);
  return uploadWithProgress<SubmissionFile>(`/submissions/${id}/files`, form, onProgress, signal);
}
export const submissionFilePath = (id: number, version: number) => `/submissions/${id}/files/${version}`;
export type PapersExport = "proceedings.zip" | "papers.xlsx" | "papers.csv";
export const seminarExportPath = (seminarId: number, name: PapersExport) => `/seminars/${seminarId}/exports/${name}`;

// --- report (after the event) ----------------------------------------------------------------
export const getReport = (seminarId: number) => request<SeminarReport>(`/seminars/${seminarId}/report`);
export const getAttendanceTimeline = (seminarId: number, resolution = 300) =>
  request<AttendanceTimeline>(`/seminars/${seminarId}/attendance/timeline`, { query: { resolution } });
/** Report files: staff-only (bearer token → blob), except calendar.ics which is public for published seminars. */
export type ReportFile =
  | "report.html"
  | "minutes.docx"
  | "exports/attendance.csv"
  | "exports/attendance.xlsx"
  | "exports/papers.xlsx"
  | "exports/proceedings.zip"
  | "calendar.ics";
export const REPORT_FILES: ReportFile[] = [
  "report.html",
  "minutes.docx",
  "exports/attendance.csv",
  "exports/attendance.xlsx",
  "exports/papers.xlsx",
  "exports/proceedings.zip",
  "calendar.ics",
];
export const reportFilePath = (seminarId: number, file: ReportFile) => `/seminars/${seminarId}/${file}`;
/** A plain link (no token needed): the seminar and its agenda as iCalendar. */
export const calendarUrl = (seminarId: number) => `/api/v1/seminars/${seminarId}/calendar.ics`;
