import { useCallback, useState } from "react";
import { saveBlob } from "../api/client";
import type { FileRef } from "../api/http";

/**
 * Authenticated downloads (fetch → blob → save) of typed file references (`fileRef(path, params)`
 * from api/http), with the pending one (its `url`) and the last error.
 */
export function useDownload() {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const download = useCallback(async (file: FileRef, fallbackName: string) => {
    setPending(file.url);
    setError(null);
    try {
      const { blob, filename } = await file.fetch();
      saveBlob(blob, filename || fallbackName);
    } catch (e) {
      setError(e);
    } finally {
      setPending(null);
    }
  }, []);

  /** Open in a new tab (e.g. a PDF to read); the tab is opened at once so popup blockers allow it. */
  const open = useCallback(async (file: FileRef, fallbackName: string) => {
    const win = window.open("", "_blank");
    setPending(file.url);
    setError(null);
    try {
      const { blob, filename } = await file.fetch();
      if (win) {
        const url = URL.createObjectURL(blob);
        win.location.href = url;
        setTimeout(() => URL.revokeObjectURL(url), 5 * 60_000);
      } else {
        saveBlob(blob, filename || fallbackName);
      }
    } catch (e) {
      win?.close();
      setError(e);
    } finally {
      setPending(null);
    }
  }, []);

  return { download, open, pending, error, clearError: () => setError(null) };
}
