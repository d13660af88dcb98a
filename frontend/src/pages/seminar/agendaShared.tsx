/** Agenda query and start/end action, shared by the agenda tab and the live dashboard. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api/http";
import { queryKeys } from "../../api/queryKeys";
import type { AgendaItem } from "../../api/types";

export function byPosition(a: AgendaItem, b: AgendaItem) {
  return a.position - b.position || a.id - b.id;
}

export function useAgendaItems(seminarId: number, opts: { refetchInterval?: number | false } = {}) {
  return useQuery({
    queryKey: queryKeys.seminar.agenda(seminarId),
    queryFn: async () =>
      (await api.GET("/api/v1/seminars/{seminar_id}/agenda", { params: { path: { seminar_id: seminarId }, query: { limit: 1000 } } })).items.sort(byPosition),
    refetchInterval: opts.refetchInterval,
  });
}

export function agendaState(it: AgendaItem): "planned" | "running" | "done" {
  return it.state ?? (it.started_at ? (it.ended_at ? "done" : "running") : "planned");
}

/** POST …/agenda/{item}/start|end, then refresh the agenda. */
export function useAgendaAction(seminarId: number, onError: (e: unknown) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ item, action }: { item: AgendaItem; action: "start" | "end" }) => {
      const params = { path: { seminar_id: seminarId, item_id: item.id } };
      return action === "start"
        ? api.POST("/api/v1/seminars/{seminar_id}/agenda/{item_id}/start", { params })
        : api.POST("/api/v1/seminars/{seminar_id}/agenda/{item_id}/end", { params });
    },
    onMutate: () => onError(null),
    onError: (e) => onError(e),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.seminar.agenda(seminarId) }),
  });
}

type AgendaAction = ReturnType<typeof useAgendaAction>;

export function AgendaStartEndButtons({ item, act }: { item: AgendaItem; act: AgendaAction }) {
  const { t } = useTranslation();
  const live = agendaState(item) === "running";
  return (
    <>
      <button
        type="button"
        className="btn btn-small btn-primary"
        disabled={live || act.isPending}
        aria-label={t("agenda.startItem", { title: item.title })}
        onClick={() => act.mutate({ item, action: "start" })}
      >
        {t("agenda.start")}
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={!live || act.isPending}
        aria-label={t("agenda.endItem", { title: item.title })}
        onClick={() => act.mutate({ item, action: "end" })}
      >
        {t("agenda.end")}
      </button>
    </>
  );
}
