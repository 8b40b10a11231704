"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { useHydrated } from "@/components/ui/use-hydrated";
import { formatCount } from "@/lib/usage/format";
import { useReconciliation } from "./hooks";
import { utcDaysCovering } from "./range";

// Our figures next to the upstream's bill, per UTC day and model, fetched when asked.
export function ReconcilePanel({ projectId, from, to, tz }: { projectId: string; from: string; to: string; tz: string }) {
  const [asked, setAsked] = useState<{ from: string; to: string } | null>(null);
  const days = utcDaysCovering(from, to, tz);
  const result = useReconciliation(projectId, asked);
  const hydrated = useHydrated();
  const usd = (n: number) => `$${n.toFixed(4)}`;
  return (
    <Card
      title="Compare with the upstream's bill"
      description="The organization's own usage and costs (with the connection's admin key), per UTC day and model, next to ours."
      actions={
        <Button variant="secondary" onClick={() => setAsked(days)} loading={result.isFetching} disabled={!hydrated}>
          Compare
        </Button>
      }
    >
      {!asked ? (
        <p className="text-sm text-fg-muted">
          Compares {days.from} to {days.to}
          {days.from === from && days.to === to ? "" : ` (UTC days, which hold all of ${from} to ${to} in ${tz})`}. Differences in tokens
          mean traffic that did not go through Switchboard; in cost alone, a price that is wrong.
        </p>
      ) : result.isPending ? (
        <Spinner label="Asking the upstream…" />
      ) : result.isError ? (
        <Alert>{result.error.message}</Alert>
      ) : result.data.rows.length === 0 ? (
        <EmptyState title="Nothing billed in this range, here or upstream" />
      ) : (
        <>
          <p className="mb-3 text-sm text-fg-muted">Upstream figures cover {result.data.scope}.</p>
          <Table label="Reconciliation">
            <thead>
              <tr>
                <Th>Day (UTC)</Th>
                <Th>Model</Th>
                <Th className="text-right">Tokens here</Th>
                <Th className="text-right">Tokens upstream</Th>
                <Th className="text-right">Cost here</Th>
                <Th className="text-right">Cost upstream</Th>
                <Th>Difference</Th>
              </tr>
            </thead>
            <tbody>
              {result.data.rows.map((row) => (
                <tr key={`${row.day}-${row.model}`} className={row.difference === "none" ? undefined : "bg-warning/10"}>
                  <Td>{row.day}</Td>
                  <Td className="font-mono text-xs">{row.model}</Td>
                  <Td className="text-right tabular-nums">{formatCount(row.ours.inputTokens + row.ours.outputTokens)}</Td>
                  <Td className="text-right tabular-nums">{formatCount(row.theirs.inputTokens + row.theirs.outputTokens)}</Td>
                  <Td className="text-right tabular-nums">{usd(row.ours.costUsd)}</Td>
                  <Td className="text-right tabular-nums">{usd(row.theirs.costUsd)}</Td>
                  <Td>
                    {row.difference === "tokens" ? (
                      <Badge tone="warning">traffic outside Switchboard</Badge>
                    ) : row.difference === "cost" ? (
                      <Badge tone="warning">price differs</Badge>
                    ) : (
                      <Badge tone="success">matches</Badge>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </Card>
  );
}
