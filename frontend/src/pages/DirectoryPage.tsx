import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/client";
import { createSite, deleteSite, importSites, listAllSites, searchSites, updateSite } from "../api/endpoints";
import { SITE_LEVELS, type Site, type SiteImportResult, type SiteInput, type SiteLevel } from "../api/types";
import { ConfirmDialog, Dialog } from "../components/Dialog";
import { EmptyState, ErrorMessage, Loading, Notice } from "../components/Feedback";
import { Field } from "../components/Field";
import { SitePicker } from "../components/SitePicker";
import { compareVi, formatNumber } from "../lib/format";
import { useDebounced } from "../lib/hooks";

interface Tree {
  byId: Map<number, Site>;
  children: Map<number | null, Site[]>;
  subtreeSize: Map<number, number>;
}

function buildTree(sites: Site[]): Tree {
  const byId = new Map(sites.map((s) => [s.id, s]));
  const children = new Map<number | null, Site[]>();
  for (const s of sites) {
    const parent = s.parent_id != null && byId.has(s.parent_id) ? s.parent_id : null;
    const list = children.get(parent) ?? [];
    list.push(s);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => compareVi(a.name, b.name));
  const subtreeSize = new Map<number, number>();
  const size = (id: number): number => {
    const cached = subtreeSize.get(id);
    if (cached !== undefined) return cached;
    subtreeSize.set(id, 1); // guards against cycles
    const n = 1 + (children.get(id) ?? []).reduce((acc, c) => acc + size(c.id), 0);
    subtreeSize.set(id, n);
    return n;
  };
  for (const s of sites) size(s.id);
  return { byId, children, subtreeSize };
}

function pathOf(site: Site, byId: Map<number, Site>): string {
  const names: string[] = [];
  let cur = site.parent_id != null ? byId.get(site.parent_id) : undefined;
  let guard = 0;
  while (cur && guard++ < 20) {
    names.unshift(cur.name);
    cur = cur.parent_id != null ? byId.get(cur.parent_id) : undefined;
  }
  return names.join(" › ");
}

const emptySite: SiteInput = {
  code: "",
  name: "",
  parent_id: null,
  level: "commune",
  locality: "",
  coordinator_name: "",
  coordinator_phone: "",
  coordinator_email: "",
  capacity: null,
};

