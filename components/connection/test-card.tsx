"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { Capabilities } from "@/lib/connection/capabilities";
import type { ConnectionTestResult } from "@/lib/connection/schema";
import { CapabilityList } from "./capability-list";

interface TestCardProps {
  onTest: () => void;
  testing: boolean;
  disabled: boolean;
  /** Whether the form has unsaved changes (the test then tries the form as it is). */
  draft: boolean;
  result: ConnectionTestResult | null;
  requestError: string | null;
  stored: { capabilities: Capabilities | null; testedAt: string | null };
}

export function TestCard({ onTest, testing, disabled, draft, result, requestError, stored }: TestCardProps) {
  return (
    <Card
      title="Test connection"
      description="Lists the upstream's models and checks which endpoints it offers, with GET requests only: nothing is created and nothing is billed."
      actions={
        <Button variant="secondary" className="shrink-0" onClick={onTest} loading={testing} disabled={disabled}>
          Test connection
        </Button>
      }
    >
      <div aria-live="polite" className="flex flex-col gap-4">
        {draft ? (
          <p className="text-xs text-fg-muted">
            The form has unsaved changes: the test tries them as they are. Save them to keep what the test finds.
          </p>
        ) : null}
        {requestError ? <Alert>{requestError}</Alert> : null}
        {result ? <TestOutcome result={result} /> : null}
        {!result && !requestError ? <StoredCapabilities {...stored} /> : null}
      </div>
    </Card>
  );
}

function TestOutcome({ result }: { result: ConnectionTestResult }) {
  if (!result.ok) {
    return (
      <Alert>
        <span className="font-medium">The test failed.</span> {result.error}
      </Alert>
    );
  }
  const more = (result.modelCount ?? 0) - result.models.length;
  return (
    <>
      <p role="status" className="text-sm">
        <span className="font-medium text-success">Connected.</span> {result.modelCount} {result.modelCount === 1 ? "model" : "models"},
        answered in {result.latencyMs} ms.
      </p>
      {result.models.length > 0 ? (
        <div className="flex flex-col gap-1.5">
          <h3 className="text-sm font-medium">Models</h3>
          <ul aria-label="Models" className="flex flex-wrap gap-1.5">
            {result.models.map((id) => (
              <li key={id} className="rounded bg-surface-2 px-1.5 py-0.5 font-mono text-xs">
                {id}
              </li>
            ))}
            {more > 0 ? <li className="px-1.5 py-0.5 text-xs text-fg-muted">and {more} more</li> : null}
          </ul>
        </div>
      ) : null}
      {result.capabilities ? (
        <div className="flex flex-col gap-1.5">
          <h3 className="text-sm font-medium">What this upstream offers</h3>
          <CapabilityList capabilities={result.capabilities} />
        </div>
      ) : null}
    </>
  );
}

function StoredCapabilities({ capabilities, testedAt }: { capabilities: Capabilities | null; testedAt: string | null }) {
  if (!capabilities || !testedAt) {
    return <p className="text-sm text-fg-muted">Not tested since it was last changed.</p>;
  }
  return (
    <div className="flex flex-col gap-1.5">
      <h3 className="text-sm font-medium">
        What this upstream offers, as of the last test (<time dateTime={testedAt}>{new Date(testedAt).toLocaleString()}</time>)
      </h3>
      <CapabilityList capabilities={capabilities} />
    </div>
  );
}
