// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { I18nextProvider } from "react-i18next";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import i18n from "../i18n";
import { DataTable, parseSortParam, sortParam, type Column, type SortState } from "./DataTable";

interface Site {
  id: number;
  name: string;
  headcount: number | null;
}
const SITES: Site[] = [
  { id: 1, name: "Hà Nội", headcount: 120 },
  { id: 2, name: "Đà Nẵng", headcount: null },
  { id: 3, name: "Cà Mau", headcount: 45 },
  { id: 4, name: "An Giang", headcount: 300 },
];
const COLUMNS: Column<Site>[] = [
  { key: "name", header: "Điểm cầu", accessor: (s) => s.name, sortable: true },
  { key: "headcount", header: "Số người", accessor: (s) => s.headcount, sortable: true, numeric: true, firstDir: "desc" },
];

const ui = (node: React.ReactNode) => render(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);
const names = () => screen.getAllByRole("row").slice(1).map((r) => within(r).getAllByRole("cell")[0].textContent);

afterEach(cleanup);

describe("DataTable: states", () => {
  it("shows a spinner while the first page loads", () => {
    ui(<DataTable columns={COLUMNS} rows={undefined} rowKey={(s) => s.id} loading />);
    expect(screen.getByRole("status").textContent).toContain("Đang tải");
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("shows the server's Vietnamese detail and a retry button on error", () => {
    const onRetry = vi.fn();
    const error = new ApiError(503, "Máy chủ đang quá tải, vui lòng thử lại sau", undefined, { detail: "Máy chủ đang quá tải, vui lòng thử lại sau", code: "server.busy" });
    ui(<DataTable columns={COLUMNS} rows={undefined} rowKey={(s) => s.id} error={error} onRetry={onRetry} />);
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Máy chủ đang quá tải, vui lòng thử lại sau");
    expect(alert.getAttribute("data-code")).toBe("server.busy");
    fireEvent.click(within(alert).getByRole("button", { name: "Thử lại" }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it("shows the empty state, its own text or the default", () => {
    ui(<DataTable columns={COLUMNS} rows={[]} rowKey={(s) => s.id} empty="Chưa mời điểm cầu nào." />);
    expect(screen.getByText("Chưa mời điểm cầu nào.")).toBeTruthy();
    cleanup();
    ui(<DataTable columns={COLUMNS} rows={[]} rowKey={(s) => s.id} />);
    expect(screen.getByText("Không có dữ liệu.")).toBeTruthy();
  });

  it("renders cells from render() or the accessor, with card labels for the phone layout", () => {
    const columns: Column<Site>[] = [...COLUMNS, { key: "link", header: "Liên kết", render: (s) => <a href={`/s/${s.id}`}>mở</a> }];
    ui(<DataTable columns={columns} rows={SITES} rowKey={(s) => s.id} actions={(s) => <button type="button">Xóa {s.name}</button>} />);
    const first = screen.getAllByRole("row")[1];
    const cells = within(first).getAllByRole("cell");
    expect(cells.map((c) => c.textContent)).toEqual(["Hà Nội", "120", "mở", "Xóa Hà Nội"]);
    expect(cells[1].getAttribute("data-label")).toBe("Số người");
    expect(cells[1].className).toContain("num");
    expect(within(screen.getAllByRole("row")[2]).getAllByRole("cell")[1].textContent).toBe("—");
  });
});

describe("DataTable: client-side sort", () => {
  it("sorts names the Vietnamese way, flips on a second click, and marks the header", () => {
    ui(<DataTable columns={COLUMNS} rows={SITES} rowKey={(s) => s.id} />);
    expect(names()).toEqual(["Hà Nội", "Đà Nẵng", "Cà Mau", "An Giang"]);
    fireEvent.click(screen.getByTestId("sort-name"));
    expect(names()).toEqual(["An Giang", "Cà Mau", "Đà Nẵng", "Hà Nội"]);
    expect(screen.getByTestId("sort-name").closest("th")!.getAttribute("aria-sort")).toBe("ascending");
    fireEvent.click(screen.getByTestId("sort-name"));
    expect(names()).toEqual(["Hà Nội", "Đà Nẵng", "Cà Mau", "An Giang"]);
    expect(screen.getByTestId("sort-name").closest("th")!.getAttribute("aria-sort")).toBe("descending");
  });

  it("figures start descending and missing values stay last", () => {
    ui(<DataTable columns={COLUMNS} rows={SITES} rowKey={(s) => s.id} />);
    fireEvent.click(screen.getByTestId("sort-headcount"));
    expect(names()).toEqual(["An Giang", "Hà Nội", "Cà Mau", "Đà Nẵng"]);
    fireEvent.click(screen.getByTestId("sort-headcount"));
    expect(names()).toEqual(["Cà Mau", "Hà Nội", "An Giang", "Đà Nẵng"]);
  });

  it("the phone's sort select sorts the same rows (cards stay sortable)", () => {
    ui(<DataTable columns={COLUMNS} rows={SITES} rowKey={(s) => s.id} />);
    const select = screen.getByLabelText("Sắp xếp theo") as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual([
      "Thứ tự mặc định",
      "Điểm cầu (tăng dần)",
      "Điểm cầu (giảm dần)",
      "Số người (giảm dần)",
      "Số người (tăng dần)",
    ]);
    fireEvent.change(select, { target: { value: "-headcount" } });
    expect(names()).toEqual(["An Giang", "Hà Nội", "Cà Mau", "Đà Nẵng"]);
    expect(screen.getByTestId("sort-headcount").closest("th")!.getAttribute("aria-sort")).toBe("descending");
    fireEvent.change(select, { target: { value: "" } });
    expect(names()).toEqual(["Hà Nội", "Đà Nẵng", "Cà Mau", "An Giang"]);
  });

  it("pages a long list and goes back to the first page when the sort changes", () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ id: i + 1, name: `Điểm ${String(i + 1).padStart(2, "0")}`, headcount: i }));
    ui(<DataTable columns={COLUMNS} rows={many} rowKey={(s) => s.id} pageSize={10} />);
    expect(names()).toHaveLength(10);
    fireEvent.click(screen.getByRole("button", { name: "Trang sau" }));
    expect(names()[0]).toBe("Điểm 11");
    expect(screen.getByText("11–20 trên tổng số 25")).toBeTruthy();
    fireEvent.click(screen.getByTestId("sort-headcount"));
    expect(names()[0]).toBe("Điểm 25");
    expect(screen.getByText("1–10 trên tổng số 25")).toBeTruthy();
  });
});

describe("DataTable: server-side sort and paging", () => {
  /** A page that keeps the sort and offset it would send to the API, and shows rows as given. */
  function ServerList({ onQuery }: { onQuery: (q: { sort?: string; offset: number }) => void }) {
    const [sort, setSort] = useState<SortState>(null);
    const [offset, setOffset] = useState(0);
    return (
      <DataTable
        columns={COLUMNS}
        rows={SITES}
        rowKey={(s) => s.id}
        sortMode="server"
        sort={sort}
        onSortChange={(s) => {
          setSort(s);
          setOffset(0);
          onQuery({ sort: sortParam(s), offset: 0 });
        }}
        paging={{
          total: 120,
          limit: 4,
          offset,
          onChange: (o) => {
            setOffset(o);
            onQuery({ sort: sortParam(sort), offset: o });
          },
        }}
      />
    );
  }

  it("reports the sort as the API's sort param and leaves the order to the server", () => {
    const queries: { sort?: string; offset: number }[] = [];
    ui(<ServerList onQuery={(q) => queries.push(q)} />);
    fireEvent.click(screen.getByRole("button", { name: "Trang sau" }));
    fireEvent.click(screen.getByTestId("sort-headcount"));
    fireEvent.change(screen.getByLabelText("Sắp xếp theo"), { target: { value: "name" } });
    expect(queries).toEqual([
      { sort: undefined, offset: 4 },
      { sort: "-headcount", offset: 0 },
      { sort: "name", offset: 0 },
    ]);
    expect(names()).toEqual(["Hà Nội", "Đà Nẵng", "Cà Mau", "An Giang"]);
    expect(screen.getByText("1–4 trên tổng số 120")).toBeTruthy();
  });

  it("keeps showing the previous rows while the next page loads", () => {
    ui(<DataTable columns={COLUMNS} rows={SITES} rowKey={(s) => s.id} loading testId="t" />);
    expect(screen.getByTestId("t").getAttribute("aria-busy")).toBe("true");
    expect(names()).toHaveLength(4);
  });

  it("sort params round-trip", () => {
    expect(sortParam({ key: "headcount", dir: "desc" })).toBe("-headcount");
    expect(sortParam(null)).toBeUndefined();
    expect(parseSortParam("-checked_in_at")).toEqual({ key: "checked_in_at", dir: "desc" });
    expect(parseSortParam("name")).toEqual({ key: "name", dir: "asc" });
    expect(parseSortParam("")).toBeNull();
  });
});

describe("DataTable: row expansion (lazy tree)", () => {
  interface Node {
    id: number;
    name: string;
    children: number;
  }
  const CHILDREN: Record<number, Node[]> = { 1: [{ id: 11, name: "Phường Ba Đình", children: 0 }], 11: [] };
  const columns: Column<Node>[] = [{ key: "name", header: "Tên", accessor: (n) => n.name }];

  function Tree({ rows, loaded }: { rows: Node[]; loaded: number[] }) {
    const [open, setOpen] = useState<Set<number>>(new Set());
    return (
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(n) => n.id}
        nested={rows !== ROOTS}
        expansion={{
          canExpand: (n) => n.children > 0,
          isExpanded: (n) => open.has(n.id),
          onToggle: (n) =>
            setOpen((s) => {
              const next = new Set(s);
              if (!next.delete(n.id)) next.add(n.id);
              return next;
            }),
          renderExpanded: (n) => {
            loaded.push(n.id);
            return <Tree rows={CHILDREN[n.id]} loaded={loaded} />;
          },
        }}
      />
    );
  }
  const ROOTS: Node[] = [
    { id: 1, name: "Hà Nội", children: 1 },
    { id: 2, name: "Điểm lẻ", children: 0 },
  ];

  it("renders a row's children below it only once it is opened, and closes again", () => {
    const loaded: number[] = [];
    ui(<Tree rows={ROOTS} loaded={loaded} />);
    expect(screen.getAllByTestId("row-toggle")).toHaveLength(1);
    expect(loaded).toEqual([]);
    const toggle = screen.getByRole("button", { name: "Mở nhánh Hà Nội" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    act(() => toggle.click());
    expect(loaded).toContain(1);
    const children = document.querySelector('[data-children-of="1"]')!;
    expect(children.previousElementSibling!.getAttribute("data-row-key")).toBe("1");
    expect(children.textContent).toContain("Phường Ba Đình");
    expect(screen.getByRole("button", { name: "Thu gọn nhánh Hà Nội" }).getAttribute("aria-expanded")).toBe("true");
    act(() => screen.getByRole("button", { name: "Thu gọn nhánh Hà Nội" }).click());
    expect(document.querySelector('[data-children-of="1"]')).toBeNull();
  });
});
