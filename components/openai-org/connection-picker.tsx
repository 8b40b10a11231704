"use client";

import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectField } from "@/components/ui/field";
import type { AdminConnectionSummary } from "@/lib/openai-org/schema";
import { useIssueSandboxAdminKey } from "./hooks";

/** Which connection's admin key the pages use; there may be several organizations behind them. */
export function ConnectionPicker({ connections, via }: { connections: AdminConnectionSummary[]; via: string }) {
  const router = useRouter();
  const withKey = connections.filter((c) => c.adminKey);
  return (
    <div className="max-w-md">
      <SelectField
        label="Organization reached through"
        value={via}
        onChange={(event) => router.push(`/admin/openai?via=${encodeURIComponent(event.target.value)}`)}
        options={withKey.map((c) => ({
          value: c.projectId,
          label: `${c.projectName} — ${c.label}${c.organization ? ` (${c.organization})` : ""}`,
        }))}
        hint="The Switchboard project whose connection holds the admin key. Every sandbox connection reaches the same sandbox organization."
      />
    </div>
  );
}

/** No connection has an admin key yet: say how to add one, and offer one for a sandbox connection. */
export function NoAdminKey({ connections }: { connections: AdminConnectionSummary[] }) {
  const issue = useIssueSandboxAdminKey();
  const sandbox = connections.find((c) => c.canIssueSandboxAdminKey);
  return (
    <EmptyState
      title="No connection has an admin key"
      action={
        sandbox ? (
          <div className="flex flex-col items-center gap-2 text-sm text-fg-muted">
            <span>Or try it on the sandbox, whose organization holds every project on the sandbox:</span>
            <Button loading={issue.isPending} onClick={() => issue.mutate(sandbox.projectId)}>
              Create a sandbox admin key
            </Button>
            <span className="text-xs">Stored, sealed, in the connection of {sandbox.projectName}.</span>
            {issue.isError ? <Alert>{issue.error.message}</Alert> : null}
          </div>
        ) : undefined
      }
    >
      The organization's projects, keys and limits are managed with an admin key (platform.openai.com → Settings → Admin keys). Add one to a
      project's connection under Settings → API connection → Advanced; it never leaves the server.
    </EmptyState>
  );
}
