"use client";

import { useEffect, useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass, SelectField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { formatUsd } from "@/lib/usage/format";
import { type MonthToDate, useUsage } from "./hooks";
import { browserTimeZone, PRESETS, type Preset, presetRange } from "./range";
import { ReconcilePanel } from "./reconcile-panel";
import { UsageCharts } from "./usage-charts";
import { UsageTable, usageCsv } from "./usage-table";

const GROUPS = [
  { value: "model", label: "Model" },
  { value: "key", label: "API key" },
  { value: "user", label: "Person" },
  { value: "endpoint", label: "Endpoint" },
  { value: "project", label: "Project" },
  { value: "none", label: "Nothing" },
] as const;
type Group = (typeof GROUPS)[number]["value"];
const FILTER_OF: Record<Group, string | null> = {
  model: "model",
  key: "apiKeyId",
  user: "userId",
  endpoint: "endpoint",
  project: "projectId",
  none: null,
};
const FILTER_LABEL: Record<string, string> = {
  model: "Model",
  apiKeyId: "API key",
  userId: "Person",
  endpoint: "Endpoint",
  projectId: "Project",
};

/** The usage page: a project's (projectId) or, for instance admins, every project's (null). */
export function UsageDashboard({ projectId, canReconcile = false }: { projectId: string | null; canReconcile?: boolean }) {
  const [tz, setTz] = useState("UTC");
  const [localTz, setLocalTz] = useState("UTC");
  useEffect(() => {
    const zone = browserTimeZone();
    setLocalTz(zone);
    setTz(zone);
  }, []);
  const [preset, setPreset] = useState<Preset>("30d");
  const [custom, setCustom] = useState(() => presetRange("30d", "UTC"));
  const [groupBy, setGroupBy] = useState<Group>(projectId ? "model" : "project");
  const [filters, setFilters] = useState<Record<string, string>>({});
  const range = preset === "custom" ? custom : presetRange(preset, tz);
  const params = useMemo(() => ({ from: range.from, to: range.to, tz, groupBy, ...filters }), [range.from, range.to, tz, groupBy, filters]);
  const usage = useUsage(projectId, params);
  const groups = projectId ? GROUPS.filter((g) => g.value !== "project") : GROUPS;
  const groupName = GROUPS.find((g) => g.value === groupBy)?.label ?? "Group";
  const report = usage.data?.report;
  const labels = new Map(report?.groups.map((g) => [g.id, g.label]));
  const filterKey = FILTER_OF[groupBy];

  const exportCsv = () => {
    if (!report) return;
    const blob = new Blob([usageCsv(report, groupName)], { type: "text/csv" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `usage-${report.from}-to-${report.to}-by-${groupBy}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-44">
          <SelectField label="Range" value={preset} onChange={(e) => setPreset(e.target.value as Preset)} options={PRESETS} />
        </div>
        {preset === "custom" ? (
          <>
            <label className="flex flex-col gap-1.5 text-sm font-medium">
              From
              <input
                type="date"
                className={inputClass}
                value={custom.from}
                max={custom.to}
                onChange={(e) => e.target.value && setCustom({ ...custom, from: e.target.value })}
              />
            </label>
            <label className="flex flex-col gap-1.5 text-sm font-medium">
              To
              <input
                type="date"
                className={inputClass}
                value={custom.to}
                min={custom.from}
                onChange={(e) => e.target.value && setCustom({ ...custom, to: e.target.value })}
              />
            </label>
          </>
        ) : null}
        <div className="w-40">
          <SelectField label="Group by" value={groupBy} onChange={(e) => setGroupBy(e.target.value as Group)} options={groups} />
        </div>
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-1.5 text-sm font-medium">Time zone</legend>
          <div className="flex gap-1" role="radiogroup" aria-label="Time zone">
            {[...new Set([localTz, "UTC"])].map((zone) => (
              <Button
                key={zone}
                size="sm"
                variant={tz === zone ? "primary" : "secondary"}
                role="radio"
                aria-checked={tz === zone}
                onClick={() => setTz(zone)}
              >
                {zone}
              </Button>
            ))}
          </div>
        </fieldset>
        <div className="ml-auto">
          <Button variant="secondary" onClick={exportCsv} disabled={!report}>
            Export CSV
          </Button>
        </div>
      </div>
      {Object.keys(filters).length ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-fg-muted">Filters:</span>
          {Object.entries(filters).map(([key, value]) => (
            <Button
              key={key}
              size="sm"
              variant="secondary"
              aria-label={`Remove filter ${FILTER_LABEL[key]}`}
              onClick={() => setFilters(({ [key]: _, ...rest }) => rest)}
            >
              {FILTER_LABEL[key]}: {value === "-" ? "none" : value} ×
            </Button>
          ))}
        </div>
      ) : null}
      {usage.data?.month ? <BudgetCard month={usage.data.month} /> : null}
      {usage.isPending ? (
        <Spinner label="Loading usage…" />
      ) : usage.isError ? (
        <Alert>{usage.error.message}</Alert>
      ) : report && report.rows.length === 0 ? (
        <EmptyState title="No usage in this range">
          Calls through the playground, the API proxy or the gateway appear here within a second.
        </EmptyState>
      ) : report ? (
        <>
          <UsageCharts report={report} />
          <UsageTable
            report={report}
            groupName={groupName}
            onFilter={filterKey ? (id) => setFilters((f) => ({ ...f, [filterKey]: id || "-" })) : undefined}
          />
          <p className="text-xs text-fg-muted">
            Days run midnight to midnight in {report.tz}. {labels.size} {labels.size === 1 ? "line" : "lines"} by {groupName.toLowerCase()}.
            Unpriced requests (a model with no price) are counted apart, never as $0: add their price under Admin → Prices.
          </p>
        </>
      ) : null}
      {projectId && canReconcile ? <ReconcilePanel projectId={projectId} from={range.from} to={range.to} tz={tz} /> : null}
    </div>
  );
}

function BudgetCard({ month }: { month: MonthToDate }) {
  const budget = month.budgetMicros === null ? null : Number(month.budgetMicros) * 1000;
  const spent = Number(month.costNanoUsd);
  const projected = Number(month.projectedNanoUsd);
  const share = budget ? Math.min(100, (spent / budget) * 100) : 0;
  return (
    <Card title={`This month (${month.month})`}>
      <div className="flex flex-wrap items-baseline gap-x-8 gap-y-2 text-sm">
        <p>
          <span className="text-2xl font-semibold tabular-nums">{formatUsd(month.costNanoUsd)}</span>{" "}
          {budget !== null ? (
            <span className="text-fg-muted">of {formatUsd(budget)} budget</span>
          ) : (
            <span className="text-fg-muted">no budget set</span>
          )}
        </p>
        <p className="text-fg-muted">
          Projected for the month: <span className="font-medium text-fg tabular-nums">{formatUsd(projected)}</span>
          {budget !== null && projected > budget ? (
            <span className="ml-2">
              <Badge tone="danger">over budget</Badge>
            </span>
          ) : null}
        </p>
        {month.unpriced ? (
          <Badge tone="warning">
            {month.unpriced} unpriced {month.unpriced === 1 ? "request" : "requests"} not included
          </Badge>
        ) : null}
      </div>
      {budget !== null ? (
        <div
          className="mt-3 h-2 rounded bg-surface-2"
          role="progressbar"
          aria-label="Budget used"
          aria-valuenow={Math.round(share)}
          aria-valuemin={0}
          aria-valuemax={100}
        >
          <div className={`h-2 rounded ${share >= 100 ? "bg-danger" : "bg-accent"}`} style={{ width: `${share}%` }} />
        </div>
      ) : null}
    </Card>
  );
}
