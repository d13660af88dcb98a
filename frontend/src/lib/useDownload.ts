import { useCallback, useState } from "react";
import { downloadFile, fetchBlob, saveBlob } from "../api/client";

/** Authenticated downloads (fetch → blob → save), with the pending key and the last error. */
export function useDownload() {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const download = useCallback(async (path: string, fallbackName: string) => {
    setPending(path);
    setError(null);
    try {
      await downloadFile(path, fallbackName);
    } catch (e) {
      setError(e);
    } finally {
      setPending(null);
    }
  }, []);

  /** Open in a new tab (e.g. a PDF to read); the tab is opened at once so popup blockers allow it. */
  const open = useCallback(async (path: string, fallbackName: string) => {
    const win = window.open("", "_blank");
    setPending(path);
    setError(null);
    try {
      const { blob, filename } = await fetchBlob(path);
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
