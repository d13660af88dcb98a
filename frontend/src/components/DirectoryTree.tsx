import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../lib/format";
import type { Expansion } from "../lib/treeExpansion";
import { EmptyState, ErrorMessage, Loading } from "./Feedback";
import { LazyLevel } from "./LazyTree";
import { useDirectoryLevel, type Site } from "./useDirectory";

const PAGE_SIZE = 50;

/** The directory as a lazy tree; `actions` renders each row's buttons (edit…, or "invite the branch"). */
export function DirectoryTree({
  actions,
  label,
  expansion,
  setExpansion,
}: {
  actions: (site: Site) => ReactNode;
  label: string;
  expansion: Expansion;
  setExpansion: (update: (e: Expansion) => Expansion) => void;
}) {
  const { t } = useTranslation();
  return (
    <ul className="tree" data-testid="site-tree" aria-label={label}>
      <LazyLevel<Site>
        usePage={useDirectoryLevel}
        rowId={(s) => s.id}
        hasChildren={(s) => (s.children_count ?? 0) > 0}
        expansion={expansion}
        setExpansion={setExpansion}
        pageSize={PAGE_SIZE}
        renderStatus={(status, depth) => (
          <li className="tree-status" style={{ paddingInlineStart: `${depth * 1.1 + 1.9}rem` }}>
            {status.kind === "loading" && <Loading />}
            {status.kind === "error" && <ErrorMessage error={status.error} onRetry={status.retry} />}
            {status.kind === "empty" && depth === 0 && <EmptyState>{t("directory.empty")}</EmptyState>}
            {status.kind === "more" && (
              <button type="button" className="btn btn-small" onClick={status.showMore}>
                {t("tree.showMore", { n: formatNumber(status.next), rest: formatNumber(status.remaining) })}
              </button>
            )}
          </li>
        )}
        renderRow={(site, row) => (
          <li className="tree-node" data-testid="site-node" data-site-code={site.code}>
            <div className="tree-row" style={{ paddingInlineStart: `${row.depth * 1.1}rem` }}>
              {(site.children_count ?? 0) > 0 ? (
                <button
                  type="button"
                  className="btn-icon tree-toggle"
                  aria-expanded={row.open}
                  aria-label={row.open ? t("directory.collapse", { name: site.name }) : t("directory.expand", { name: site.name })}
                  onClick={row.toggle}
                >
                  <span aria-hidden="true">{row.open ? "▾" : "▸"}</span>
                </button>
              ) : (
                <span className="tree-toggle-spacer" aria-hidden="true" />
              )}
              <div className="tree-label">
                <span className="tree-name">{site.name}</span>
                <span className="muted small">
                  {site.code} · {t(`level.${site.level}`, { defaultValue: site.level })}
                  {site.locality ? ` · ${site.locality}` : ""}
                  {site.capacity != null ? ` · ${t("directory.capacityShort", { n: formatNumber(site.capacity) })}` : ""}
                  {(site.children_count ?? 0) > 0 ? ` · ${t("directory.children", { n: formatNumber(site.children_count ?? 0) })}` : ""}
                </span>
              </div>
              {actions(site)}
            </div>
            {row.open && <ul>{row.children}</ul>}
          </li>
        )}
      />
    </ul>
  );
}
