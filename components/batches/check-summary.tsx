"use client";

import { Alert } from "@/components/ui/alert";
import type { LineCheckReport } from "@/lib/batches/check-lines";
import { estimateCost, formatDollars } from "@/lib/batches/estimate";
import { useBatchRates } from "@/lib/client/batch-hooks";
import { formatBytes } from "@/lib/files/sizes";

const numbers = new Intl.NumberFormat();

/** What the browser found in a batch file: bad lines by number, the requests, models and the estimated cost. */
export function CheckSummary({ projectId, report, fileProblems }: { projectId: string; report: LineCheckReport; fileProblems: string[] }) {
  const models = [...report.models.keys()];
  const rates = useBatchRates(projectId, models.length === 1 ? models : []);
  const rate = models.length === 1 ? rates.data?.rates[models[0]] : undefined;
  const cost = rate ? estimateCost(report, rate) : null;
  return (
    <div className="flex flex-col gap-3 text-sm">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-4">
        <div>
          <dt className="text-fg-muted">Requests</dt>
          <dd className="font-medium" data-testid="check-requests">
            {numbers.format(report.requests)}
          </dd>
        </div>
        <div>
          <dt className="text-fg-muted">Models</dt>
          <dd className="font-medium">{models.length ? models.join(", ") : "—"}</dd>
        </div>
        <div>
          <dt className="text-fg-muted">Size</dt>
          <dd className="font-medium">{formatBytes(report.bytes)}</dd>
        </div>
        <div>
          <dt className="text-fg-muted">Input tokens</dt>
          <dd className="font-medium">{numbers.format(report.inputTokens)}</dd>
        </div>
      </dl>
      {models.length === 1 ? (
        <p data-testid="check-cost">
          {rates.isPending ? (
            "Looking up the batch rate…"
          ) : rates.isError ? (
            "The price could not be read; the estimate is unavailable."
          ) : !rate || !cost ? (
            <>No price is set for {models[0]}, so the cost cannot be estimated. An admin can add one under Prices.</>
          ) : (
            <>
              Estimated cost at the batch rate ({rate.batchDiscountPercent}% off): <strong>{formatDollars(cost.inputDollars)}</strong> for
              the input
              {report.outputTokenCap > 0 ? <>, and at most {formatDollars(cost.outputCapDollars)} for capped output</> : null}
              {cost.linesWithoutCap > 0 ? (
                <span className="text-fg-muted">
                  {" "}
                  (output of {numbers.format(cost.linesWithoutCap)} lines without a max token cap not counted)
                </span>
              ) : null}
              .
            </>
          )}
        </p>
      ) : null}
      {fileProblems.map((problem) => (
        <Alert key={problem}>{problem}</Alert>
      ))}
      {report.badCount > 0 ? (
        <div role="alert" className="flex flex-col gap-1">
          <p className="font-medium text-danger">
            {numbers.format(report.badCount)} bad {report.badCount === 1 ? "line" : "lines"}
            {report.badCount > report.bad.length ? ` (the first ${report.bad.length} listed)` : ""}:
          </p>
          <ul
            aria-label="Bad lines"
            className="max-h-64 overflow-auto rounded-md border border-border bg-surface-2 px-3 py-2 font-mono text-xs"
          >
            {report.bad.map((bad) => (
              <li key={bad.line}>
                Line {bad.line}: {bad.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
