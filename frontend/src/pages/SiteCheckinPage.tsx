import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/client";
import { publicApi, siteAuth } from "../api/http";
import { queryKeys } from "../api/queryKeys";
import type { AgendaItem, LiveAgendaItem, SiteContext, SiteContextLive } from "../api/types";
import { ConfirmDialog } from "../components/Dialog";
import { ErrorMessage, Loading, Notice } from "../components/Feedback";
import { Field } from "../components/Field";
import { PublicLayout } from "../components/PublicLayout";
import { StatusBadge } from "../components/StatusBadge";
import { formatDate, formatDateTime, formatNumber, formatTime } from "../lib/format";
import { useLiveView, type LiveView } from "../lib/useLiveView";
import { SITE_EVENTS, siteEvents } from "../lib/eventBus";
import { HEADCOUNT_PATH, headcountBody, headcountView } from "../lib/siteQueue";
import { forgetSiteContext, loadSiteContext, saveSiteContext } from "../lib/siteContextCache";
import { siteOutbox, useSiteQueue } from "../lib/useSiteQueue";
import { SiteIncidents } from "./site/SiteIncidents";
import { SitePolls } from "./site/SitePolls";

// The site's own messages (its incidents, its speaking requests) reach the page's panels.
const SITE_FORWARD = siteEvents.forward(SITE_EVENTS);
import { phoneStorage, siteToken } from "../lib/siteToken";
import { SiteTechCheck } from "./site/SiteTechCheck";
import { SiteSpeaking } from "./site/SiteSpeaking";
import { SiteTasks } from "./site/SiteTasks";

const MAX_HEADCOUNT = 100_000;

function readToken(): string {
  return siteToken(window.location.hash, phoneStorage());
}

