import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { getToken, setToken } from "../api/client";
import { api, ApiError, UNAUTHORIZED_EVENT } from "../api/http";
import { queryKeys } from "../api/queryKeys";
import { fetchMe } from "./session";
import type { User } from "../api/types";

interface AuthState {
  token: string | null;
  user: User | undefined;
  loading: boolean;
  error: unknown;
  signIn: (token: string) => void;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setTokenState] = useState<string | null>(() => getToken());
  const queryClient = useQueryClient();

  const me = useQuery({
    queryKey: queryKeys.me(token),
    queryFn: fetchMe,
    enabled: !!token,
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
    staleTime: 5 * 60_000,
  });

  const clear = useCallback(() => {
    setToken(null);
    setTokenState(null);
    queryClient.clear();
  }, [queryClient]);

  useEffect(() => {
    const onUnauthorized = () => clear();
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, [clear]);

  const signIn = useCallback(
    (newToken: string) => {
      setToken(newToken);
      queryClient.clear();
      setTokenState(newToken);
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.POST("/api/v1/auth/logout");
    } catch {
      /* token already invalid: logging out locally is enough */
    }
    clear();
  }, [clear]);

  const value = useMemo<AuthState>(
    () => ({ token, user: me.data, loading: !!token && me.isPending, error: me.error, signIn, signOut }),
    [token, me.data, me.isPending, me.error, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}
