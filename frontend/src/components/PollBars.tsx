/**
 * A poll's results as horizontal bars: label, count ("1.100") and percent of the responses ("12,2%").
 * Plain elements (no chart library): light on a phone, readable on a projector, prints.
 */
import { useTranslation } from "react-i18next";
import { formatNumber } from "../lib/format";
import { pollBars, type BarInput } from "../lib/polls";

export function PollBars({
  options,
  responses,
  size = "normal",
  testId = "poll-bars",
}: {
  options: readonly BarInput[];
  responses: number;
  size?: "normal" | "big" | "small";
  testId?: string;
}) {
  const { t } = useTranslation();
  const bars = pollBars(options, responses);
  return (
    <div className={`poll-bars poll-bars-${size}`} data-testid={testId} data-responses={responses}>
      <ol className="poll-bar-list">
        {bars.map((b) => (
          <li key={b.id} className="poll-bar" data-testid="poll-bar" data-option-id={b.id} data-count={b.count}>
            <span className="poll-bar-label">{b.label}</span>
            <span className="poll-bar-track" aria-hidden="true">
              <span className="poll-bar-fill" style={{ width: `${b.width}%` }} />
            </span>
            <span className="poll-bar-figures">
              <strong className="poll-bar-count" data-testid="poll-bar-count">
                {b.countText}
              </strong>
              <span className="poll-bar-percent" data-testid="poll-bar-percent">
                {b.percentText}
              </span>
            </span>
          </li>
        ))}
      </ol>
      <p className="poll-responses" data-testid="poll-responses">
        {t("polls.responses", { n: formatNumber(responses) })}
      </p>
    </div>
  );
}
