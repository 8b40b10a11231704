// Which groups the usage charts draw as series of their own (no server code here): the eight
// largest by cost, then by requests, and the rest together as "Other".

export const PALETTE = ["#0f766e", "#2563eb", "#d97706", "#9333ea", "#dc2626", "#0891b2", "#65a30d", "#db2777", "#64748b"];
const MAX_SERIES = 8;
export const OTHER_SERIES = "__other";

export interface Series {
  id: string;
  label: string;
  color: string;
}

interface ReportRows {
  groups: { id: string; label: string }[];
  rows: { group: string; costNanoUsd: string | number | bigint; requests: number }[];
}

export function chartSeries(report: ReportRows) {
  const cost = new Map<string, number>();
  const rank = new Map<string, number>();
  for (const row of report.rows) {
    cost.set(row.group, (cost.get(row.group) ?? 0) + Number(row.costNanoUsd));
    rank.set(row.group, (rank.get(row.group) ?? 0) + Number(row.costNanoUsd) + row.requests);
  }
  const ranked = [...rank.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  const shown = ranked.slice(0, MAX_SERIES);
  const label = new Map(report.groups.map((g) => [g.id, g.label]));
  const series: Series[] = shown.map((id, i) => ({ id, label: label.get(id) ?? id, color: PALETTE[i] }));
  if (ranked.length > MAX_SERIES) series.push({ id: OTHER_SERIES, label: "Other", color: PALETTE[MAX_SERIES] });
  const seriesOfGroup = (group: string) => (shown.includes(group) ? group : OTHER_SERIES);
  const costOf = (id: string) =>
    id === OTHER_SERIES ? ranked.slice(MAX_SERIES).reduce((sum, group) => sum + (cost.get(group) ?? 0), 0) : (cost.get(id) ?? 0);
  // The cost chart leaves out what cost nothing in the range (a console's list calls, "(no
  // model)"): it would draw no bar, only a legend entry. All of them when nothing cost anything.
  const costing = series.filter((s) => costOf(s.id) > 0);
  return { series, seriesOfGroup, costSeries: costing.length > 0 ? costing : series };
}
