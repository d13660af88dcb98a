import { useMemo, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, asFormData, type Schema } from "../api/http";
import { queryKeys } from "../api/queryKeys";
import { ConfirmDialog, Dialog } from "../components/Dialog";
import { ErrorMessage, Notice } from "../components/Feedback";
import { Field } from "../components/Field";
import { DEFAULT_DIRECTORY_SORT, DIRECTORY_PAGE_SIZE, DirectoryTree } from "../components/DirectoryTree";
import { DataTable, sortParam, type Column, type SortState } from "../components/DataTable";
import { SitePicker } from "../components/SitePicker";
import { SITE_LEVELS, useDirectoryPage, type Site } from "../components/useDirectory";
import { formatNumber } from "../lib/format";
import { useDebounced } from "../lib/hooks";
import { NO_FILTERS, filterParams, isFlat, type SiteFilters } from "../lib/siteList";
import { EMPTY_EXPANSION, type Expansion } from "../lib/treeExpansion";

type SiteInput = Schema<"SiteCreate">;
type SiteImportResult = Schema<"SiteImportResult">;
type SiteLevel = Schema<"SiteLevel">;

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
    mutationFn: (data: SiteInput) =>
      site ? api.PATCH("/api/v1/sites/{site_id}", { params: { path: { site_id: site.id } }, body: data }) : api.POST("/api/v1/sites", { body: data }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.sites.all() });
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
    mutationFn: (f: File) => api.POST("/api/v1/sites/import", { body: { file: f }, bodySerializer: asFormData }),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.sites.all() });
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

interface RowActions {
  onEdit: (s: Site) => void;
  onAddChild: (s: Site) => void;
  onDelete: (s: Site) => void;
}

function SiteActions({ site, onEdit, onAddChild, onDelete }: RowActions & { site: Site }) {
  const { t } = useTranslation();
  return (
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
  );
}

interface SortProps {
  sort: SortState;
  onSortChange: (sort: SortState) => void;
}

/** Search results and filtered lists: matching rows flat, with where each one is, sorted on the server. */
export function DirectoryResults({ filters, actions, sort, onSortChange }: SortProps & { filters: SiteFilters; actions: (site: Site) => ReactNode }) {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const { q, level } = filterParams(filters);
  const results = useDirectoryPage({ q, level: level as SiteLevel | undefined, sort: sortParam(sort), limit: DIRECTORY_PAGE_SIZE, offset });
  const total = results.data?.total ?? 0;
  const columns: Column<Site>[] = [
    { key: "code", header: t("site.code"), accessor: (s) => s.code, sortable: true },
    { key: "name", header: t("site.name"), accessor: (s) => s.name, sortable: true },
    { key: "level", header: t("site.level"), accessor: (s) => t(`level.${s.level}`, { defaultValue: s.level }), sortable: true },
    { key: "locality", header: t("site.locality"), accessor: (s) => s.locality, className: "muted small" },
  ];
  return (
    <>
      {results.data && (
        <p className="muted small" role="status">
          {t("directory.found", { n: formatNumber(total) })}
        </p>
      )}
      <DataTable<Site>
        columns={columns}
        rows={results.data?.items}
        rowKey={(s) => s.id}
        loading={results.isFetching}
        error={results.error}
        onRetry={() => void results.refetch()}
        empty={t("directory.noResults")}
        sort={sort}
        onSortChange={(s) => {
          setOffset(0);
          onSortChange(s ?? DEFAULT_DIRECTORY_SORT);
        }}
        sortMode="server"
        paging={{ total, limit: DIRECTORY_PAGE_SIZE, offset, onChange: setOffset }}
        actions={actions}
        rowProps={(s) => ({ "data-testid": "site-row", "data-site-code": s.code })}
        testId="directory-results"
      />
    </>
  );
}

export function DirectoryPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [q, setQ] = useState("");
  const [level, setLevel] = useState("");
  const dq = useDebounced(q, 300);
  const filters: SiteFilters = useMemo(() => ({ ...NO_FILTERS, q: dq, level }), [dq, level]);
  const [expansion, setExpansion] = useState<Expansion>(EMPTY_EXPANSION);
  // One sort for the tree's levels and the search results (the server sorts: name, code, level).
  const [sort, setSort] = useState<SortState>(DEFAULT_DIRECTORY_SORT);
  const everything = useDirectoryPage({ limit: 1 });
  const [editing, setEditing] = useState<{ site: Site | null; parentId: number | null } | null>(null);
  const [deleting, setDeleting] = useState<Site | null>(null);
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const del = useMutation({
    mutationFn: (s: Site) => api.DELETE("/api/v1/sites/{site_id}", { params: { path: { site_id: s.id } } }),
    onSuccess: () => {
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.sites.all() });
    },
  });

  const onImported = (res: SiteImportResult) => {
    setImporting(false);
    const parts: string[] = [];
    if (typeof res.created === "number") parts.push(t("directory.importCreated", { n: formatNumber(res.created) }));
    if (typeof res.updated === "number") parts.push(t("directory.importUpdated", { n: formatNumber(res.updated) }));
    setNotice([t("directory.importDone"), ...parts].join(" "));
  };

  const actions = (site: Site) => (
    <SiteActions
      site={site}
      onEdit={(s) => setEditing({ site: s, parentId: s.parent_id })}
      onAddChild={(s) => setEditing({ site: null, parentId: s.id })}
      onDelete={(s) => {
        del.reset();
        setDeleting(s);
      }}
    />
  );

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
        <label className="field inline">
          <span>{t("site.level")}</span>
          <select value={level} onChange={(e) => setLevel(e.target.value)} data-testid="directory-level">
            <option value="">{t("directory.allLevels")}</option>
            {SITE_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`level.${l}`)}
              </option>
            ))}
          </select>
        </label>
        {!isFlat(filters) && expansion.open.size > 0 && (
          <button type="button" className="btn btn-small" onClick={() => setExpansion(() => EMPTY_EXPANSION)}>
            {t("directory.collapseAll")}
          </button>
        )}
      </div>

      {isFlat(filters) ? (
        // Keyed by the search: a new one starts on its first page.
        <DirectoryResults key={JSON.stringify(filters)} filters={filters} actions={actions} sort={sort} onSortChange={setSort} />
      ) : (
        <div className="card tree-card">
          {everything.data && <p className="muted small">{t("directory.count", { n: formatNumber(everything.data.total) })}</p>}
          <DirectoryTree actions={actions} label={t("directory.treeLabel")} expansion={expansion} setExpansion={setExpansion} sort={sort} onSortChange={setSort} />
        </div>
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
