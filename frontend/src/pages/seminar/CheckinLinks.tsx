import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { QRCodeSVG } from "qrcode.react";
import type { Schema } from "../../api/http";
import { linksCsv, linksFileName, showInline, sortLinks, type CheckinLink } from "../../lib/checkinLinks";
import { downloadText } from "../../lib/csv";
import { formatDateTime, formatNumber } from "../../lib/format";
import { absoluteUrl, copyText } from "../../lib/url";

type Seminar = Schema<"SeminarRead">;

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

interface Props {
  seminar: Seminar;
  /** Every new link, as the invite (or a rotation) answered it: with its site's code, name, locality. */
  links: readonly CheckinLink[];
  onDismiss: () => void;
}

/**
 * Check-in links shown once after invite/rotate: a few as cards (text, copy, QR, printable
 * sheet), thousands only counted, with the CSV file (UTF-8 with BOM) to send them out. The
 * file is written from the answer in hand: nothing is fetched.
 */
export function CheckinLinks({ seminar, links, onDismiss }: Props) {
  const { t } = useTranslation();
  const count = links.length;
  const inline = showInline(count);
  const shown = useMemo(() => (inline ? sortLinks(links) : []), [inline, links]);
  if (count === 0) return null;
  const downloadCsv = () => {
    const headers = { code: t("links.csvCode"), name: t("links.csvName"), locality: t("links.csvLocality"), url: t("links.csvUrl") };
    downloadText(linksFileName(seminar.slug, count), linksCsv(links, headers, absoluteUrl));
  };
  return (
    <section className="card links-panel print-sheet" aria-labelledby="links-heading" data-testid="checkin-links">
      <div className="section-head no-print">
        <h2 id="links-heading">{t("links.heading", { n: formatNumber(count) })}</h2>
        <div className="btn-row">
          {inline && (
            <button type="button" className="btn" onClick={() => window.print()} data-testid="links-print">
              {t("links.print")}
            </button>
          )}
          <button type="button" className="btn" onClick={downloadCsv} data-testid="links-csv">
            {t("links.csv")}
          </button>
          <button type="button" className="btn" onClick={onDismiss}>
            {t("links.dismiss")}
          </button>
        </div>
      </div>
      <p className="alert alert-warning no-print" role="note">
        {inline ? t("links.onceWarning") : t("links.manyWarning", { n: formatNumber(count) })}
      </p>
      {inline && (
        <>
          <header className="print-only print-header">
            <h1>{seminar.title}</h1>
            <p>
              {formatDateTime(seminar.starts_at, seminar.timezone)} {seminar.venue ? `— ${seminar.venue}` : ""}
            </p>
            <p>{t("links.printIntro")}</p>
          </header>
          <ul className="links-list">
            {shown.map((l) => {
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
        </>
      )}
    </section>
  );
}
