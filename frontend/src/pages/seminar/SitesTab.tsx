import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { inviteSites, rotateSiteToken, searchSites } from "../../api/endpoints";
import type { CheckinLink, Seminar, SeminarSite, Site } from "../../api/types";
import { ConfirmDialog } from "../../components/Dialog";
import { EmptyState, ErrorMessage, Loading, Notice } from "../../components/Feedback";
import { StatusBadge } from "../../components/StatusBadge";
import { compareVi, formatDateTime, formatNumber } from "../../lib/format";
import { useDebounced } from "../../lib/hooks";
import { CheckinLinks, type LabelledLink } from "./CheckinLinks";
import { siteCode, siteName, useSeminarSites } from "./useSeminarSites";

function InvitePanel({ seminar, invited, onInvited }: { seminar: Seminar; invited: Set<number>; onInvited: (links: CheckinLink[], known: Site[]) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [q, setQ] = useState("");
  const dq = useDebounced(q.trim(), 300);
  const [selected, setSelected] = useState<Map<number, Site>>(new Map());
  const [subtree, setSubtree] = useState(false);
  const results = useQuery({ queryKey: ["sites", "search", dq, 100], queryFn: () => searchSites(dq, 100) });
  const items = results.data?.items ?? [];

  const invite = useMutation({
    mutationFn: async () => {
      const sites = [...selected.values()];
      if (!subtree) return inviteSites(seminar.id, { site_ids: sites.map((s) => s.id) });
      const all: CheckinLink[] = [];
      for (const s of sites) all.push(...(await inviteSites(seminar.id, { subtree_of: s.id })));
      return all;
    },
    onSuccess: (links) => {
      onInvited(links ?? [], [...selected.values(), ...items]);
      setSelected(new Map());
      void queryClient.invalidateQueries({ queryKey: ["seminar", seminar.id] });
      void queryClient.invalidateQueries({ queryKey: ["seminars"] });
    },
  });

  const toggle = (s: Site) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(s.id)) next.delete(s.id);
      else next.set(s.id, s);
      return next;
    });

  const selectable = items.filter((s) => subtree || !invited.has(s.id));
  const allSelected = selectable.length > 0 && selectable.every((s) => selected.has(s.id));

  return (
    <section className="card invite-panel" aria-labelledby="invite-heading">
      <h3 id="invite-heading">{t("invite.heading")}</h3>
      <div className="invite-controls">
        <label className="field grow">
          <span>{t("invite.search")}</span>
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("invite.searchPlaceholder")} data-testid="invite-search" />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={subtree} onChange={(e) => setSubtree(e.target.checked)} data-testid="invite-subtree" />
          <span>{t("invite.subtree")}</span>
        </label>
      </div>
      {subtree && <p className="muted small">{t("invite.subtreeHint")}</p>}
      {results.isPending && <Loading />}
      {results.error && <ErrorMessage error={results.error} onRetry={() => results.refetch()} />}
      {results.data && items.length === 0 && <EmptyState>{t("invite.noResults")}</EmptyState>}
      {items.length > 0 && (
        <>
          <div className="btn-row">
            <button
              type="button"
              className="btn btn-small"
              onClick={() =>
                setSelected((prev) => {
                  const next = new Map(prev);
                  for (const s of selectable) {
                    if (allSelected) next.delete(s.id);
                    else next.set(s.id, s);
                  }
                  return next;
                })
              }
            >
              {allSelected ? t("invite.clearVisible") : t("invite.selectVisible")}
            </button>
            <span className="muted small">{t("invite.resultCount", { shown: formatNumber(items.length), total: formatNumber(results.data?.total ?? items.length) })}</span>
          </div>
          <ul className="check-list" data-testid="invite-results">
            {items.map((s) => {
              const already = invited.has(s.id);
              return (
                <li key={s.id}>
                  <label className="checkbox">
                    <input type="checkbox" checked={selected.has(s.id)} disabled={already && !subtree} onChange={() => toggle(s)} />
                    <span>
                      {s.name} <span className="muted">({s.code})</span>
                      {s.locality && <span className="muted small"> · {s.locality}</span>}
                      <span className="muted small"> · {t(`level.${s.level}`, { defaultValue: s.level })}</span>
                      {already && <span className="badge badge-invited">{t("invite.already")}</span>}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {invite.error ? <ErrorMessage error={invite.error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn btn-primary" disabled={selected.size === 0 || invite.isPending} onClick={() => invite.mutate()} data-testid="invite-submit">
          {invite.isPending
            ? t("common.saving")
            : subtree
              ? t("invite.submitSubtree", { n: selected.size })
              : t("invite.submit", { n: selected.size })}
        </button>
      </div>
    </section>
  );
}

export function SitesTab({ seminar }: { seminar: Seminar }) {
  const { t } = useTranslation();
  const sites = useSeminarSites(seminar.id);
  const [links, setLinks] = useState<LabelledLink[]>([]);
  const [showInvite, setShowInvite] = useState(false);
  const [rotating, setRotating] = useState<SeminarSite | null>(null);
  const [filter, setFilter] = useState("");
  const [notice, setNotice] = useState<string | null>(null);

  const rows = useMemo(
    () => [...(sites.data ?? [])].sort((a, b) => Number(b.is_main) - Number(a.is_main) || compareVi(siteName(a), siteName(b))),
    [sites.data],
  );
  const invited = useMemo(() => new Set(rows.map((r) => r.site_id)), [rows]);
  const filtered = filter ? rows.filter((r) => r.status === filter) : rows;
  const byId = useMemo(() => new Map(rows.map((r) => [r.site_id, r])), [rows]);

  const addLinks = (newLinks: CheckinLink[], known: Site[] = []) => {
    const knownById = new Map(known.map((s) => [s.id, s]));
    const labelled = newLinks.map((l) => {
      const r = byId.get(l.site_id);
      const k = knownById.get(l.site_id);
      return { ...l, code: r ? siteCode(r) : (k?.code ?? ""), name: r ? siteName(r) : (k?.name ?? `#${l.site_id}`) };
    });
    setLinks((prev) => {
      const m = new Map(prev.map((l) => [l.site_id, l]));
      for (const l of labelled) m.set(l.site_id, l);
      return [...m.values()].sort((a, b) => compareVi(a.name, b.name));
    });
    setNotice(newLinks.length ? t("invite.done", { n: newLinks.length }) : t("invite.noneNew"));
  };

  const rotate = useMutation({
    mutationFn: (r: SeminarSite) => rotateSiteToken(seminar.id, r.site_id),
    onSuccess: (link) => {
      addLinks([link]);
      setNotice(t("sitesTab.rotated"));
      setRotating(null);
    },
  });

  // Names for links may arrive after the sites list refetches.
  const labelledLinks = links.map((l) => {
    const r = byId.get(l.site_id);
    return r ? { ...l, code: siteCode(r) || l.code, name: siteName(r) } : l;
  });

  const statuses = ["invited", "registered", "declined", "checked_in", "disconnected"];

  return (
    <div>
      <div className="section-head">
        <h2>{t("sitesTab.heading")}</h2>
        <button type="button" className="btn btn-primary" aria-expanded={showInvite} onClick={() => setShowInvite((v) => !v)} data-testid="invite-toggle">
          {showInvite ? t("sitesTab.hideInvite") : t("sitesTab.invite")}
        </button>
      </div>
      {notice && <Notice kind="success">{notice}</Notice>}
      {showInvite && <InvitePanel seminar={seminar} invited={invited} onInvited={addLinks} />}
      <CheckinLinks seminar={seminar} links={labelledLinks} onDismiss={() => setLinks([])} />
      {sites.isPending && <Loading />}
      {sites.error && <ErrorMessage error={sites.error} onRetry={() => sites.refetch()} />}
      {sites.data && rows.length === 0 && <EmptyState>{t("sitesTab.empty")}</EmptyState>}
      {rows.length > 0 && (
        <>
          <div className="toolbar">
            <label className="field inline">
              <span>{t("sitesTab.filter")}</span>
              <select value={filter} onChange={(e) => setFilter(e.target.value)}>
                <option value="">{t("sitesTab.all", { n: rows.length })}</option>
                {statuses.map((st) => (
                  <option key={st} value={st}>
                    {t(`status.site.${st}`)} ({formatNumber(rows.filter((r) => r.status === st).length)})
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="table-wrap">
            <table className="table" data-testid="seminar-sites-table">
              <thead>
                <tr>
                  <th scope="col">{t("site.code")}</th>
                  <th scope="col">{t("site.name")}</th>
                  <th scope="col">{t("sitesTab.status")}</th>
                  <th scope="col" className="num">{t("sitesTab.expected")}</th>
                  <th scope="col" className="num">{t("sitesTab.headcount")}</th>
                  <th scope="col">{t("sitesTab.checkedIn")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("common.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {filtered.map((r) => (
                  <tr key={r.site_id} data-testid="seminar-site-row">
                    <td data-label={t("site.code")}>{siteCode(r)}</td>
                    <td data-label={t("site.name")}>
                      {siteName(r)} {r.is_main && <span className="badge badge-main">{t("sitesTab.main")}</span>}
                    </td>
                    <td data-label={t("sitesTab.status")}>
                      <StatusBadge status={r.status} kind="site" />
                    </td>
                    <td data-label={t("sitesTab.expected")} className="num">{r.expected_attendees != null ? formatNumber(r.expected_attendees) : "—"}</td>
                    <td data-label={t("sitesTab.headcount")} className="num">{r.headcount != null ? formatNumber(r.headcount) : "—"}</td>
                    <td data-label={t("sitesTab.checkedIn")}>{formatDateTime(r.checked_in_at, seminar.timezone) || "—"}</td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={t("sitesTab.rotateFor", { name: siteName(r) })}
                        onClick={() => {
                          rotate.reset();
                          setRotating(r);
                        }}
                      >
                        {t("sitesTab.rotate")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <ConfirmDialog
        open={rotating !== null}
        title={t("sitesTab.rotateTitle")}
        message={rotating ? t("sitesTab.rotateConfirm", { name: siteName(rotating) }) : ""}
        confirmLabel={t("sitesTab.rotate")}
        busy={rotate.isPending}
        onConfirm={() => rotating && rotate.mutate(rotating)}
        onCancel={() => setRotating(null)}
        error={rotate.error ? <ErrorMessage error={rotate.error} /> : null}
      />
    </div>
  );
}
