import { describe, expect, it } from "vitest";
import { csvBlob } from "./csv";
import { INLINE_LINKS_MAX, linksCsv, linksFileName, mergeLinks, showInline, sortLinks, type CheckinLink } from "./checkinLinks";

/** A link as POST /seminars/{id}/sites answers it: the site's code, name and locality come along. */
const link = (site_id: number, name: string, extra: Partial<CheckinLink> = {}): CheckinLink => ({
  site_id,
  code: `QG-${String(site_id).padStart(2, "0")}`,
  name,
  locality: null,
  token: `t${site_id}`,
  checkin_url: `/site#t${site_id}`,
  ...extra,
});
const headers = { code: "Mã", name: "Điểm cầu", locality: "Địa bàn", url: "Liên kết điểm danh" };

describe("check-in links after an invite", () => {
  it("renders a handful and only counts thousands", () => {
    expect(showInline(2)).toBe(true);
    expect(showInline(INLINE_LINKS_MAX)).toBe(true);
    expect(showInline(36_000)).toBe(false);
  });
  it("keeps the newest link of a site (a rotated token replaces the invite's)", () => {
    const merged = mergeLinks([link(1, "A", { token: "old" }), link(2, "B")], [link(1, "A", { token: "new" })]);
    expect(merged.map((l) => l.token).sort()).toEqual(["new", "t2"]);
  });
  it("lists the links in Vietnamese order of the names the invite answered", () => {
    const sorted = sortLinks([link(1, "Đảng bộ Tỉnh Lai Châu"), link(2, "Đảng bộ Thành phố Hà Nội"), link(3, "Đảng bộ Tỉnh An Giang")]);
    expect(sorted.map((l) => l.name)).toEqual(["Đảng bộ Thành phố Hà Nội", "Đảng bộ Tỉnh An Giang", "Đảng bộ Tỉnh Lai Châu"]);
  });
  it("writes the file straight from the invite's answer: code, name, locality, full URL", () => {
    const answer = [
      link(7, "Đảng ủy Xã Tân Phú", { code: "QG-05-001", locality: "Xã Tân Phú, Tỉnh Sơn La" }),
      link(5, "Đảng bộ Tỉnh Sơn La", { code: "QG-05" }),
    ];
    expect(linksCsv(answer, headers, (u) => `https://diemcau.vn${u}`)).toBe(
      "Mã,Điểm cầu,Địa bàn,Liên kết điểm danh\r\n" +
        "QG-05,Đảng bộ Tỉnh Sơn La,,https://diemcau.vn/site#t5\r\n" +
        'QG-05-001,Đảng ủy Xã Tân Phú,"Xã Tân Phú, Tỉnh Sơn La",https://diemcau.vn/site#t7\r\n',
    );
  });
  it("writes a CSV that spreadsheets read as UTF-8 (byte-order mark, CRLF, quoted cells)", async () => {
    const text = linksCsv([link(1, 'Đảng ủy Xã "Tân Phú"', { code: "QG-01-001" })], headers, (u) => `https://diemcau.vn${u}`);
    expect(text).toBe('Mã,Điểm cầu,Địa bàn,Liên kết điểm danh\r\nQG-01-001,"Đảng ủy Xã ""Tân Phú""",,https://diemcau.vn/site#t1\r\n');
    const bytes = new Uint8Array(await csvBlob(text).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe(text);
  });
  it("writes 40,000 links without anything else to read", () => {
    const many = Array.from({ length: 40_000 }, (_, i) => link(i + 1, `Điểm cầu ${i + 1}`));
    const lines = linksCsv(many, headers, (u) => u).split("\r\n");
    expect(lines).toHaveLength(1 + 40_000 + 1); // header, rows, the final CRLF
  });
  it("names the file after the seminar and the count", () => {
    expect(linksFileName("toa-dam-2026", 36_000)).toBe("diemcau-toa-dam-2026-links-36000.csv");
    expect(linksFileName("", 1)).toBe("diemcau-seminar-links-1.csv");
  });
});