function useHashToken(): string {
  const [token, setToken] = useState(readToken);
  useEffect(() => {
    const on = () => setToken(readToken());
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return token;
}

function RegisterForm({ token, ctx }: { token: string; ctx: SiteContext }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const part = ctx.participation;
  const [expected, setExpected] = useState(part.expected_attendees != null ? String(part.expected_attendees) : "");
  const [name, setName] = useState(part.coordinator_name ?? "");
  const [phone, setPhone] = useState(part.coordinator_phone ?? "");
  const [localErr, setLocalErr] = useState<Record<string, string>>({});
  const [declining, setDeclining] = useState(false);
  const update = (view: SiteContext) => queryClient.setQueryData(queryKeys.siteContext(token), view);
  const register = useMutation({
    mutationFn: () =>
      publicApi.POST("/api/v1/site/register", {
        body: { expected_attendees: Number(expected), coordinator_name: name.trim(), coordinator_phone: phone.trim() },
        headers: siteAuth(token),
      }),
    onSuccess: update,
  });
  const decline = useMutation({
    mutationFn: () => publicApi.POST("/api/v1/site/decline", { headers: siteAuth(token) }),
    onSuccess: (view) => {
      setDeclining(false);
      update(view);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!expected || !(Number(expected) >= 0) || !Number.isInteger(Number(expected))) errs.expected_attendees = t("validation.nonNegative");
    if (!name.trim()) errs.coordinator_name = t("validation.required");
    if (!phone.trim()) errs.coordinator_phone = t("validation.required");
    setLocalErr(errs);
    if (!Object.keys(errs).length) register.mutate();
  };
  const server = register.error instanceof ApiError ? register.error.fieldErrors : {};
  const err = (k: string) => localErr[k] ?? server[k] ?? null;
  return (
    <section className="card" aria-labelledby="register-heading">
      <h2 id="register-heading">{part.status === "registered" ? t("siteCheckin.updateHeading") : t("siteCheckin.registerHeading")}</h2>
      <form onSubmit={onSubmit} noValidate data-testid="site-register-form" onChange={() => setLocalErr((e) => (Object.keys(e).length ? {} : e))}>
        <Field label={t("siteCheckin.expected_attendees")} error={err("expected_attendees")} required>
          {(p) => <input {...p} type="number" min={0} inputMode="numeric" value={expected} onChange={(e) => setExpected(e.target.value)} />}
        </Field>
        <Field label={t("siteCheckin.coordinator_name")} error={err("coordinator_name")} required>
          {(p) => <input {...p} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t("siteCheckin.coordinator_phone")} error={err("coordinator_phone")} required>
          {(p) => <input {...p} type="tel" autoComplete="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />}
        </Field>
        {register.error ? <ErrorMessage error={register.error} /> : null}
        <div className="form-actions">
          {part.status !== "declined" && (
          <button
            type="button"
            className="btn btn-danger-outline"
            onClick={() => {
              decline.reset();
              setDeclining(true);
            }}
            data-testid="site-decline"
          >
            {t("siteCheckin.decline")}
          </button>
          )}
          <button type="submit" className="btn btn-primary" disabled={register.isPending} data-testid="site-register">
            {register.isPending ? t("common.saving") : part.status === "registered" ? t("siteCheckin.update") : t("siteCheckin.register")}
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={declining}
        title={t("siteCheckin.decline")}
        message={t("siteCheckin.declineConfirm")}
        confirmLabel={t("siteCheckin.decline")}
        danger
        busy={decline.isPending}
        onConfirm={() => decline.mutate()}
        onCancel={() => setDeclining(false)}
        error={decline.error ? <ErrorMessage error={decline.error} /> : null}
      />
    </section>
  );
}

function SiteAgenda({ items, tz, current }: { items: AgendaItem[]; tz: string; current: LiveAgendaItem | null | undefined }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  const sorted = [...items].sort((a, b) => a.position - b.position || a.id - b.id);
  return (
    <section className="card" aria-labelledby="site-agenda-heading">
      <h2 id="site-agenda-heading">{t("agenda.heading")}</h2>
      <ol className="site-agenda" data-testid="site-agenda">
        {sorted.map((it) => {
          // The socket's `current` (when connected) is fresher than the page's copy of the agenda.
          const running = current !== undefined ? current?.id === it.id : it.state === "running";
          const done = !running && (it.state === "done" || !!it.ended_at);
          return (
            <li key={it.id} className={`site-agenda-item${running ? " is-live" : ""}${done ? " is-done" : ""}`} aria-current={running ? "true" : undefined}>
              <span className="site-agenda-time">{formatTime(it.planned_start, tz) || "—"}</span>
              <span className="site-agenda-main">
                {running && <span className="badge badge-live">{t("agenda.nowPresenting")}</span>}
                <span className="site-agenda-title">{it.title}</span>
                {(it.speaker_name || it.speaker_unit) && (
                  <span className="muted small">{[it.speaker_name, it.speaker_unit].filter(Boolean).join(" — ")}</span>
                )}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function LiveSummary({ live }: { live: LiveView }) {
  const { t } = useTranslation();
  const totals = live.state.totals;
  if (live.connection === "refused" || (!totals && live.connection === "idle")) return null;
  return (
    <section className="card site-live" aria-labelledby="site-live-heading" aria-live="polite">
      <h2 id="site-live-heading">
        {t("siteCheckin.liveHeading")}
        {live.connection !== "connected" && live.connection !== "idle" && (
          <span className="badge badge-invited site-live-badge">{t("live.reconnecting")}</span>
        )}
      </h2>
      {totals ? (
        <div className="site-live-figures">
          <div>
            <span className="site-live-value" data-testid="site-live-headcount">
              {formatNumber(totals.headcount)}
            </span>
            <span className="site-live-label">{t("live.peoplePresent")}</span>
          </div>
          <div>
            <span className="site-live-value" data-testid="site-live-sites">
              {formatNumber(totals.sites_connected)}
              <span className="site-live-of">/{formatNumber(totals.sites_invited)}</span>
            </span>
            <span className="site-live-label">{t("live.sitesConnected")}</span>
          </div>
        </div>
      ) : (
        <Loading />
      )}
    </section>
  );
}

function CheckinButton({ token, ctx }: { token: string; ctx: SiteContextLive }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const checkin = useMutation({
    mutationFn: () => publicApi.POST("/api/v1/site/checkin", { headers: siteAuth(token) }),
    onSuccess: (view) => queryClient.setQueryData(queryKeys.siteContext(token), view),
  });
  const notYet = ctx.seminar.checkin_open === false;
  return (
    <section className="card site-checkin" aria-labelledby="site-checkin-heading">
      <h2 id="site-checkin-heading">{t("siteCheckin.checkinHeading")}</h2>
      <p className="muted">{notYet ? t("siteCheckin.checkinNotYet", { date: formatDate(ctx.seminar.starts_at, ctx.seminar.timezone) }) : t("siteCheckin.checkinHelp")}</p>
      {checkin.error ? <ErrorMessage error={checkin.error} /> : null}
      <button type="button" className="btn btn-primary btn-huge" disabled={checkin.isPending} onClick={() => checkin.mutate()} data-testid="site-checkin">
        {checkin.isPending ? t("siteCheckin.checkingIn") : t("siteCheckin.checkin")}
      </button>
    </section>
  );
}

function HeadcountForm({ token, ctx, onInvalid }: { token: string; ctx: SiteContextLive; onInvalid: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tz = ctx.seminar.timezone;
  const outbox = useSiteQueue(token);
  // Refusals shown: those since the page opened or the last send.
  const [since, setSince] = useState(() => Date.now());
  const queue = useMemo(() => headcountView({ pending: outbox.pending, done: outbox.done }, since), [outbox.pending, outbox.done, since]);
  const answered = queue.confirmed;
  const answeredBefore = useRef(answered?.request_id);
  useEffect(() => {
    // A report answered while the page is open: the site's headcount is the server's.
    if (!answered || answered.request_id === answeredBefore.current) return;
    answeredBefore.current = answered.request_id;
    queryClient.setQueryData<SiteContextLive>(queryKeys.siteContext(token), (old) =>
      old ? { ...old, participation: { ...old.participation, headcount: answered.headcount, last_report_at: answered.received_at } } : old,
    );
  }, [answered, queryClient, token]);
  const part = ctx.participation;
  const initial = queue.pending.length ? queue.pending[queue.pending.length - 1].headcount : (queue.confirmed?.headcount ?? (part.headcount > 0 ? part.headcount : (part.expected_attendees ?? 0)));
  const [value, setValue] = useState(String(initial));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (outbox.unauthorized) onInvalid();
  }, [outbox.unauthorized, onInvalid]);

  const n = Number(value);
  const valid = value.trim() !== "" && Number.isInteger(n) && n >= 0 && n <= MAX_HEADCOUNT;
  const bump = (d: number) => {
    setError(null);
    const base = Number.isInteger(Number(value)) && value.trim() !== "" ? Number(value) : 0;
    setValue(String(Math.min(MAX_HEADCOUNT, Math.max(0, base + d))));
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) {
      setError(t("siteCheckin.headcountInvalid", { max: formatNumber(MAX_HEADCOUNT) }));
      return;
    }
    setError(null);
    setSince(Date.now());
    outbox.send(HEADCOUNT_PATH, headcountBody(n));
  };
  const ended = ctx.seminar.status === "ended";
  const confirmed = queue.confirmed;

  return (
    <section className="card site-headcount" aria-labelledby="site-headcount-heading">
      <h2 id="site-headcount-heading">{t("siteCheckin.headcountHeading")}</h2>
      <form onSubmit={onSubmit} noValidate data-testid="headcount-form">
        <Field label={t("siteCheckin.headcountLabel")} error={error} hint={t("siteCheckin.headcountHint")}>
          {(p) => (
            <div className="stepper">
              <button type="button" className="btn stepper-btn" onClick={() => bump(-1)} aria-label={t("siteCheckin.minusOne")} disabled={ended}>
                −
              </button>
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={0}
                max={MAX_HEADCOUNT}
                step={1}
                className="stepper-input"
                value={value}
                disabled={ended}
                onChange={(e) => {
                  setError(null);
                  setValue(e.target.value);
                }}
                data-testid="headcount-input"
              />
              <button type="button" className="btn stepper-btn" onClick={() => bump(1)} aria-label={t("siteCheckin.plusOne")} disabled={ended}>
                +
              </button>
            </div>
          )}
        </Field>
        <button type="submit" className="btn btn-primary btn-huge" disabled={ended} data-testid="headcount-send">
          {t("siteCheckin.send")}
        </button>
      </form>
      <div className="site-report-status" aria-live="polite">
        {queue.pending.length > 0 && (
          <p className="report-pending" data-testid="reports-pending">
            <span className="badge badge-invited">{t("siteCheckin.pending", { n: queue.pending.length })}</span>{" "}
            <span className="muted small">
              {queue.pending.map((r) => formatNumber(r.headcount)).join(", ")}
              {outbox.retrying ? ` · ${t("siteCheckin.willRetry")}` : outbox.sending ? ` · ${t("siteCheckin.sending")}` : ""}
            </span>
          </p>
        )}
        {confirmed && (
          <p className="report-confirmed" data-testid="report-confirmed">
            {t("siteCheckin.confirmed", { n: formatNumber(confirmed.headcount), time: formatTime(confirmed.received_at, tz) })}
            {confirmed.stale && <span className="muted small"> {t("siteCheckin.staleNote", { n: formatNumber(confirmed.reported) })}</span>}
          </p>
        )}
        {!confirmed && part.last_report_at && (
          <p className="report-confirmed" data-testid="report-confirmed">
            {t("siteCheckin.confirmed", { n: formatNumber(part.headcount), time: formatTime(part.last_report_at, tz) })}
          </p>
        )}
        {queue.rejected.map((r) => (
          <div key={r.report.request_id} className="alert alert-error" role="alert">
            {t("siteCheckin.rejected", { n: formatNumber(r.report.headcount), time: formatTime(r.report.reported_at, tz) })}{" "}
            {r.error.message}
          </div>
        ))}
      </div>
    </section>
  );
}

export function SiteCheckinPage() {
  const { t } = useTranslation();
  const token = useHashToken();
  const q = useQuery({
    queryKey: queryKeys.siteContext(token),
    queryFn: async (): Promise<SiteContextLive> => {
      try {
        const ctx = await publicApi.GET("/api/v1/site", { headers: siteAuth(token) });
        saveSiteContext(token, ctx);
        return ctx;
      } catch (e) {
        if (e instanceof ApiError && [401, 403, 404].includes(e.status)) forgetSiteContext(token);
        throw e;
      }
    },
    enabled: !!token,
    // Opened without a network (from the service worker): the last context this phone saw, refreshed at once.
    initialData: () => (token ? loadSiteContext(token) : undefined),
    initialDataUpdatedAt: 0,
    retry: (n, e) => !(e instanceof ApiError && [401, 403, 404].includes(e.status)) && n < 3,
  });
  const [invalid, setInvalid] = useState(false);
  const onInvalid = useCallback(() => setInvalid(true), []);
  const status = q.data?.participation.status;
  const seminarStatus = q.data?.seminar.status;
  // The site's socket: marks the site present and carries the seminar's live totals and current item.
  const wantsSocket = !!token && !invalid && (status === "registered" || status === "checked_in" || status === "disconnected") && seminarStatus !== "ended" && seminarStatus !== "cancelled";
  const live = useLiveView({ siteToken: wantsSocket ? token : null, enabled: wantsSocket, on: SITE_FORWARD });
  const liveStatus = live.state.seminar?.status;
  useEffect(() => {
    // The line is back (socket reconnected): send what the panels queued.
    if (token && live.connection === "connected") siteOutbox(token).flush();
  }, [token, live.connection]);
  const refetch = q.refetch;
  useEffect(() => {
    // The seminar went live or ended while the page was open: reload what the site may do.
    if (liveStatus && seminarStatus && liveStatus !== seminarStatus) void refetch();
  }, [liveStatus, seminarStatus, refetch]);

  let body: React.ReactNode;
  if (!token) {
    body = (
      <div className="alert alert-warning" role="alert" data-testid="site-no-token">
        {t("siteCheckin.noToken")}
      </div>
    );
  } else if (q.isPending) {
    body = <Loading />;
  } else if (invalid || (q.error && !q.data) || (q.error instanceof ApiError && [401, 403, 404].includes(q.error.status))) {
    const bad = invalid || (q.error instanceof ApiError && (q.error.status === 401 || q.error.status === 403 || q.error.status === 404));
    body = bad ? (
      <div className="alert alert-error" role="alert" data-testid="site-invalid-token">
        {t("siteCheckin.invalidToken")}
      </div>
    ) : (
      <ErrorMessage error={q.error} onRetry={() => q.refetch()} />
    );
  } else {
    const ctx = q.data!;
    const part = ctx.participation;
    const status = part.status;
    const tz = ctx.seminar.timezone;
    const checkedIn = status === "checked_in" || status === "disconnected";
    const open = ctx.seminar.registration_open !== false;
    const phase = ctx.seminar.status === "live" ? "during" : ctx.seminar.status === "ended" ? "after" : "before";
    body = (
      <>
        <section className="card site-hero" data-testid="site-context">
          <p className="eyebrow">{t("siteCheckin.seminar")}</p>
          <h1>{ctx.seminar.title}</h1>
          <p data-testid="site-seminar-time">
            {formatDateTime(ctx.seminar.starts_at, tz)}
            {ctx.seminar.ends_at ? ` – ${formatDate(ctx.seminar.ends_at, tz) === formatDate(ctx.seminar.starts_at, tz) ? formatTime(ctx.seminar.ends_at, tz) : formatDateTime(ctx.seminar.ends_at, tz)}` : ""}
            {ctx.seminar.venue ? ` · ${ctx.seminar.venue}` : ""}
          </p>
          <p>
            <StatusBadge status={ctx.seminar.status} />
          </p>
          <p className="eyebrow">{t("siteCheckin.site")}</p>
          <h2 data-testid="site-name">
            {ctx.site.name} <span className="muted">({ctx.site.code})</span>
          </h2>
          <p>
            {t("siteCheckin.status")}: <StatusBadge status={status} kind="site" />
          </p>
          {part.expected_attendees != null && (
            <p className="muted">{t("siteCheckin.expectedShown", { n: formatNumber(part.expected_attendees) })}</p>
          )}
        </section>
        {status === "declined" && <Notice kind="warning">{open ? t("siteCheckin.declined") : t("siteCheckin.declinedClosed")}</Notice>}
        {status === "registered" && <Notice kind="success">{t("siteCheckin.registered")}</Notice>}
        {checkedIn && (
          <Notice kind="success">
            {t("siteCheckin.checkedIn", { time: formatTime(part.checked_in_at, tz) || "—" })}
          </Notice>
        )}
        {ctx.seminar.status === "ended" && <Notice kind="info">{t("siteCheckin.ended")}</Notice>}
        {!open && status === "invited" && <Notice kind="warning">{t("siteCheckin.closed")}</Notice>}
        {(q.fetchStatus === "paused" || q.failureCount > 0) && (
          <Notice kind="warning">
            <span data-testid="site-offline">{t("siteQueue.offline")}</span>
          </Notice>
        )}
        {/* SiteActions: the action of the moment, at the top (issue 12). Before the start: registration, the
            check-in and the technical check; during: headcount, "Xin phát biểu", incidents; after: tasks. */}
        <div className="site-actions" data-testid="site-actions" data-phase={phase}>
          {/* After the event the tasks are the action of the moment: first, and no headcount form. */}
          {phase === "after" && status !== "declined" && <SiteTasks token={token} tz={tz} />}
          {open && (status === "invited" || status === "declined") && <RegisterForm token={token} ctx={ctx} />}
          {status !== "declined" && <SiteTechCheck token={token} ctx={ctx} />}
          {status === "registered" && ctx.seminar.status !== "ended" && <CheckinButton token={token} ctx={ctx} />}
          {checkedIn && phase !== "after" && <HeadcountForm token={token} ctx={ctx} onInvalid={onInvalid} />}
          {checkedIn && phase === "during" && <SitePolls token={token} headcount={part.headcount} />}
          {(status === "registered" || checkedIn) && (
            <SiteSpeaking token={token} seminarStatus={ctx.seminar.status} connected={live.connection === "connected"} />
          )}
          {wantsSocket && <SiteIncidents token={token} ctx={ctx} />}
        </div>
        {wantsSocket && <LiveSummary live={live} />}
        <SiteAgenda items={ctx.agenda ?? []} tz={tz} current={live.synced ? live.state.current : undefined} />
        {open && status === "registered" && <RegisterForm token={token} ctx={ctx} />}
      </>
    );
  }
  return <PublicLayout>{body}</PublicLayout>;
}
