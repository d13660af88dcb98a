import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/client";
import { getSiteContext, siteDecline, siteRegister } from "../api/endpoints";
import type { SiteContext } from "../api/types";
import { ConfirmDialog } from "../components/Dialog";
import { ErrorMessage, Loading, Notice } from "../components/Feedback";
import { Field } from "../components/Field";
import { PublicLayout } from "../components/Layout";
import { StatusBadge } from "../components/StatusBadge";
import { formatDateTime, formatNumber } from "../lib/format";

function readToken(): string {
  return decodeURIComponent(window.location.hash.replace(/^#/, "")).trim();
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
  const update = (view: SiteContext) => queryClient.setQueryData(["site-context", token], view);
  const register = useMutation({
    mutationFn: () => siteRegister(token, { expected_attendees: Number(expected), coordinator_name: name.trim(), coordinator_phone: phone.trim() }),
    onSuccess: update,
  });
  const decline = useMutation({
    mutationFn: () => siteDecline(token),
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

export function SiteCheckinPage() {
  const { t } = useTranslation();
  const token = useHashToken();
  const q = useQuery({ queryKey: ["site-context", token], queryFn: () => getSiteContext(token), enabled: !!token });

  let body: React.ReactNode;
  if (!token) {
    body = (
      <div className="alert alert-warning" role="alert" data-testid="site-no-token">
        {t("siteCheckin.noToken")}
      </div>
    );
  } else if (q.isPending) {
    body = <Loading />;
  } else if (q.error) {
    const invalid = q.error instanceof ApiError && (q.error.status === 401 || q.error.status === 403 || q.error.status === 404);
    body = invalid ? (
      <div className="alert alert-error" role="alert">
        {t("siteCheckin.invalidToken")}
      </div>
    ) : (
      <ErrorMessage error={q.error} onRetry={() => q.refetch()} />
    );
  } else {
    const ctx = q.data;
    const part = ctx.participation;
    const status = part.status;
    const open = ctx.seminar.registration_open !== false;
    body = (
      <>
        <section className="card site-hero" data-testid="site-context">
          <p className="eyebrow">{t("siteCheckin.seminar")}</p>
          <h1>{ctx.seminar.title}</h1>
          <p>
            {formatDateTime(ctx.seminar.starts_at, ctx.seminar.timezone)}
            {ctx.seminar.venue ? ` · ${ctx.seminar.venue}` : ""}
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
        {status !== "invited" && status !== "declined" && <Notice kind="success">{t("siteCheckin.registered")}</Notice>}
        {!open && status === "invited" && <Notice kind="warning">{t("siteCheckin.closed")}</Notice>}
        {open && (status === "invited" || status === "declined" || status === "registered") && <RegisterForm token={token} ctx={ctx} />}
        <p className="muted small">{t("siteCheckin.comingSoon")}</p>
      </>
    );
  }
  return <PublicLayout>{body}</PublicLayout>;
}
