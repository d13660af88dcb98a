/**
 * The QR code of a per-person poll's public page (/p/<token>) with the link written under it, for
 * those who type it. The link is also in `data-link` (what the browser tests open on "phones").
 */
import { QRCodeSVG } from "qrcode.react";
import { useTranslation } from "react-i18next";
import { pollLink } from "../lib/polls";

export function PollQr({ token, size = 200, testId = "poll-qr" }: { token: string; size?: number; testId?: string }) {
  const { t } = useTranslation();
  const link = pollLink(token);
  const short = link.replace(/^https?:\/\//, "");
  return (
    <figure className="poll-qr" data-testid={testId} data-link={link}>
      <QRCodeSVG value={link} size={size} marginSize={2} level="M" role="img" aria-label={t("polls.qrLabel")} />
      <figcaption>
        <span className="poll-qr-hint">{t("polls.qrHint")}</span>
        <a className="poll-qr-link" href={link} target="_blank" rel="noopener noreferrer" data-testid="poll-link">
          {short}
        </a>
      </figcaption>
    </figure>
  );
}
