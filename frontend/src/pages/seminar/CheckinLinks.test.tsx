// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { I18nextProvider } from "react-i18next";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CheckinLink, Seminar } from "../../api/types";
import i18n from "../../i18n";
import { CheckinLinks } from "./CheckinLinks";
import { inviteBody } from "./InvitePanel";

const seminar = { id: 1, slug: "hoi-nghi-toan-quoc", title: "Hội nghị toàn quốc", starts_at: "2026-07-19T01:00:00Z", timezone: "Asia/Ho_Chi_Minh", venue: null } as unknown as Seminar;
const link = (i: number, name = `Đảng ủy Xã Số ${i}`): CheckinLink => ({
  site_id: i,
  code: `QG-05-${String(i).padStart(3, "0")}`,
  name,
  locality: `Xã Số ${i}, Tỉnh Sơn La`,
  token: `t${i}`,
  checkin_url: `/site#t${i}`,
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** The bytes the page hands to the browser's download (URL.createObjectURL's blob). */
function captureDownloads(): { blobs: Blob[]; names: string[] } {
  const seen = { blobs: [] as Blob[], names: [] as string[] };
  URL.createObjectURL = (b: Blob) => (seen.blobs.push(b), "blob:csv");
  URL.revokeObjectURL = () => undefined;
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    seen.names.push(this.download);
  });
  return seen;
}

describe("the CSV of check-in links", () => {
  it("is written from the invite's answer alone: no request, UTF-8 with BOM, one row a link", async () => {
    const fetch = vi.fn(() => Promise.reject(new Error("no request expected")));
    vi.stubGlobal("fetch", fetch);
    const downloads = captureDownloads();
    const links = Array.from({ length: 2_000 }, (_, i) => link(i + 1));
    render(
      <I18nextProvider i18n={i18n}>
        <CheckinLinks seminar={seminar} links={links} onDismiss={() => undefined} />
      </I18nextProvider>,
    );
    expect(screen.getByRole("heading").textContent).toBe("Liên kết điểm danh (2.000)");
    expect(screen.queryAllByTestId("checkin-link")).toHaveLength(0); // thousands: counted, not rendered
    fireEvent.click(screen.getByRole("button", { name: "Tải CSV" }));

    expect(fetch).not.toHaveBeenCalled();
    expect(downloads.names).toEqual(["diemcau-hoi-nghi-toan-quoc-links-2000.csv"]);
    const bytes = new Uint8Array(await downloads.blobs[0].arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = new TextDecoder().decode(bytes.slice(3)).trimEnd().split("\r\n");
    expect(rows[0]).toBe("Mã,Điểm cầu,Địa bàn,Liên kết điểm danh");
    expect(rows).toHaveLength(1 + 2_000);
    expect(rows).toContain(`QG-05-007,Đảng ủy Xã Số 7,"Xã Số 7, Tỉnh Sơn La",${location.origin}/site#t7`);
  });

  it("shows a handful as named cards in Vietnamese order", () => {
    render(
      <I18nextProvider i18n={i18n}>
        <CheckinLinks seminar={seminar} links={[link(2, "Đảng ủy Xã Bắc Sơn"), link(10, "Đảng ủy Xã Ân Thi"), link(1, "Đảng ủy Xã An Bình")]} onDismiss={() => undefined} />
      </I18nextProvider>,
    );
    const cards = screen.getAllByTestId("checkin-link");
    expect(cards.map((c) => c.getAttribute("data-site-id"))).toEqual(["1", "10", "2"]);
    expect(cards[0].textContent).toContain("Đảng ủy Xã An Bình");
  });
});

describe("inviting ticked sites", () => {
  it("asks once: the sites alone, or every ticked branch in one all-or-nothing request", () => {
    expect(inviteBody([3, 9], false)).toEqual({ site_ids: [3, 9] });
    expect(inviteBody([3, 9], true)).toEqual({ subtrees_of: [3, 9] });
  });
});
