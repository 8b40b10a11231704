"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { AddUserDialog } from "./add-user-dialog";
import { useUsers } from "./hooks";

export function UsersTable({ canManage, canGrantOwner }: { canManage: boolean; canGrantOwner: boolean }) {
  const users = useUsers();
  const [adding, setAdding] = useState(false);
  return (
    <>
      <PageHeader
        title="Members"
        description="Everyone with an account on this Switchboard."
        actions={canManage ? <Button onClick={() => setAdding(true)}>Add member</Button> : null}
      />
      {users.isPending ? (
        <Spinner label="Loading members…" />
      ) : users.isError ? (
        <Alert>{users.error.message}</Alert>
      ) : users.data.length === 0 ? (
        <EmptyState title="No members" />
      ) : (
        <Table label="Instance members">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Email</Th>
              <Th>Role</Th>
              <Th>Projects</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => (
              <tr key={user.id}>
                <Td className="font-medium">{user.name}</Td>
                <Td className="text-fg-muted">{user.email}</Td>
                <Td>
                  <Badge tone={user.instanceRole === "member" ? "neutral" : "accent"}>{user.instanceRole}</Badge>
                </Td>
                <Td>{user._count.memberships}</Td>
                <Td>
                  <Badge tone={user.status === "active" ? "success" : "warning"}>{user.status}</Badge>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {canManage ? <AddUserDialog open={adding} onClose={() => setAdding(false)} canGrantOwner={canGrantOwner} /> : null}
    </>
  );
}
