"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { errorsFromApi } from "@/lib/client/form";
import { useInvitations, useRevokeInvitation } from "./hooks";

export function InvitationsTable({ canManage }: { canManage: boolean }) {
  const invitations = useInvitations();
  const revoke = useRevokeInvitation();
  const [error, setError] = useState<string | null>(null);
  if (invitations.isPending) return <Spinner label="Loading invitations…" />;
  if (invitations.isError) return <Alert>{invitations.error.message}</Alert>;
  if (invitations.data.length === 0) return null;
  return (
    <Card title="Pending invitations" description="Links sent but not yet accepted. A withdrawn link stops working at once.">
      {error ? (
        <div className="mb-3">
          <Alert>{error}</Alert>
        </div>
      ) : null}
      <Table label="Pending invitations">
        <thead>
          <tr>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Projects</Th>
            <Th>Invited by</Th>
            <Th>Expires</Th>
            {canManage ? <Th className="text-right">Actions</Th> : null}
          </tr>
        </thead>
        <tbody>
          {invitations.data.map((invitation) => (
            <tr key={invitation.id}>
              <Td className="font-medium">{invitation.email}</Td>
              <Td>
                <Badge tone={invitation.instanceRole === "member" ? "neutral" : "accent"}>{invitation.instanceRole}</Badge>
              </Td>
              <Td>{invitation.projects.length}</Td>
              <Td className="text-fg-muted">{invitation.invitedBy?.name ?? "—"}</Td>
              <Td>
                {invitation.expired ? (
                  <Badge tone="warning">expired</Badge>
                ) : (
                  <time dateTime={invitation.expiresAt} className="text-fg-muted">
                    {new Date(invitation.expiresAt).toLocaleDateString()}
                  </time>
                )}
              </Td>
              {canManage ? (
                <Td className="text-right">
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Withdraw the invitation of ${invitation.email}`}
                    loading={revoke.isPending && revoke.variables === invitation.id}
                    onClick={() => {
                      setError(null);
                      revoke.mutateAsync(invitation.id).catch((err) => setError(errorsFromApi(err)._form ?? "Failed"));
                    }}
                  >
                    Withdraw
                  </Button>
                </Td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
