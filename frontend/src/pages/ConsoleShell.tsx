import { RequireAuth } from "../auth/RequireAuth";
import { ConsoleLayout } from "../components/Layout";

/** The signed-in console's frame (its own chunk: the site page never loads it). */
export function ConsoleShell() {
  return (
    <RequireAuth>
      <ConsoleLayout />
    </RequireAuth>
  );
}
