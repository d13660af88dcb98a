import { Navigate, useLocation } from "react-router";
import type { ReactNode } from "react";
import { useAuth } from "./AuthContext";
import { ErrorMessage, Loading } from "../components/Feedback";

export function RequireAuth({ children }: { children: ReactNode }) {
  const { token, user, loading, error } = useAuth();
  const location = useLocation();
  if (!token) {
    const next = location.pathname + location.search;
    return <Navigate to={next && next !== "/" ? `/login?next=${encodeURIComponent(next)}` : "/login"} replace />;
  }
  if (loading) return <Loading />;
  if (!user) return <ErrorMessage error={error} onRetry={() => window.location.reload()} />;
  return <>{children}</>;
}
