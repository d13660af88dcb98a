import { useState, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { useMutation } from "@tanstack/react-query";
import { setToken } from "../api/client";
import { useAuth } from "../auth/AuthContext";
import { fetchMe, requestToken } from "../auth/session";
import { ErrorMessage } from "../components/Feedback";
import { Field } from "../components/Field";
import { PublicLayout } from "../components/Layout";

function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function LoginPage() {
  const { t } = useTranslation();
  const { token, signIn } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const next = safeNext(params.get("next"));

  const mutation = useMutation({
    mutationFn: async () => {
      const res = await requestToken(email.trim(), password);
      // Speakers have no console: send them to their portal unless a page was asked for.
      setToken(res.access_token);
      const me = await fetchMe().catch(() => null);
      return { token: res.access_token, role: me?.role };
    },
    onSuccess: ({ token, role }) => {
      signIn(token);
      navigate(role === "speaker" && next === "/" ? "/speaker" : next, { replace: true });
    },
  });

  if (token && !mutation.isPending && !mutation.isSuccess) return <Navigate to={next} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };

  return (
    <PublicLayout>
      <section className="card login-card">
        <h1>{t("auth.title")}</h1>
        <p className="muted">{t("auth.subtitle")}</p>
        <form onSubmit={onSubmit} noValidate={false} data-testid="login-form">
          <Field label={t("auth.email")} required>
            {(p) => (
              <input
                {...p}
                type="email"
                name="username"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                autoFocus
              />
            )}
          </Field>
          <Field label={t("auth.password")} required>
            {(p) => (
              <input
                {...p}
                type="password"
                name="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          {mutation.error ? <ErrorMessage error={mutation.error} /> : null}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
              {mutation.isPending ? t("auth.signingIn") : t("auth.signIn")}
            </button>
          </div>
        </form>
      </section>
    </PublicLayout>
  );
}
