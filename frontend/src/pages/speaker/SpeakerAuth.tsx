import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { useMutation } from "@tanstack/react-query";
import { ApiError, publicApi } from "../../api/http";
import { useAuth } from "../../auth/AuthContext";
import { requestToken } from "../../auth/session";
import { ErrorMessage } from "../../components/Feedback";
import { Field } from "../../components/Field";

type Mode = "signin" | "signup";

/** Speaker sign-in and self sign-up; after either the speaker stays in the portal (same token flow as the console). */
export function SpeakerAuth({ initialMode = "signin", afterSignIn }: { initialMode?: Mode; afterSignIn?: string }) {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [mode, setMode] = useState<Mode>(initialMode);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fullName, setFullName] = useState("");
  const [unit, setUnit] = useState("");
  const [position, setPosition] = useState("");
  const [localErr, setLocalErr] = useState<Record<string, string>>({});

  const done = (token: string) => {
    signIn(token);
    if (afterSignIn) navigate(afterSignIn, { replace: true });
  };

  const signin = useMutation({
    mutationFn: () => requestToken(email.trim(), password),
    onSuccess: (res) => done(res.access_token),
  });
  const signup = useMutation({
    mutationFn: async () => {
      await publicApi.POST("/api/v1/auth/register", {
        body: {
          email: email.trim(),
          full_name: fullName.trim(),
          unit: unit.trim() || null,
          position: position.trim() || null,
          password,
        },
      });
      return requestToken(email.trim(), password);
    },
    onSuccess: (res) => done(res.access_token),
  });

  const switchTo = (m: Mode) => {
    signin.reset();
    signup.reset();
    setLocalErr({});
    setMode(m);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!email.trim()) errs.email = t("validation.required");
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) errs.email = t("validation.email");
    if (!password) errs.password = t("validation.required");
    if (mode === "signup") {
      if (!fullName.trim()) errs.full_name = t("validation.required");
      if (password && password.length < 8) errs.password = t("validation.passwordLength");
    }
    setLocalErr(errs);
    if (Object.keys(errs).length) return;
    if (mode === "signin") signin.mutate();
    else signup.mutate();
  };

  const active = mode === "signin" ? signin : signup;
  const server = active.error instanceof ApiError ? active.error.fieldErrors : {};
  const err = (k: string) => localErr[k] ?? server[k] ?? null;

  return (
    <section className="card speaker-auth" data-testid={mode === "signin" ? "speaker-signin" : "speaker-signup"}>
      <h1>{mode === "signin" ? t("speaker.signInTitle") : t("speaker.signUpTitle")}</h1>
      <p className="muted">{t("speaker.intro")}</p>
      <form onSubmit={onSubmit} noValidate>
        {mode === "signup" && (
          <Field label={t("user.full_name")} error={err("full_name")} required>
            {(p) => <input {...p} name="full_name" autoComplete="name" value={fullName} onChange={(e) => setFullName(e.target.value)} autoFocus />}
          </Field>
        )}
        <Field label={t("auth.email")} error={err("email")} required>
          {(p) => (
            <input
              {...p}
              type="email"
              name="email"
              autoComplete={mode === "signin" ? "username" : "email"}
              inputMode="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoFocus={mode === "signin"}
            />
          )}
        </Field>
        {mode === "signup" && (
          <>
            <Field label={t("user.unit")} error={err("unit")} hint={t("speaker.unitHint")}>
              {(p) => <input {...p} name="unit" autoComplete="organization" value={unit} onChange={(e) => setUnit(e.target.value)} />}
            </Field>
            <Field label={t("user.position")} error={err("position")}>
              {(p) => <input {...p} name="position" autoComplete="organization-title" value={position} onChange={(e) => setPosition(e.target.value)} />}
            </Field>
          </>
        )}
        <Field label={t("auth.password")} error={err("password")} hint={mode === "signup" ? t("validation.passwordLength") : undefined} required>
          {(p) => (
            <input
              {...p}
              type="password"
              name="password"
              autoComplete={mode === "signin" ? "current-password" : "new-password"}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        {active.error ? <ErrorMessage error={active.error} /> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary btn-block" disabled={active.isPending} data-testid={mode === "signin" ? "speaker-signin-submit" : "speaker-signup-submit"}>
            {mode === "signin"
              ? signin.isPending
                ? t("auth.signingIn")
                : t("auth.signIn")
              : signup.isPending
                ? t("speaker.signingUp")
                : t("speaker.signUp")}
          </button>
        </div>
      </form>
      <p className="speaker-auth-switch">
        {mode === "signin" ? (
          <>
            <span className="muted">{t("speaker.noAccount")}</span>{" "}
            <button type="button" className="btn" onClick={() => switchTo("signup")} data-testid="speaker-show-signup">
              {t("speaker.signUp")}
            </button>
          </>
        ) : (
          <>
            <span className="muted">{t("speaker.haveAccount")}</span>{" "}
            <button type="button" className="btn" onClick={() => switchTo("signin")}>
              {t("speaker.backToSignIn")}
            </button>
          </>
        )}
      </p>
    </section>
  );
}
