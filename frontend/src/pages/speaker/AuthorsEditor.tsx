import { useTranslation } from "react-i18next";
import type { SubmissionAuthor } from "../../api/types";

export interface AuthorRow {
  key: number;
  name: string;
  unit: string;
  position: string;
}

let nextKey = 1;
export const authorRow = (a?: Partial<SubmissionAuthor>): AuthorRow => ({
  key: nextKey++,
  name: a?.name ?? "",
  unit: a?.unit ?? "",
  position: a?.position ?? "",
});

/** Rows with a name; fully empty rows are dropped. */
export function authorsPayload(rows: AuthorRow[]): SubmissionAuthor[] {
  return rows
    .filter((r) => r.name.trim() || r.unit.trim() || r.position.trim())
    .map((r) => ({ name: r.name.trim(), unit: r.unit.trim() || null, position: r.position.trim() || null }));
}

/** Authors list with add/remove rows (name, unit, position). */
export function AuthorsEditor({ rows, onChange, error, disabled }: { rows: AuthorRow[]; onChange: (rows: AuthorRow[]) => void; error?: string | null; disabled?: boolean }) {
  const { t } = useTranslation();
  const set = (key: number, field: "name" | "unit" | "position", value: string) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, [field]: value } : r)));
  return (
    <fieldset className="authors" data-testid="authors">
      <legend>{t("paper.authors")}</legend>
      <ol className="author-rows">
        {rows.map((r, i) => {
          const n = i + 1;
          const id = `author-${r.key}`;
          return (
            <li key={r.key} className="author-row" data-testid="author-row">
              <div className="field">
                <label htmlFor={`${id}-name`}>{t("paper.authorName")}</label>
                <input id={`${id}-name`} aria-label={t("paper.authorNameN", { n })} value={r.name} disabled={disabled} autoComplete="off" onChange={(e) => set(r.key, "name", e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-unit`}>{t("paper.authorUnit")}</label>
                <input id={`${id}-unit`} aria-label={t("paper.authorUnitN", { n })} value={r.unit} disabled={disabled} onChange={(e) => set(r.key, "unit", e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-position`}>{t("paper.authorPosition")}</label>
                <input id={`${id}-position`} aria-label={t("paper.authorPositionN", { n })} value={r.position} disabled={disabled} onChange={(e) => set(r.key, "position", e.target.value)} />
              </div>
              {!disabled && rows.length > 1 && (
                <button type="button" className="btn btn-small btn-danger-outline author-remove" aria-label={t("paper.removeAuthorN", { n })} onClick={() => onChange(rows.filter((x) => x.key !== r.key))}>
                  {t("paper.removeAuthor")}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {error && <p className="field-error">{error}</p>}
      {!disabled && (
        <button type="button" className="btn btn-small" onClick={() => onChange([...rows, authorRow()])} data-testid="add-author">
          {t("paper.addAuthor")}
        </button>
      )}
    </fieldset>
  );
}
