import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/client";
import { createUser, listUsers, updateUser } from "../api/endpoints";
import { ROLES, type Role, type User, type UserUpdate } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { Dialog } from "../components/Dialog";
import { EmptyState, ErrorMessage, Loading } from "../components/Feedback";
import { Field } from "../components/Field";
import { Pager } from "../components/Pager";
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
        return updateUser(user.id, patch);
      }
      return createUser({ ...base, email: email.trim(), password });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["users"] });
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
  const q = useQuery({ queryKey: ["users", { offset }], queryFn: () => listUsers(LIMIT, offset), enabled: isAdmin, placeholderData: keepPreviousData });

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
      {q.isPending && <Loading />}
      {q.error && <ErrorMessage error={q.error} onRetry={() => q.refetch()} />}
      {q.data && q.data.items.length === 0 && <EmptyState>{t("users.empty")}</EmptyState>}
      {q.data && q.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t("user.full_name")}</th>
                <th scope="col">{t("user.email")}</th>
                <th scope="col">{t("user.role")}</th>
                <th scope="col">{t("user.unit")}</th>
                <th scope="col">{t("user.is_active")}</th>
                <th scope="col">{t("user.created_at")}</th>
                <th scope="col">
                  <span className="sr-only">{t("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((u) => (
                <tr key={u.id}>
                  <td data-label={t("user.full_name")}>{u.full_name}</td>
                  <td data-label={t("user.email")}>{u.email}</td>
                  <td data-label={t("user.role")}>{t(`role.${u.role}`, { defaultValue: u.role })}</td>
                  <td data-label={t("user.unit")}>
                    {u.unit || "—"}
                    {u.position ? <div className="muted small">{u.position}</div> : null}
                  </td>
                  <td data-label={t("user.is_active")}>
                    <span className={`badge ${u.is_active ? "badge-active" : "badge-inactive"}`}>{u.is_active ? t("users.active") : t("users.inactive")}</span>
                  </td>
                  <td data-label={t("user.created_at")}>{formatDate(u.created_at)}</td>
                  <td>
                    <button type="button" className="btn btn-small" aria-label={t("users.editFor", { name: u.full_name || u.email })} onClick={() => setEditing(u)}>
                      {t("common.edit")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {q.data && <Pager total={q.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />}
      <Dialog open={editing !== null} title={editing === "new" ? t("users.newTitle") : t("users.editTitle")} onClose={() => setEditing(null)}>
        {editing !== null && <UserForm user={editing === "new" ? null : editing} onDone={() => setEditing(null)} />}
      </Dialog>
    </section>
  );
}
