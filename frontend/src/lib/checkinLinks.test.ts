import { describe, expect, it } from "vitest";
import { csvBlob } from "./csv";
import { INLINE_LINKS_MAX, labelLinks, linksCsv, linksFileName, mergeLinks, showInline, unlabelled } from "./checkinLinks";

const link = (site_id: number, token = `t${site_id}`) => ({ site_id, token, checkin_url: `/site#${token}` });
const headers = { code: "Mã", name: "Điểm cầu", locality: "Địa bàn", url: "Liên kết điểm danh" };

describe("check-in links after an invite", () => {
  it("renders a handful and only counts thousands", () => {
    expect(showInline(2)).toBe(true);
    expect(showInline(INLINE_LINKS_MAX)).toBe(true);
    expect(showInline(36_000)).toBe(false);
  });
  it("keeps the newest link of a site (a rotated token replaces the invite's)", () => {
    const merged = mergeLinks([link(1, "old"), link(2)], [link(1, "new")]);
    expect(merged.map((l) => l.token).sort()).toEqual(["new", "t2"]);
  });
  it("labels links with their sites in Vietnamese order and lists those still unknown", () => {
    const labels = new Map([
      [1, { code: "QG-01", name: "Đảng bộ Tỉnh Lai Châu" }],
      [2, { code: "QG-02", name: "Đảng bộ Thành phố Hà Nội", locality: "Thành phố Hà Nội" }],
    ]);
    const labelled = labelLinks([link(1), link(2), link(3)], labels);
    expect(labelled.map((l) => l.name)).toEqual(["#3", "Đảng bộ Thành phố Hà Nội", "Đảng bộ Tỉnh Lai Châu"]);
    expect(unlabelled([link(1), link(3)], labels)).toEqual([3]);
  });
  it("writes a CSV that spreadsheets read as UTF-8 (byte-order mark, CRLF, quoted cells)", async () => {
    const labelled = labelLinks([link(1)], new Map([[1, { code: "QG-01-001", name: 'Đảng ủy Xã "Tân Phú"', locality: "Xã Tân Phú, Tỉnh Lai Châu" }]]));
    const text = linksCsv(labelled, headers, (u) => `https://diemcau.vn${u}`);
    expect(text).toBe(
      'Mã,Điểm cầu,Địa bàn,Liên kết điểm danh\r\nQG-01-001,"Đảng ủy Xã ""Tân Phú""","Xã Tân Phú, Tỉnh Lai Châu",https://diemcau.vn/site#t1\r\n',
    );
    const bytes = new Uint8Array(await csvBlob(text).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe(text);
  });
  it("names the file after the seminar and the count", () => {
    expect(linksFileName("toa-dam-2026", 36_000)).toBe("diemcau-toa-dam-2026-links-36000.csv");
    expect(linksFileName("", 1)).toBe("diemcau-seminar-links-1.csv");
  });
});
