"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { Menu, menuItemClass } from "@/components/ui/menu";
import { PageHeader } from "@/components/ui/page-header";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { errorsFromApi } from "@/lib/client/form";
import { AddUserDialog } from "./add-user-dialog";
import { type InstanceRoleName, type IssuedLink as Link, type UserRow, useIssuePasswordReset, useUpdateUser, useUsers } from "./hooks";
import { InvitationsTable } from "./invitations-table";
import { InviteDialog } from "./invite-dialog";
import { IssuedLink } from "./issued-link";

const RANK: Record<InstanceRoleName, number> = { member: 0, admin: 1, owner: 2 };

export function UsersTable({
  canManage,
  canGrantOwner,
  currentUserId,
  currentRole,
}: {
  canManage: boolean;
  canGrantOwner: boolean;
  currentUserId: string;
  currentRole: InstanceRoleName;
}) {
  const users = useUsers();
  const update = useUpdateUser();
  const reset = useIssuePasswordReset();
  const [adding, setAdding] = useState(false);
  const [inviting, setInviting] = useState(false);
  const [deactivating, setDeactivating] = useState<UserRow | null>(null);
  const [resetLink, setResetLink] = useState<(Link & { name: string }) | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);

  // What the server allows, mirrored so the page offers nothing it would refuse.
  const canActOn = (user: UserRow) => canManage && RANK[user.instanceRole] <= RANK[currentRole];
  const roleChoices = (["owner", "admin", "member"] as const).filter((role) => RANK[role] <= RANK[currentRole]);

  async function run(action: () => Promise<unknown>) {
    setRowError(null);
    try {
      await action();
      return true;
    } catch (error) {
      setRowError(errorsFromApi(error)._form ?? "Something went wrong. Try again.");
      return false;
    }
  }

  return (
    <>
      <PageHeader
        title="Members"
        description="Everyone with an account on this Switchboard, and the invitations on their way."
        actions={
          canManage ? (
            <>
              <Button variant="secondary" onClick={() => setAdding(true)}>
                Add member
              </Button>
              <Button onClick={() => setInviting(true)}>Invite</Button>
            </>
          ) : null
        }
      />
      <div className="flex flex-col gap-6">
        {rowError ? <Alert>{rowError}</Alert> : null}
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
                {canManage ? <Th className="text-right">Actions</Th> : null}
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id}>
                  <Td className="font-medium">
                    {user.name} {user.id === currentUserId ? <Badge>you</Badge> : null}
                  </Td>
                  <Td className="text-fg-muted">{user.email}</Td>
                  <Td>
                    {canActOn(user) && user.status === "active" ? (
                      <select
                        aria-label={`Instance role of ${user.name}`}
                        className={cn(inputClass, "h-8 w-28")}
                        value={user.instanceRole}
                        disabled={update.isPending}
                        onChange={(event) => run(() => update.mutateAsync({ userId: user.id, instanceRole: event.target.value }))}
                      >
                        {roleChoices.map((role) => (
                          <option key={role} value={role}>
                            {role}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <Badge tone={user.instanceRole === "member" ? "neutral" : "accent"}>{user.instanceRole}</Badge>
                    )}
                  </Td>
                  <Td>{user._count.memberships}</Td>
                  <Td>
                    <Badge tone={user.status === "active" ? "success" : "warning"}>{user.status}</Badge>
                  </Td>
                  {canManage ? (
                    <Td className="text-right">
                      {canActOn(user) && user.id !== currentUserId ? (
                        <Menu
                          label={`Actions for ${user.name}`}
                          align="end"
                          className="inline-block"
                          trigger={<span className="px-1 text-sm">Actions ▾</span>}
                        >
                          {(close) =>
                            user.status === "active" ? (
                              <>
                                <button
                                  type="button"
                                  role="menuitem"
                                  className={menuItemClass}
                                  onClick={async () => {
                                    close();
                                    await run(async () => setResetLink({ ...(await reset.mutateAsync(user.id)), name: user.name }));
                                  }}
                                >
                                  Password reset link
                                </button>
                                <button
                                  type="button"
                                  role="menuitem"
                                  className={cn(menuItemClass, "text-danger")}
                                  onClick={() => {
                                    close();
                                    setDeactivating(user);
                                  }}
                                >
                                  Deactivate
                                </button>
                              </>
                            ) : (
                              <button
                                type="button"
                                role="menuitem"
                                className={menuItemClass}
                                onClick={() => {
                                  close();
                                  run(() => update.mutateAsync({ userId: user.id, status: "active" }));
                                }}
                              >
                                Reactivate
                              </button>
                            )
                          }
                        </Menu>
                      ) : null}
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <InvitationsTable canManage={canManage} />
      </div>
      {canManage ? (
        <>
          <AddUserDialog open={adding} onClose={() => setAdding(false)} canGrantOwner={canGrantOwner} />
          <InviteDialog open={inviting} onClose={() => setInviting(false)} canGrantOwner={canGrantOwner} />
          <ConfirmDialog
            open={deactivating !== null}
            title={`Deactivate ${deactivating?.name ?? ""}?`}
            confirmLabel="Deactivate"
            pending={update.isPending}
            onClose={() => setDeactivating(null)}
            onConfirm={async () => {
              const target = deactivating;
              setDeactivating(null);
              if (target) await run(() => update.mutateAsync({ userId: target.id, status: "deactivated" }));
            }}
          >
            They are signed out everywhere at once and can no longer sign in. What they did stays attributed to them, and they can be
            reactivated later.
          </ConfirmDialog>
          <Dialog open={resetLink !== null} onClose={() => setResetLink(null)} title={`Password reset link for ${resetLink?.name ?? ""}`}>
            {resetLink ? <IssuedLink link={resetLink} label="Password reset link" /> : null}
            <p className="text-xs text-fg-muted">It expires in 24 hours. Setting a new password signs them out everywhere.</p>
            <DialogActions>
              <Button onClick={() => setResetLink(null)}>Done</Button>
            </DialogActions>
          </Dialog>
        </>
      ) : null}
    </>
  );
}
