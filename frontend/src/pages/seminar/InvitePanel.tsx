/**
 * Inviting sites from the directory: pick a site in the tree and invite its whole branch
 * in one request ("Mời cả nhánh": subtree_of, all or nothing on the server), or search and
 * tick sites, alone or each with its branch (one request, subtrees_of: all or nothing too).
 * The directory is read a page at a time, never whole.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "@tanstack/react-query";
import { api, type Schema } from "../../api/http";
import { ConfirmDialog } from "../../components/Dialog";
import { DirectoryTree } from "../../components/DirectoryTree";
import { EmptyState, ErrorMessage, Loading } from "../../components/Feedback";
import { Pager } from "../../components/Pager";
import { useDirectoryPage, useSubtreeSize, type Site } from "../../components/useDirectory";
import type { CheckinLink } from "../../lib/checkinLinks";
import { formatNumber } from "../../lib/format";
import { useDebounced } from "../../lib/hooks";
import { EMPTY_EXPANSION, openAll, type Expansion } from "../../lib/treeExpansion";

type Seminar = Schema<"SeminarRead">;
type InviteRequest = Schema<"InviteRequest">;
const PAGE_SIZE = 50;

/** The new links, as the server answered them (each with its site's code, name, locality). */
export type OnInvited = (links: CheckinLink[]) => void;

/** The request for the ticked sites: alone, or each with everything below it (one transaction either way). */
export function inviteBody(siteIds: readonly number[], withBranches: boolean): InviteRequest {
  return withBranches ? { subtrees_of: [...siteIds] } : { site_ids: [...siteIds] };
}

function BranchButton({ site, onPick }: { site: Site; onPick: (s: Site) => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="btn btn-small btn-primary" aria-label={t("invite.branchFor", { name: site.name })} onClick={() => onPick(site)}>
      {t("invite.branch")}
    </button>
  );
}

