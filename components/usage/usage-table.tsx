"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Table, Td, Th, WIDE_ONLY } from "@/components/ui/table";
import { formatCount, formatUsd, toCsv } from "@/lib/usage/format";
import type { UsageFigures } from "@/lib/usage/query";
import type { UsageReport } from "./hooks";

// The numbers under the charts: one line per group over the whole range, and the total. The CSV
// export is built from exactly these lines.

export interface TableLine extends UsageFigures {
  id: string;
  label: string;
}

export function tableLines(report: UsageReport): TableLine[] {
  const lines = new Map<string, TableLine>();
  const label = new Map(report.groups.map((g) => [g.id, g.label]));
  for (const row of report.rows) {
    const line = lines.get(row.group) ?? {
      id: row.group,
      label: label.get(row.group) ?? row.group,
      requests: 0,
      errors: 0,
      unpriced: 0,
      inputTokens: 0,
      cachedTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
      costNanoUsd: "0",
    };
    for (const key of ["requests", "errors", "unpriced", "inputTokens", "cachedTokens", "outputTokens", "reasoningTokens"] as const)
      line[key] += row[key];
    line.costNanoUsd = (BigInt(line.costNanoUsd) + BigInt(row.costNanoUsd)).toString();
    lines.set(row.group, line);
  }
  return [...lines.values()].sort((a, b) => Number(BigInt(b.costNanoUsd) - BigInt(a.costNanoUsd)) || b.requests - a.requests);
}

const COLUMNS = [
  "Requests",
  "Errors",
  "Input tokens",
  "Cached tokens",
  "Output tokens",
  "Reasoning tokens",
  "Cost (USD)",
  "Unpriced requests",
];

function cells(f: UsageFigures): (string | number)[] {
  return [
    f.requests,
    f.errors,
    f.inputTokens,
    f.cachedTokens,
    f.outputTokens,
    f.reasoningTokens,
    (Number(f.costNanoUsd) / 1e9).toFixed(6),
    f.unpriced,
  ];
}

export function usageCsv(report: UsageReport, groupName: string): string {
  const lines = tableLines(report);
  return toCsv([groupName, ...COLUMNS], [...lines.map((line) => [line.label, ...cells(line)]), ["Total", ...cells(report.totals)]]);
}

// Cached and reasoning tokens only where the page has room (WIDE_ONLY): they are also in the tokens chart and the CSV.
export function UsageTable({ report, groupName, onFilter }: { report: UsageReport; groupName: string; onFilter?: (id: string) => void }) {
  const lines = tableLines(report);
  const row = (label: React.ReactNode, f: UsageFigures, action?: React.ReactNode) => (
    <>
      <Td className="font-medium">{label}</Td>
      <Td className="text-right tabular-nums">{formatCount(f.requests)}</Td>
      <Td className="text-right tabular-nums">{f.errors ? formatCount(f.errors) : "—"}</Td>
      <Td className="text-right tabular-nums">{formatCount(f.inputTokens)}</Td>
      <Td className={cn("text-right tabular-nums", WIDE_ONLY)}>{formatCount(f.cachedTokens)}</Td>
      <Td className="text-right tabular-nums">{formatCount(f.outputTokens)}</Td>
      <Td className={cn("text-right tabular-nums", WIDE_ONLY)}>{formatCount(f.reasoningTokens)}</Td>
      <Td className="text-right tabular-nums">
        {formatUsd(f.costNanoUsd)}
        {f.unpriced ? (
          <span className="ml-2">
            <Badge tone="warning">{f.unpriced} unpriced</Badge>
          </span>
        ) : null}
      </Td>
      <Td>{action}</Td>
    </>
  );
  return (
    <div className="@container">
      <Table label="Usage by group">
        <thead>
          <tr>
            <Th>{groupName}</Th>
            <Th className="text-right">Requests</Th>
            <Th className="text-right">Errors</Th>
            <Th className="text-right">Input</Th>
            <Th className={cn("text-right", WIDE_ONLY)}>Cached</Th>
            <Th className="text-right">Output</Th>
            <Th className={cn("text-right", WIDE_ONLY)}>Reasoning</Th>
            <Th className="text-right">Cost</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id}>
              {row(
                line.label,
                line,
                onFilter && line.id ? (
                  <Button size="sm" variant="ghost" onClick={() => onFilter(line.id)} aria-label={`Only ${line.label}`}>
                    Filter
                  </Button>
                ) : null,
              )}
            </tr>
          ))}
          <tr className="border-t-2 border-border bg-surface-2">{row("Total", report.totals)}</tr>
        </tbody>
      </Table>
    </div>
  );
}
