import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "../api/http";
import { queryKeys } from "../api/queryKeys";
import { ROLES, type Role, type User, type UserUpdate } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { DataTable, type Column } from "../components/DataTable";
import { Dialog } from "../components/Dialog";
import { ErrorMessage } from "../components/Feedback";
import { Field } from "../components/Field";
import { formatDate } from "../lib/format";

const LIMIT = 50;

function UserForm({ user, onDone }: { user: User | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState(user?.email ?? "");
  const [fullName, setFullName] = useState(user?.full_name ?? "");
  const [role, setRole] = useState<Role>(user?.role ?? "organizer");
  const [unit, setUnit] = useState(user?.unit ?? "");
  const [position, setPosition] = useState(user?.position ?? "");
  const [isActive, setIsActive] = useState(user?.is_active ?? true);
  const [password, setPassword] = useState("");
  const [localErr, setLocalErr] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: () => {
      const base = {
        full_name: fullName.trim(),
        role,
        unit: unit.trim() || null,
        position: position.trim() || null,
      };
      if (user) {
        const patch: UserUpdate = { ...base, is_active: isActive };
        if (password) patch.password = password;
        return api.PATCH("/api/v1/users/{user_id}", { params: { path: { user_id: user.id } }, body: patch });
      }
      return api.POST("/api/v1/users", { body: { ...base, email: email.trim(), password } });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users.all() });
      onDone();
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) errs.email = t("validation.email");
    if (!fullName.trim()) errs.full_name = t("validation.required");
    if (!user && password.length < 8) errs.password = t("validation.passwordLength");
    if (user && password && password.length < 8) errs.password = t("validation.passwordLength");
    setLocalErr(errs);
    if (!Object.keys(errs).length) mutation.mutate();
  };
  const server = mutation.error instanceof ApiError ? mutation.error.fieldErrors : {};
  const err = (k: string) => localErr[k] ?? server[k] ?? null;
  return (
    <form onSubmit={onSubmit} noValidate data-testid="user-form" onChange={() => setLocalErr((e) => (Object.keys(e).length ? {} : e))}>
      <Field label={t("user.email")} error={err("email")} required>
        {(p) => (
          <input {...p} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} readOnly={!!user} autoFocus={!user} />
        )}
      </Field>
      <Field label={t("user.full_name")} error={err("full_name")} required>
        {(p) => <input {...p} value={fullName} onChange={(e) => setFullName(e.target.value)} autoFocus={!!user} />}
      </Field>
      <div className="form-row">
        <Field label={t("user.role")} error={err("role")} required>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("user.position")} error={err("position")}>
          {(p) => <input {...p} value={position} onChange={(e) => setPosition(e.target.value)} />}
        </Field>
      </div>
      <Field label={t("user.unit")} error={err("unit")}>
        {(p) => <input {...p} value={unit} onChange={(e) => setUnit(e.target.value)} />}
      </Field>
      <Field label={user ? t("user.newPassword") : t("user.password")} error={err("password")} hint={user ? t("user.passwordKeep") : t("validation.passwordLength")} required={!user}>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      {user && (
        <label className="checkbox">
          <input type="checkbox" checked={isActive} onChange={(e) => setIsActive(e.target.checked)} />
          <span>{t("user.is_active")}</span>
        </label>
      )}
      {mutation.error ? <ErrorMessage error={mutation.error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending} data-testid="user-save">
          {mutation.isPending ? t("common.saving") : t("common.save")}
        </button>
      </div>
    </form>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const { user: me } = useAuth();
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<User | "new" | null>(null);
  const isAdmin = me?.role === "admin";
  const paging = { limit: LIMIT, offset };
  const q = useQuery({
    queryKey: queryKeys.users.page(paging),
    queryFn: () => api.GET("/api/v1/users", { params: { query: paging } }),
    enabled: isAdmin,
    placeholderData: keepPreviousData,
  });
  const columns: Column<User>[] = [
    { key: "full_name", header: t("user.full_name"), accessor: (u) => u.full_name },
    { key: "email", header: t("user.email"), accessor: (u) => u.email },
    { key: "role", header: t("user.role"), render: (u) => t(`role.${u.role}`, { defaultValue: u.role }) },
    {
      key: "unit",
      header: t("user.unit"),
      render: (u) => (
        <>
          {u.unit || "—"}
          {u.position ? <div className="muted small">{u.position}</div> : null}
        </>
      ),
    },
    {
      key: "is_active",
      header: t("user.is_active"),
      render: (u) => <span className={`badge ${u.is_active ? "badge-active" : "badge-inactive"}`}>{u.is_active ? t("users.active") : t("users.inactive")}</span>,
    },
    { key: "created_at", header: t("user.created_at"), render: (u) => formatDate(u.created_at) },
  ];

  if (!isAdmin) {
    return (
      <div className="alert alert-warning" role="alert">
        {t("users.adminOnly")}
      </div>
    );
  }
  return (
    <section>
      <div className="page-head">
        <h1>{t("users.title")}</h1>
        <button type="button" className="btn btn-primary" onClick={() => setEditing("new")} data-testid="user-new">
          {t("users.new")}
        </button>
      </div>
      <DataTable
        testId="users-table"
        columns={columns}
        rows={q.data?.items}
        rowKey={(u) => u.id}
        loading={q.isFetching}
        error={q.error}
        onRetry={() => void q.refetch()}
        empty={t("users.empty")}
        paging={q.data ? { total: q.data.total, limit: LIMIT, offset, onChange: setOffset } : undefined}
        actions={(u) => (
          <button type="button" className="btn btn-small" aria-label={t("users.editFor", { name: u.full_name || u.email })} onClick={() => setEditing(u)}>
            {t("common.edit")}
          </button>
        )}
      />
      <Dialog open={editing !== null} title={editing === "new" ? t("users.newTitle") : t("users.editTitle")} onClose={() => setEditing(null)}>
        {editing !== null && <UserForm user={editing === "new" ? null : editing} onDone={() => setEditing(null)} />}
      </Dialog>
    </section>
  );
}