function ConfirmBranch({ site, busy, error, onConfirm, onCancel }: { site: Site | null; busy: boolean; error: unknown; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const below = useSubtreeSize(site?.id ?? null);
  return (
    <ConfirmDialog
      open={site !== null}
      title={t("invite.branchTitle")}
      message={
        site
          ? below == null
            ? t("invite.branchCounting", { name: site.name })
            : t("invite.branchConfirm", { name: site.name, n: formatNumber(below) })
          : ""
      }
      confirmLabel={t("invite.branch")}
      busy={busy || below == null}
      onConfirm={onConfirm}
      onCancel={onCancel}
      error={error ? <ErrorMessage error={error} /> : null}
    />
  );
}

function SearchResults({ q, under, selected, toggle, onBranch }: { q: string; under?: number; selected: Map<number, Site>; toggle: (s: Site) => void; onBranch: (s: Site) => void }) {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const results = useDirectoryPage({ q, under, limit: PAGE_SIZE, offset });
  const items = results.data?.items ?? [];
  const total = results.data?.total ?? 0;
  return (
    <>
      {results.isPending && <Loading />}
      {results.error && <ErrorMessage error={results.error} onRetry={() => results.refetch()} />}
      {results.data && items.length === 0 && <EmptyState>{t("invite.noResults")}</EmptyState>}
      {items.length > 0 && (
        <>
          <p className="muted small" role="status">
            {t("invite.resultCount", { shown: formatNumber(items.length), total: formatNumber(total) })}
          </p>
          <ul className="check-list" data-testid="invite-results">
            {items.map((s) => (
              <li key={s.id} className="check-row">
                <label className="checkbox">
                  <input type="checkbox" checked={selected.has(s.id)} onChange={() => toggle(s)} />
                  <span>
                    {s.name} <span className="muted">({s.code})</span>
                    {s.locality && <span className="muted small"> · {s.locality}</span>}
                    <span className="muted small"> · {t(`level.${s.level}`, { defaultValue: s.level })}</span>
                  </span>
                </label>
                {(s.children_count ?? 0) > 0 && <BranchButton site={s} onPick={onBranch} />}
              </li>
            ))}
          </ul>
          <Pager total={total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} />
        </>
      )}
    </>
  );
}

export function InvitePanel({ seminar, onInvited }: { seminar: Seminar; onInvited: OnInvited }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const dq = useDebounced(q.trim(), 300);
  const [selected, setSelected] = useState<Map<number, Site>>(new Map());
  const [subtree, setSubtree] = useState(false);
  const [branch, setBranch] = useState<Site | null>(null);
  // A member limited to a subtree invites from it (the server refuses anything else).
  const mine = seminar.my_subtree?.id ?? null;
  const [expansion, setExpansion] = useState<Expansion>(() => (mine != null ? openAll(EMPTY_EXPANSION, [mine]) : EMPTY_EXPANSION));

  const post = (body: InviteRequest) => api.POST("/api/v1/seminars/{seminar_id}/sites", { params: { path: { seminar_id: seminar.id } }, body });

  // One request for the whole branch: the server invites it all or nothing.
  const inviteBranch = useMutation({
    mutationFn: (site: Site) => post({ subtree_of: site.id }),
    onSuccess: (links) => {
      onInvited(links);
      setBranch(null);
    },
  });

  const inviteOne = useMutation({
    mutationFn: (site: Site) => post({ site_ids: [site.id] }),
    onSuccess: (links) => onInvited(links),
  });

  // One request whatever is ticked: with branches, a refusal of any of them invites none.
  const inviteSelected = useMutation({
    mutationFn: () => post(inviteBody([...selected.keys()], subtree)),
    onSuccess: (links) => {
      onInvited(links);
      setSelected(new Map());
    },
  });

  const toggle = (s: Site) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(s.id)) next.delete(s.id);
      else next.set(s.id, s);
      return next;
    });
  const pickBranch = (s: Site) => {
    inviteBranch.reset();
    setBranch(s);
  };

  return (
    <section className="card invite-panel" aria-labelledby="invite-heading" data-testid="invite-panel">
      <h3 id="invite-heading">{t("invite.heading")}</h3>
      <p className="muted small">{t("invite.help")}</p>
      <div className="invite-controls">
        <label className="field grow">
          <span>{t("invite.search")}</span>
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("invite.searchPlaceholder")} data-testid="invite-search" />
        </label>
        {dq && (
          <label className="checkbox">
            <input type="checkbox" checked={subtree} onChange={(e) => setSubtree(e.target.checked)} data-testid="invite-subtree" />
            <span>{t("invite.subtree")}</span>
          </label>
        )}
      </div>
      {dq ? (
        <>
          {subtree && <p className="muted small">{t("invite.subtreeHint")}</p>}
          <SearchResults key={dq} q={dq} under={mine ?? undefined} selected={selected} toggle={toggle} onBranch={pickBranch} />
          {inviteSelected.error ? <ErrorMessage error={inviteSelected.error} /> : null}
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={selected.size === 0 || inviteSelected.isPending}
              onClick={() => inviteSelected.mutate()}
              data-testid="invite-submit"
            >
              {inviteSelected.isPending
                ? t("common.saving")
                : subtree
                  ? t("invite.submitSubtree", { n: formatNumber(selected.size) })
                  : t("invite.submit", { n: formatNumber(selected.size) })}
            </button>
          </div>
        </>
      ) : (
        <div className="tree-card">
          <DirectoryTree
            rootId={mine}
            label={t("invite.treeLabel")}
            expansion={expansion}
            setExpansion={setExpansion}
            actions={(site) => (
              <div className="tree-actions">
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={t("invite.oneFor", { name: site.name })}
                  disabled={inviteOne.isPending}
                  onClick={() => inviteOne.mutate(site)}
                >
                  {t("invite.one")}
                </button>
                {(site.children_count ?? 0) > 0 && <BranchButton site={site} onPick={pickBranch} />}
              </div>
            )}
          />
        </div>
      )}
      {inviteOne.error ? <ErrorMessage error={inviteOne.error} /> : null}
      <ConfirmBranch
        site={branch}
        busy={inviteBranch.isPending}
        error={inviteBranch.error}
        onConfirm={() => branch && inviteBranch.mutate(branch)}
        onCancel={() => setBranch(null)}
      />
    </section>
  );
}
