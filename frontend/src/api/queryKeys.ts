/**
 * Every TanStack Query key of the app, in one place. Keys are hierarchical: a shorter key is
 * the prefix of the longer ones, so `invalidateQueries({ queryKey: queryKeys.seminar.all(id) })`
 * refreshes everything about that seminar, `queryKeys.seminar.sites(id)` every page and filter of
 * its sites, `queryKeys.sites.all()` the whole directory. Use these for reading AND invalidating.
 */
import type { ApiQuery } from "./http";

type SeminarSitesQuery = ApiQuery<"/api/v1/seminars/{seminar_id}/sites">;
type SitesQuery = ApiQuery<"/api/v1/sites">;
type IncidentsQuery = ApiQuery<"/api/v1/seminars/{seminar_id}/incidents">;
type SubmissionsQuery = ApiQuery<"/api/v1/seminars/{seminar_id}/submissions">;
type TaskSitesQuery = ApiQuery<"/api/v1/seminars/{seminar_id}/tasks/{task_id}/sites">;
type Paging = { limit?: number; offset?: number };

/** `[...prefix]` alone, or `[...prefix, params]` when params are given (prefix → all of them). */
function withParams<P extends readonly unknown[], Q>(prefix: P, params?: Q) {
  return (params === undefined ? prefix : [...prefix, params]) as readonly unknown[];
}

export const queryKeys = {
  /** The signed-in user (per token, so a new sign-in never shows the previous user). */
  me: (token: string | null) => ["me", token] as const,

  users: {
    all: () => ["users"] as const,
    page: (paging: Paging) => ["users", paging] as const,
  },

  /** The site directory (/sites). */
  sites: {
    all: () => ["sites"] as const,
    detail: (siteId: number) => ["sites", siteId] as const,
    /** Any list of GET /sites (search, children of a parent, a level…): its query is the key. */
    list: (query?: SitesQuery) => withParams(["sites", "list"] as const, query),
  },

  seminars: {
    all: () => ["seminars"] as const,
    page: (paging: Paging) => ["seminars", paging] as const,
  },

  /** One seminar: `all(id)` is the seminar itself AND the prefix of everything about it. */
  seminar: {
    all: (seminarId: number) => ["seminar", seminarId] as const,
    detail: (seminarId: number) => ["seminar", seminarId] as const,
    /** GET /seminars/{id}/sites; without a query: every page/filter (for invalidation). */
    sites: (seminarId: number, query?: SeminarSitesQuery) => withParams(["seminar", seminarId, "sites"] as const, query),
    /** GET /seminars/{id}/attendance?scope=; without a scope argument: every scope. */
    attendance: (seminarId: number, ...scope: [scope: number | null] | []) =>
      (scope.length ? ["seminar", seminarId, "attendance", scope[0]] : ["seminar", seminarId, "attendance"]) as readonly unknown[],
    timeline: (seminarId: number, resolution?: number) => withParams(["seminar", seminarId, "timeline"] as const, resolution),
    agenda: (seminarId: number) => ["seminar", seminarId, "agenda"] as const,
    members: (seminarId: number) => ["seminar", seminarId, "members"] as const,
    memberCandidates: (seminarId: number, q?: string) => withParams(["seminar", seminarId, "member-candidates"] as const, q),
    submissions: (seminarId: number, query?: SubmissionsQuery | "all") =>
      withParams(["seminar", seminarId, "submissions"] as const, query),
    report: (seminarId: number) => ["seminar", seminarId, "report"] as const,
    /** GET /seminars/{id}/readiness; without paging: every page (for invalidation). */
    readiness: (seminarId: number, paging?: Paging) => withParams(["seminar", seminarId, "readiness"] as const, paging),
    /** GET /seminars/{id}/speaking: the speaking queue. */
    speaking: (seminarId: number) => ["seminar", seminarId, "speaking"] as const,
    /** GET /seminars/{id}/incidents; without a query: every status and page (for invalidation). */
    incidents: (seminarId: number, query?: IncidentsQuery) => withParams(["seminar", seminarId, "incidents"] as const, query),
    /** GET /seminars/{id}/conclusion: the conclusion notice. */
    conclusion: (seminarId: number) => ["seminar", seminarId, "conclusion"] as const,
    /** GET /seminars/{id}/tasks (counts) and, under it, each task's board rows; the prefix invalidates both. */
    tasks: (seminarId: number) => ["seminar", seminarId, "tasks"] as const,
    taskSites: (seminarId: number, taskId: number, query?: TaskSitesQuery) =>
      withParams(["seminar", seminarId, "tasks", taskId, "sites"] as const, query),
    /** GET /seminars/{id}/polls (every poll of the seminar). */
    polls: (seminarId: number) => ["seminar", seminarId, "polls"] as const,
    /** GET /seminars/{id}/polls/{poll_id}/results?scope=; without a scope argument: every scope. */
    pollResults: (seminarId: number, pollId: number, ...scope: [scope: number | null] | []) =>
      (scope.length
        ? ["seminar", seminarId, "polls", pollId, "results", scope[0]]
        : ["seminar", seminarId, "polls", pollId, "results"]) as readonly unknown[],
  },

  /** Papers seen from the speaker's side. */
  submissions: {
    mine: () => ["submissions", "mine"] as const,
    detail: (submissionId: number) => ["submission", submissionId] as const,
  },

  public: {
    seminar: (slug: string) => ["public", "seminar", slug] as const,
    calls: () => ["public", "calls"] as const,
    /** GET /public/seminars/{slug}/polls: what the big screen shows. */
    polls: (slug: string) => ["public", "seminar", slug, "polls"] as const,
  },

  /** The site page (X-Site-Token). */
  siteContext: (token: string) => ["site-context", token] as const,
  /** GET /site/speaking: the site's own speaking requests. */
  siteSpeaking: (token: string) => ["site-speaking", token] as const,
  /** GET /site/incidents: the site's own incidents. */
  siteIncidents: (token: string) => ["site-incidents", token] as const,
  /** GET /site/tasks: the site's follow-up tasks (after the seminar). */
  siteTasks: (token: string) => ["site-tasks", token] as const,
  /** GET /site/polls: the open polls of the site's seminar, with the site's own counts. */
  sitePolls: (token: string) => ["site-polls", token] as const,
  /** GET /public/polls/{token}: a poll on a phone (/p/<token>). */
  publicPoll: (token: string) => ["public-poll", token] as const,
} as const;
