"use client";

import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { inputClass, SelectField, TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { errorsFromApi, type FieldErrors, validate } from "@/lib/client/form";
import { PROJECT_ROLE_OPTIONS } from "@/lib/client/roles";
import { addMemberInput } from "@/lib/projects/schema";
import { type MemberRow, useMemberMutations, useProjectMembers } from "./hooks";

export function MembersPanel({ projectId, currentUserId, canManage }: { projectId: string; currentUserId: string; canManage: boolean }) {
  const members = useProjectMembers(projectId);
  const mutations = useMemberMutations(projectId);
  const [rowError, setRowError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<MemberRow | null>(null);

  async function changeRole(member: MemberRow, role: string) {
    setRowError(null);
    try {
      await mutations.update.mutateAsync({ userId: member.id, role });
    } catch (error) {
      setRowError(errorsFromApi(error)._form ?? null);
    }
  }

  async function remove(member: MemberRow) {
    setRowError(null);
    try {
      await mutations.remove.mutateAsync(member.id);
      setRemoving(null);
    } catch (error) {
      setRemoving(null);
      setRowError(errorsFromApi(error)._form ?? null);
    }
  }

  return (
    <div className="flex flex-col gap-6">
      {canManage ? <AddMemberForm projectId={projectId} /> : null}
      <Card title="Members" description="People who can open this project, and what they may do in it.">
        {rowError ? (
          <div className="mb-3">
            <Alert>{rowError}</Alert>
          </div>
        ) : null}
        {members.isPending ? (
          <Spinner label="Loading members…" />
        ) : members.isError ? (
          <Alert>{members.error.message}</Alert>
        ) : (
          <Table label="Project members">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Email</Th>
                <Th>Role</Th>
                {canManage ? <Th className="text-right">Actions</Th> : null}
              </tr>
            </thead>
            <tbody>
              {members.data.map((member) => (
                <tr key={member.id}>
                  <Td>
                    {member.name} {member.id === currentUserId ? <Badge>you</Badge> : null}
                  </Td>
                  <Td className="text-fg-muted">{member.email}</Td>
                  <Td>
                    {canManage ? (
                      <select
                        aria-label={`Role of ${member.name}`}
                        className={cn(inputClass, "h-8 w-32")}
                        value={member.role}
                        onChange={(event) => changeRole(member, event.target.value)}
                      >
                        {PROJECT_ROLE_OPTIONS.map((option) => (
                          <option key={option.value} value={option.value}>
                            {option.value}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <Badge tone={member.role === "admin" ? "accent" : "neutral"}>{member.role}</Badge>
                    )}
                  </Td>
                  {canManage ? (
                    <Td className="text-right">
                      <Button variant="ghost" size="sm" onClick={() => setRemoving(member)} aria-label={`Remove ${member.name}`}>
                        Remove
                      </Button>
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Dialog open={removing !== null} onClose={() => setRemoving(null)} title={`Remove ${removing?.name ?? ""}?`}>
        <p className="text-sm text-fg-muted">
          They will lose access to this project at once. Their past activity stays attributed to them.
        </p>
        <DialogActions>
          <Button variant="secondary" onClick={() => setRemoving(null)} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" loading={mutations.remove.isPending} onClick={() => removing && remove(removing)}>
            Remove
          </Button>
        </DialogActions>
      </Dialog>
    </div>
  );
}

function AddMemberForm({ projectId }: { projectId: string }) {
  const { add } = useMemberMutations(projectId);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [added, setAdded] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setAdded(null);
    const { data, errors: invalid } = validate(addMemberInput, Object.fromEntries(new FormData(form)));
    setErrors(invalid);
    if (!data) return;
    try {
      await add.mutateAsync(data);
      setAdded(data.email);
      form.reset();
    } catch (error) {
      setErrors(errorsFromApi(error));
    }
  }

  return (
    <Card title="Add a member" description="Add someone who already has an account on this instance.">
      <form method="post" onSubmit={onSubmit} noValidate className="grid items-start gap-4 sm:grid-cols-[1fr_14rem_auto]">
        <TextField label="Email" name="email" type="email" required error={errors.email} />
        <SelectField label="Role" name="role" defaultValue="member" options={PROJECT_ROLE_OPTIONS} error={errors.role} />
        <Button type="submit" className="sm:mt-6" loading={add.isPending}>
          Add member
        </Button>
        {errors._form ? (
          <div className="sm:col-span-3">
            <Alert>{errors._form}</Alert>
          </div>
        ) : null}
        {added ? (
          <div className="sm:col-span-3">
            <Alert tone="info">{added} was added.</Alert>
          </div>
        ) : null}
      </form>
    </Card>
  );
}
