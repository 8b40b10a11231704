import { describe, expect, it } from "vitest";
import { chartSeries, OTHER_SERIES } from "@/lib/usage/chart-series";

// Which groups the usage page's charts draw on their own (lib/usage/chart-series.ts).
const row = (group: string, costNanoUsd: number, requests: number) => ({ group, costNanoUsd: String(costNanoUsd), requests });

describe("the usage charts' series", () => {
  it("ranks groups by cost, then requests, and puts all beyond the eighth together as Other", () => {
    const groups = Array.from({ length: 10 }, (_, i) => ({ id: `m${i}`, label: `Model ${i}` }));
    const rows = groups.map((g, i) => row(g.id, (10 - i) * 1_000_000, 1));
    const { series, seriesOfGroup } = chartSeries({ groups, rows });
    expect(series.map((s) => s.label)).toEqual([...groups.slice(0, 8).map((g) => g.label), "Other"]);
    expect(new Set(series.map((s) => s.color)).size).toBe(9);
    expect(seriesOfGroup("m0")).toBe("m0");
    expect(seriesOfGroup("m9")).toBe(OTHER_SERIES);
  });

  it("leaves out of the cost chart what cost nothing in the range, but keeps it for the others", () => {
    const groups = [
      { id: "sandbox-chat", label: "sandbox-chat" },
      { id: "", label: "(no model)" },
    ];
    // Ten list calls of the console, no cost; three chat calls that cost something.
    const rows = [row("", 0, 10), row("sandbox-chat", 400_000, 3)];
    const { series, costSeries } = chartSeries({ groups, rows });
    expect(series.map((s) => s.label)).toEqual(["sandbox-chat", "(no model)"]);
    expect(costSeries.map((s) => s.label)).toEqual(["sandbox-chat"]);
  });

  it("keeps every series in the cost chart when nothing cost anything (all unpriced, say)", () => {
    const groups = [
      { id: "a", label: "a" },
      { id: "b", label: "b" },
    ];
    const { costSeries } = chartSeries({ groups, rows: [row("a", 0, 2), row("b", 0, 1)] });
    expect(costSeries.map((s) => s.id)).toEqual(["a", "b"]);
  });

  it("shows Other in the cost chart only when the groups it holds cost something", () => {
    const groups = Array.from({ length: 9 }, (_, i) => ({ id: `m${i}`, label: `m${i}` }));
    const paid = groups.map((g, i) => row(g.id, i < 8 ? 1_000_000 : 0, 1));
    expect(chartSeries({ groups, rows: paid }).costSeries.map((s) => s.id)).not.toContain(OTHER_SERIES);
    const allPaid = groups.map((g) => row(g.id, 1_000_000, 1));
    expect(chartSeries({ groups, rows: allPaid }).costSeries.map((s) => s.id)).toContain(OTHER_SERIES);
  });
});
