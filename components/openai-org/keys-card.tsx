"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import type { OrgApiKey } from "@/lib/openai-org/schema";
import { formatUnix } from "./format";
import { useApiKeys, useProjectMutation } from "./hooks";

function ownerOf(key: OrgApiKey): string {
  if (key.owner.service_account) return `${key.owner.service_account.name} (service account)`;
  if (key.owner.user) return `${key.owner.user.name} <${key.owner.user.email}>`;
  return "unknown";
}

export function KeysCard({ via, id }: { via: string; id: string }) {
  const keys = useApiKeys(via, id);
  const [deleting, setDeleting] = useState<OrgApiKey | null>(null);
  const remove = useProjectMutation<string>(via, id, (keyId) => ({ path: `api-keys/${encodeURIComponent(keyId)}`, method: "DELETE" }));
  return (
    <Card title="API keys" description="Every key of the project, with its owner and when it was last used.">
      {keys.isPending ? (
        <Spinner label="Loading keys…" />
      ) : keys.isError ? (
        <Alert>{keys.error.message}</Alert>
      ) : keys.data.data.length === 0 ? (
        <p className="text-sm text-fg-muted">No API keys.</p>
      ) : (
        <Table label="API keys">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Key</Th>
              <Th>Owner</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </thead>
          <tbody>
            {keys.data.data.map((key) => (
              <tr key={key.id}>
                <Td className="font-medium">
                  {key.name}
                  {key.inUseBy ? (
                    <div className="mt-1">
                      <Badge tone="warning">used by Switchboard project {key.inUseBy.projectName}</Badge>
                    </div>
                  ) : null}
                </Td>
                <Td className="font-mono text-xs">{key.redacted_value}</Td>
                <Td>{ownerOf(key)}</Td>
                <Td className="text-fg-muted">{formatUnix(key.created_at)}</Td>
                <Td className="text-fg-muted">{formatUnix(key.last_used_at)}</Td>
                <Td className="text-right">
                  <Button
                    variant="secondary"
                    size="sm"
                    disabled={key.inUseBy !== null}
                    title={key.inUseBy ? "Switchboard uses this key; give that project's connection another key first" : undefined}
                    aria-label={`Delete key ${key.name} ${key.redacted_value}`}
                    onClick={() => setDeleting(key)}
                  >
                    Delete
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this key?"
        confirmLabel="Delete key"
        pending={remove.isPending}
        error={remove.isError ? remove.error.message : null}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        {deleting ? `${deleting.name} (${deleting.redacted_value}, owned by ${ownerOf(deleting)}) stops working at once. ` : null}
        Whatever uses it will be refused. This cannot be undone.
      </ConfirmDialog>
    </Card>
  );
}