function SiteForm({ site, parentId, onDone }: { site: Site | null; parentId: number | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<SiteInput>(() => (site ? { ...emptySite, ...site } : { ...emptySite, parent_id: parentId }));
  const [capacity, setCapacity] = useState(site?.capacity != null ? String(site.capacity) : "");
  const [localErr, setLocalErr] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (data: SiteInput) => (site ? updateSite(site.id, data) : createSite(data)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["sites"] });
      onDone();
    },
  });
  const set = <K extends keyof SiteInput>(k: K, v: SiteInput[K]) => setForm((f) => ({ ...f, [k]: v }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!form.code.trim()) errs.code = t("validation.required");
    if (!form.name.trim()) errs.name = t("validation.required");
    if (capacity && !(Number(capacity) >= 0)) errs.capacity = t("validation.nonNegative");
    if (form.coordinator_email && !/^\S+@\S+\.\S+$/.test(form.coordinator_email)) errs.coordinator_email = t("validation.email");
    setLocalErr(errs);
    if (Object.keys(errs).length) return;
    const clean = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);
    mutation.mutate({
      code: form.code.trim(),
      name: form.name.trim(),
      parent_id: form.parent_id ?? null,
      level: form.level,
      locality: clean(form.locality),
      coordinator_name: clean(form.coordinator_name),
      coordinator_phone: clean(form.coordinator_phone),
      coordinator_email: clean(form.coordinator_email),
      capacity: capacity ? Number(capacity) : null,
    });
  };
  const server = mutation.error instanceof ApiError ? mutation.error.fieldErrors : {};
  const err = (k: string) => localErr[k] ?? server[k] ?? null;
  return (
    <form onSubmit={onSubmit} noValidate data-testid="site-form" onChange={() => setLocalErr((e) => (Object.keys(e).length ? {} : e))}>
      <div className="form-row">
        <Field label={t("site.code")} error={err("code")} required>
          {(p) => <input {...p} value={form.code} onChange={(e) => set("code", e.target.value)} autoFocus />}
        </Field>
        <Field label={t("site.level")} error={err("level")} required>
          {(p) => (
            <select {...p} value={form.level} onChange={(e) => set("level", e.target.value as SiteLevel)}>
              {SITE_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`level.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t("site.name")} error={err("name")} required>
        {(p) => <input {...p} value={form.name} onChange={(e) => set("name", e.target.value)} />}
      </Field>
      <Field label={t("site.parent_id")} error={err("parent_id")}>
        {(p) => (
          <SitePicker
            id={p.id}
            describedBy={p["aria-describedby"]}
            label={t("site.parent_id")}
            value={form.parent_id ?? null}
            excludeId={site?.id}
            onChange={(v) => set("parent_id", v)}
          />
        )}
      </Field>
      <div className="form-row">
        <Field label={t("site.locality")} error={err("locality")}>
          {(p) => <input {...p} value={form.locality ?? ""} onChange={(e) => set("locality", e.target.value)} />}
        </Field>
        <Field label={t("site.capacity")} error={err("capacity")}>
          {(p) => <input {...p} type="number" min={0} inputMode="numeric" value={capacity} onChange={(e) => setCapacity(e.target.value)} />}
        </Field>
      </div>
      <fieldset>
        <legend>{t("site.coordinator")}</legend>
        <Field label={t("site.coordinator_name")} error={err("coordinator_name")}>
          {(p) => <input {...p} value={form.coordinator_name ?? ""} onChange={(e) => set("coordinator_name", e.target.value)} />}
        </Field>
        <div className="form-row">
          <Field label={t("site.coordinator_phone")} error={err("coordinator_phone")}>
            {(p) => <input {...p} type="tel" value={form.coordinator_phone ?? ""} onChange={(e) => set("coordinator_phone", e.target.value)} />}
          </Field>
          <Field label={t("site.coordinator_email")} error={err("coordinator_email")}>
            {(p) => <input {...p} type="email" value={form.coordinator_email ?? ""} onChange={(e) => set("coordinator_email", e.target.value)} />}
          </Field>
        </div>
      </fieldset>
      {mutation.error ? <ErrorMessage error={mutation.error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending} data-testid="site-save">
          {mutation.isPending ? t("common.saving") : t("common.save")}
        </button>
      </div>
    </form>
  );
}

function ImportForm({ onDone }: { onDone: (result: SiteImportResult) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const mutation = useMutation({
    mutationFn: (f: File) => importSites(f),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: ["sites"] });
      onDone(res ?? {});
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (file) mutation.mutate(file);
      }}
      data-testid="import-form"
    >
      <p className="muted">{t("directory.importHelp")}</p>
      <pre className="code-sample">{t("directory.importSample")}</pre>
      <Field label={t("directory.importFile")} required>
        {(p) => <input {...p} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
      </Field>
      {mutation.error ? <ErrorMessage error={mutation.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!file || mutation.isPending} data-testid="import-submit">
          {mutation.isPending ? t("directory.importing") : t("directory.importSubmit")}
        </button>
      </div>
    </form>
  );
}

interface NodeProps {
  site: Site;
  tree: Tree;
  expanded: Set<number>;
  toggle: (id: number) => void;
  onEdit: (s: Site) => void;
  onAddChild: (s: Site) => void;
  onDelete: (s: Site) => void;
  depth: number;
}

function TreeNode({ site, tree, expanded, toggle, onEdit, onAddChild, onDelete, depth }: NodeProps) {
  const { t } = useTranslation();
  const kids = tree.children.get(site.id) ?? [];
  const open = expanded.has(site.id);
  const below = (tree.subtreeSize.get(site.id) ?? 1) - 1;
  return (
    <li className="tree-node" data-testid="site-node" data-site-code={site.code}>
      <div className="tree-row" style={{ paddingInlineStart: `${depth * 1.1}rem` }}>
        {kids.length > 0 ? (
          <button
            type="button"
            className="btn-icon tree-toggle"
            aria-expanded={open}
            aria-label={open ? t("directory.collapse", { name: site.name }) : t("directory.expand", { name: site.name })}
            onClick={() => toggle(site.id)}
          >
            <span aria-hidden="true">{open ? "▾" : "▸"}</span>
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
            {below > 0 ? ` · ${t("directory.below", { n: formatNumber(below) })}` : ""}
          </span>
        </div>
        <div className="tree-actions">
          <button type="button" className="btn btn-small" aria-label={t("directory.addChildFor", { name: site.name })} onClick={() => onAddChild(site)}>
            {t("directory.addChild")}
          </button>
          <button type="button" className="btn btn-small" aria-label={t("directory.editFor", { name: site.name })} onClick={() => onEdit(site)}>
            {t("common.edit")}
          </button>
          <button type="button" className="btn btn-small btn-danger-outline" aria-label={t("directory.deleteFor", { name: site.name })} onClick={() => onDelete(site)}>
            {t("common.delete")}
          </button>
        </div>
      </div>
      {open && kids.length > 0 && (
        <ul>
          {kids.map((k) => (
            <TreeNode key={k.id} site={k} tree={tree} expanded={expanded} toggle={toggle} onEdit={onEdit} onAddChild={onAddChild} onDelete={onDelete} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function DirectoryPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const all = useQuery({ queryKey: ["sites", "all"], queryFn: listAllSites });
  const tree = useMemo(() => buildTree(all.data ?? []), [all.data]);
  const [expanded, setExpanded] = useState<Set<number> | null>(null);
  const [q, setQ] = useState("");
  const dq = useDebounced(q.trim(), 300);
  const search = useQuery({ queryKey: ["sites", "search", dq, 100], queryFn: () => searchSites(dq, 100), enabled: dq.length > 0 });
  const [editing, setEditing] = useState<{ site: Site | null; parentId: number | null } | null>(null);
  const [deleting, setDeleting] = useState<Site | null>(null);
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const roots = tree.children.get(null) ?? [];
  // Top level opened by default.
  const openSet = expanded ?? new Set(roots.map((r) => r.id));
  const toggle = (id: number) =>
    setExpanded(() => {
      const next = new Set(openSet);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const del = useMutation({
    mutationFn: (s: Site) => deleteSite(s.id),
    onSuccess: () => {
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: ["sites"] });
    },
  });

  const onImported = (res: SiteImportResult) => {
    setImporting(false);
    const parts: string[] = [];
    if (typeof res.created === "number") parts.push(t("directory.importCreated", { n: formatNumber(res.created) }));
    if (typeof res.updated === "number") parts.push(t("directory.importUpdated", { n: formatNumber(res.updated) }));
    setNotice([t("directory.importDone"), ...parts].join(" "));
  };

  return (
    <section>
      <div className="page-head">
        <h1>{t("directory.title")}</h1>
        <div className="btn-row">
          <button type="button" className="btn" onClick={() => setImporting(true)} data-testid="import-open">
            {t("directory.import")}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => setEditing({ site: null, parentId: null })} data-testid="site-new">
            {t("directory.new")}
          </button>
        </div>
      </div>
      {notice && <Notice kind="success">{notice}</Notice>}
      <div className="toolbar">
        <label className="field grow">
          <span>{t("directory.search")}</span>
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("directory.searchPlaceholder")} data-testid="directory-search" />
        </label>
        {!dq && all.data && all.data.length > 0 && (
          <div className="btn-row">
            <button type="button" className="btn btn-small" onClick={() => setExpanded(new Set(all.data!.map((s) => s.id)))}>
              {t("directory.expandAll")}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setExpanded(new Set())}>
              {t("directory.collapseAll")}
            </button>
          </div>
        )}
      </div>

      {dq ? (
        <>
          {search.isPending && <Loading />}
          {search.error && <ErrorMessage error={search.error} onRetry={() => search.refetch()} />}
          {search.data && search.data.items.length === 0 && <EmptyState>{t("directory.noResults")}</EmptyState>}
          {search.data && search.data.items.length > 0 && (
            <div className="table-wrap">
              <table className="table" data-testid="directory-results">
                <thead>
                  <tr>
                    <th scope="col">{t("site.code")}</th>
                    <th scope="col">{t("site.name")}</th>
                    <th scope="col">{t("site.level")}</th>
                    <th scope="col">{t("directory.path")}</th>
                    <th scope="col">
                      <span className="sr-only">{t("common.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {search.data.items.map((s) => (
                    <tr key={s.id}>
                      <td data-label={t("site.code")}>{s.code}</td>
                      <td data-label={t("site.name")}>{s.name}</td>
                      <td data-label={t("site.level")}>{t(`level.${s.level}`, { defaultValue: s.level })}</td>
                      <td data-label={t("directory.path")} className="muted small">{pathOf(s, tree.byId)}</td>
                      <td>
                        <button type="button" className="btn btn-small" aria-label={t("directory.editFor", { name: s.name })} onClick={() => setEditing({ site: s, parentId: s.parent_id })}>
                          {t("common.edit")}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : (
        <>
          {all.isPending && <Loading />}
          {all.error && <ErrorMessage error={all.error} onRetry={() => all.refetch()} />}
          {all.data && all.data.length === 0 && <EmptyState>{t("directory.empty")}</EmptyState>}
          {roots.length > 0 && (
            <div className="card tree-card">
              <p className="muted small">{t("directory.count", { n: formatNumber(all.data?.length ?? 0) })}</p>
              <ul className="tree" data-testid="site-tree" aria-label={t("directory.treeLabel")}>
                {roots.map((r) => (
                  <TreeNode
                    key={r.id}
                    site={r}
                    tree={tree}
                    expanded={openSet}
                    toggle={toggle}
                    onEdit={(s) => setEditing({ site: s, parentId: s.parent_id })}
                    onAddChild={(s) => setEditing({ site: null, parentId: s.id })}
                    onDelete={(s) => {
                      del.reset();
                      setDeleting(s);
                    }}
                    depth={0}
                  />
                ))}
              </ul>
            </div>
          )}
        </>
      )}

      <Dialog open={editing !== null} title={editing?.site ? t("directory.editTitle") : t("directory.newTitle")} onClose={() => setEditing(null)}>
        {editing && <SiteForm site={editing.site} parentId={editing.parentId} onDone={() => setEditing(null)} />}
      </Dialog>
      <Dialog open={importing} title={t("directory.importTitle")} onClose={() => setImporting(false)} testId="import-dialog">
        {importing && <ImportForm onDone={onImported} />}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t("directory.deleteTitle")}
        message={deleting ? t("directory.deleteConfirm", { name: deleting.name }) : ""}
        confirmLabel={t("common.delete")}
        danger
        busy={del.isPending}
        onConfirm={() => deleting && del.mutate(deleting)}
        onCancel={() => setDeleting(null)}
        error={del.error ? <ErrorMessage error={del.error} /> : null}
      />
    </section>
  );
}
