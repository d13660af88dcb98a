import { useState } from "react";
import { useTranslation } from "react-i18next";
import { QRCodeSVG } from "qrcode.react";
import type { CheckinLink, Seminar } from "../../api/types";
import { downloadText, toCsv } from "../../lib/csv";
import { formatDateTime } from "../../lib/format";
import { absoluteUrl, copyText } from "../../lib/url";

export interface LabelledLink extends CheckinLink {
  code: string;
  name: string;
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<"idle" | "ok" | "fail">("idle");
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        aria-label={label}
        onClick={async () => {
          setState((await copyText(text)) ? "ok" : "fail");
          setTimeout(() => setState("idle"), 2000);
        }}
      >
        {t("links.copy")}
      </button>
      <span className="small muted" role="status" aria-live="polite">
        {state === "ok" ? t("links.copied") : state === "fail" ? t("links.copyFailed") : ""}
      </span>
    </>
  );
}

/** Check-in links shown once after invite/rotate: text, copy, QR, printable sheet and CSV. */
export function CheckinLinks({ seminar, links, onDismiss }: { seminar: Seminar; links: LabelledLink[]; onDismiss: () => void }) {
  const { t } = useTranslation();
  if (links.length === 0) return null;
  const downloadCsv = () => {
    const rows = [[t("links.csvCode"), t("links.csvName"), t("links.csvUrl")], ...links.map((l) => [l.code, l.name, absoluteUrl(l.checkin_url)])];
    downloadText(`diemcau-${seminar.slug}-links.csv`, toCsv(rows));
  };
  return (
    <section className="card links-panel print-sheet" aria-labelledby="links-heading" data-testid="checkin-links">
      <div className="section-head no-print">
        <h2 id="links-heading">{t("links.heading", { n: links.length })}</h2>
        <div className="btn-row">
          <button type="button" className="btn" onClick={() => window.print()} data-testid="links-print">
            {t("links.print")}
          </button>
          <button type="button" className="btn" onClick={downloadCsv} data-testid="links-csv">
            {t("links.csv")}
          </button>
          <button type="button" className="btn" onClick={onDismiss}>
            {t("links.dismiss")}
          </button>
        </div>
      </div>
      <p className="alert alert-warning no-print" role="note">
        {t("links.onceWarning")}
      </p>
      <header className="print-only print-header">
        <h1>{seminar.title}</h1>
        <p>
          {formatDateTime(seminar.starts_at, seminar.timezone)} {seminar.venue ? `— ${seminar.venue}` : ""}
        </p>
        <p>{t("links.printIntro")}</p>
      </header>
      <ul className="links-list">
        {links.map((l) => {
          const url = absoluteUrl(l.checkin_url);
          return (
            <li key={l.site_id} className="link-card" data-testid="checkin-link" data-site-id={l.site_id}>
              <QRCodeSVG value={url} size={120} marginSize={2} role="img" aria-label={t("links.qrFor", { name: l.name })} />
              <div className="link-body">
                <div className="link-site">
                  <strong>{l.name}</strong> {l.code && <span className="muted">({l.code})</span>}
                </div>
                <a href={url} className="link-url" data-testid="checkin-url" target="_blank" rel="noopener noreferrer">
                  {url}
                </a>
                <div className="no-print btn-row">
                  <CopyButton text={url} label={t("links.copyFor", { name: l.name })} />
                </div>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
