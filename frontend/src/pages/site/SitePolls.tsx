/**
 * The site page's polls while the seminar is live (issue 13). This part is small and always there: it asks
 * GET /site/polls and listens to the site socket's `poll` messages (forwarded to `siteEvents`) so a poll
 * opened or closed shows at once; the forms and the QR code (SitePollForms.tsx, a chunk of its own,
 * precached for offline use) load only when a poll is open, so the page's first load stays small.
 */
import { lazy, Suspense } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { publicApi, siteAuth } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import { siteEvents, useBusEvent } from "../../lib/eventBus";

const SitePollForms = lazy(() => import("./SitePollForms").then((m) => ({ default: m.SitePollForms })));

export function SitePolls({ token, headcount }: { token: string; headcount?: number | null }) {
  const queryClient = useQueryClient();
  const key = queryKeys.sitePolls(token);
  const list = useQuery({
    queryKey: key,
    queryFn: () => publicApi.GET("/api/v1/site/polls", { headers: siteAuth(token) }),
  });
  useBusEvent(siteEvents, "poll", (message) => {
    const poll = (message as { poll?: { poll_id?: unknown; status?: unknown } } | null)?.poll;
    if (!poll || typeof poll.poll_id !== "number") return;
    const known = list.data?.items.find((p) => p.id === poll.poll_id);
    // Opened, closed or published: what the site may answer changes.
    if (!known || known.status !== poll.status) void queryClient.invalidateQueries({ queryKey: key });
  });
  if (!list.data?.items.some((p) => p.status === "open")) return null;
  return (
    <Suspense fallback={null}>
      <SitePollForms token={token} headcount={headcount} />
    </Suspense>
  );
}
