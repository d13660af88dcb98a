import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { Seminar, SeminarMember } from "../../api/types";
import { useAuth } from "../../auth/AuthContext";
import { DataTable, type Column } from "../../components/DataTable";
import { ConfirmDialog, Dialog } from "../../components/Dialog";
import { ErrorMessage, Notice } from "../../components/Feedback";
import { Field } from "../../components/Field";
import { SitePicker } from "../../components/SitePicker";
import { formatDateTime } from "../../lib/format";
import { useDebounced } from "../../lib/hooks";
import { canManageMembers, isLastUnlimited } from "../../lib/members";

function AddMemberForm({ seminar, onDone }: { seminar: Seminar; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [q, setQ] = useState("");
  const dq = useDebounced(q.trim(), 250);
  const [userId, setUserId] = useState<number | null>(null);
  const [siteId, setSiteId] = useState<number | null>(null);
  const [localErr, setLocalErr] = useState<string | null>(null);
  const candidates = useQuery({
    queryKey: queryKeys.seminar.memberCandidates(seminar.id, dq),
    queryFn: () =>
      api.GET("/api/v1/seminars/{seminar_id}/members/candidates", { params: { path: { seminar_id: seminar.id }, query: { q: dq, limit: 20 } } }),
  });
  const mutation = useMutation({
    mutationFn: () =>
      api.POST("/api/v1/seminars/{seminar_id}/members", {
        params: { path: { seminar_id: seminar.id } },
        body: { user_id: userId!, subtree_site_id: siteId },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.members(seminar.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.memberCandidates(seminar.id) });
      onDone();
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (userId === null) {
      setLocalErr(t("members.pickUser"));
      return;
    }
    setLocalErr(null);
    mutation.mutate();
  };
  const items = candidates.data?.items ?? [];
  return (
    <form onSubmit={onSubmit} noValidate data-testid="member-form">
      <Field label={t("members.user")} error={localErr} required hint={t("members.userHint")}>
        {(p) => (
          <div className="site-picker">
            <input
              type="search"
              aria-label={t("members.searchUser")}
              placeholder={t("members.searchPlaceholder")}
              value={q}
              onChange={(e) => setQ(e.target.value)}
              data-testid="member-search"
            />
            <select
              {...p}
              value={userId ?? ""}
              onChange={(e) => setUserId(e.target.value ? Number(e.target.value) : null)}
              data-testid="member-user"
            >
              <option value="">{t("members.chooseUser")}</option>
              {items.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.full_name} — {u.email}
                  {u.unit ? ` (${u.unit})` : ""}
                </option>
              ))}
            </select>
            {candidates.isFetching && (
              <span className="muted small" role="status">
                {t("common.loading")}
              </span>
            )}
            {candidates.data && items.length === 0 && <span className="muted small">{t("members.noCandidates")}</span>}
          </div>
        )}
      </Field>
      <Field label={t("members.limitTo")} hint={t("members.limitHint")}>
        {(p) => <SitePicker id={p.id} label={t("members.limitTo")} value={siteId} onChange={setSiteId} describedBy={p["aria-describedby"]} />}
      </Field>
      {mutation.error ? <ErrorMessage error={mutation.error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending} data-testid="member-save">
          {mutation.isPending ? t("common.saving") : t("members.add")}
        </button>
      </div>
    </form>
  );
}

function LimitForm({ seminar, member, onDone }: { seminar: Seminar; member: SeminarMember; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [siteId, setSiteId] = useState<number | null>(member.subtree_site?.id ?? null);
  const mutation = useMutation({
    mutationFn: () =>
      api.PATCH("/api/v1/seminars/{seminar_id}/members/{user_id}", {
        params: { path: { seminar_id: seminar.id, user_id: member.user_id } },
        body: { subtree_site_id: siteId },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.members(seminar.id) });
      onDone();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate();
      }}
      noValidate
      data-testid="member-limit-form"
    >
      <Field label={t("members.limitTo")} hint={t("members.limitHint")}>
        {(p) => <SitePicker id={p.id} label={t("members.limitTo")} value={siteId} onChange={setSiteId} describedBy={p["aria-describedby"]} />}
      </Field>
      {mutation.error ? <ErrorMessage error={mutation.error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending} data-testid="member-limit-save">
          {mutation.isPending ? t("common.saving") : t("common.save")}
        </button>
      </div>
    </form>
  );
}

/** Who may act on the seminar, and on which sites; admins and unlimited members manage the list. */
export function MembersTab({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: queryKeys.seminar.members(seminar.id),
    queryFn: () => api.GET("/api/v1/seminars/{seminar_id}/members", { params: { path: { seminar_id: seminar.id } } }),
  });
  const [adding, setAdding] = useState(false);
  const [limiting, setLimiting] = useState<SeminarMember | null>(null);
  const [removing, setRemoving] = useState<SeminarMember | null>(null);
  const remove = useMutation({
    mutationFn: (m: SeminarMember) =>
      api.DELETE("/api/v1/seminars/{seminar_id}/members/{user_id}", { params: { path: { seminar_id: seminar.id, user_id: m.user_id } } }),
    onSuccess: () => {
      setRemoving(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.seminar.members(seminar.id) });
    },
  });
  const members = q.data?.items ?? [];
  const manage = canManageMembers(user, members);
  const scopeText = (m: SeminarMember) =>
    m.subtree_site ? t("members.limitedTo", { name: m.subtree_site.name, code: m.subtree_site.code }) : t("members.whole");
  const columns: Column<SeminarMember>[] = [
    {
      key: "name",
      header: t("members.name"),
      accessor: (m) => m.full_name,
      sortable: true,
      render: (m) => (
        <>
          {m.full_name}
          {m.user_id === user?.id && <span className="muted small"> ({t("members.you")})</span>}
          {m.unit && <div className="muted small">{m.unit}</div>}
        </>
      ),
    },
    { key: "email", header: t("members.email"), accessor: (m) => m.email, sortable: true },
    { key: "scope", header: t("members.scope"), accessor: scopeText, sortable: true, render: (m) => <span data-testid="member-scope">{scopeText(m)}</span> },
    { key: "added_at", header: t("members.addedAt"), accessor: (m) => m.added_at, sortable: true, render: (m) => formatDateTime(m.added_at, seminar.timezone) },
  ];

  return (
    <div>
      <div className="section-head">
        <h2>{t("members.heading")}</h2>
        {manage && (
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} data-testid="member-add">
            {t("members.add")}
          </button>
        )}
      </div>
      <p className="muted">{t("members.intro")}</p>
      {q.data && !manage && <Notice>{t("members.readOnly")}</Notice>}
      <DataTable
        testId="members-table"
        columns={columns}
        rows={q.data?.items}
        rowKey={(m) => m.user_id}
        loading={q.isFetching}
        error={q.error}
        onRetry={() => void q.refetch()}
        empty={t("members.empty")}
        rowProps={() => ({ "data-testid": "member-row" })}
        actions={
          manage
            ? (m) => {
                const last = isLastUnlimited(m, members);
                return (
                  <>
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-label={t("members.limitMember", { name: m.full_name })}
                      disabled={last}
                      title={last ? t("members.lastHint") : undefined}
                      onClick={() => setLimiting(m)}
                    >
                      {t("members.limit")}
                    </button>{" "}
                    <button
                      type="button"
                      className="btn btn-small btn-danger-outline"
                      aria-label={t("members.removeMember", { name: m.full_name })}
                      disabled={last}
                      title={last ? t("members.lastHint") : undefined}
                      onClick={() => {
                        remove.reset();
                        setRemoving(m);
                      }}
                    >
                      {t("members.remove")}
                    </button>
                  </>
                );
              }
            : undefined
        }
      />
      <Dialog open={adding} title={t("members.addTitle")} onClose={() => setAdding(false)}>
        {adding && <AddMemberForm seminar={seminar} onDone={() => setAdding(false)} />}
      </Dialog>
      <Dialog open={limiting !== null} title={t("members.limitTitle", { name: limiting?.full_name ?? "" })} onClose={() => setLimiting(null)}>
        {limiting && <LimitForm seminar={seminar} member={limiting} onDone={() => setLimiting(null)} />}
      </Dialog>
      <ConfirmDialog
        open={removing !== null}
        title={t("members.removeTitle")}
        message={removing ? t("members.removeConfirm", { name: removing.full_name }) : ""}
        confirmLabel={t("members.remove")}
        danger
        busy={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing)}
        onCancel={() => setRemoving(null)}
        error={remove.error ? <ErrorMessage error={remove.error} /> : null}
      />
    </div>
  );
}
