import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t("common.loading")}</span>
    </div>
  );
}

/** Readable message for any error thrown by the API client or the browser. */
export function useErrorMessage() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.status === 0) return t("errors.network");
      if (error.message && !/^HTTP \d+$/.test(error.message)) return error.message;
      const key = `errors.http_${error.status}`;
      return t(key, { defaultValue: t("errors.generic", { status: error.status }) });
    }
    if (error instanceof Error && error.message) return error.message;
    return t("errors.unknown");
  };
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  if (!error) return null;
  // The server answers in the UI's language (Accept-Language): its detail is shown as is.
  const lineErrors = error instanceof ApiError ? error.lineErrors : [];
  const code = error instanceof ApiError ? error.code ?? undefined : undefined;
  return (
    <div className="alert alert-error" role="alert" data-testid="error-message" data-code={code}>
      <p>{message(error)}</p>
      {lineErrors.length > 0 && (
        <ul className="line-errors" data-testid="line-errors">
          {lineErrors.map((le, i) => (
            <li key={i} data-code={le.code}>
              {le.line !== null ? t("errors.line", { line: le.line }) + ": " : ""}
              {le.error}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

export function Notice({ children, kind = "info" }: { children: React.ReactNode; kind?: "info" | "success" | "warning" }) {
  return (
    <div className={`alert alert-${kind}`} role="status">
      {children}
    </div>
  );
}

export function EmptyState({ children }: { children: React.ReactNode }) {
  return <p className="empty">{children}</p>;
}
