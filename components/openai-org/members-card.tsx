"use client";

import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass, SelectField, TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { errorsFromApi, type FieldErrors, validate } from "@/lib/client/form";
import { addProjectUserInput, ORG_PROJECT_ROLES } from "@/lib/openai-org/schema";
import { formatUnix } from "./format";
import { useProjectMutation, useProjectUsers } from "./hooks";

const ROLE_OPTIONS = ORG_PROJECT_ROLES.map((role) => ({ value: role, label: role }));

export function MembersCard({ via, id, archived }: { via: string; id: string; archived: boolean }) {
  const users = useProjectUsers(via, id);
  const add = useProjectMutation<unknown>(via, id, (body) => ({ path: "users", method: "POST", body }));
  const change = useProjectMutation<{ userId: string; role: string }>(via, id, ({ userId, role }) => ({
    path: `users/${encodeURIComponent(userId)}`,
    method: "PATCH",
    body: { role },
  }));
  const remove = useProjectMutation<string>(via, id, (userId) => ({ path: `users/${encodeURIComponent(userId)}`, method: "DELETE" }));
  const [errors, setErrors] = useState<FieldErrors>({});
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const { data, errors: invalid } = validate(addProjectUserInput, { email: values.get("email"), role: values.get("role") });
    setErrors(invalid);
    if (!data) return;
    try {
      await add.mutateAsync(data);
      form.reset();
    } catch (error) {
      setErrors(errorsFromApi(error));
    }
  }
  const failure = change.isError ? change.error.message : remove.isError ? remove.error.message : null;
  return (
    <Card title="Members" description="People of the organization in this project, and their project role.">
      <div className="flex flex-col gap-4">
        {users.isPending ? (
          <Spinner label="Loading members…" />
        ) : users.isError ? (
          <Alert>{users.error.message}</Alert>
        ) : users.data.length === 0 ? (
          <p className="text-sm text-fg-muted">No members.</p>
        ) : (
          <Table label="Project members">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Email</Th>
                <Th>Role</Th>
                <Th>Added</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id}>
                  <Td className="font-medium">{user.name ?? "—"}</Td>
                  <Td>{user.email ?? "—"}</Td>
                  <Td>
                    <select
                      aria-label={`Role of ${user.email ?? user.id}`}
                      className={`${inputClass} h-8 w-28`}
                      value={user.role}
                      disabled={archived || change.isPending}
                      onChange={(e) => change.mutate({ userId: user.id, role: e.target.value })}
                    >
                      {ROLE_OPTIONS.map((option) => (
                        <option key={option.value} value={option.value}>
                          {option.label}
                        </option>
                      ))}
                    </select>
                  </Td>
                  <Td className="text-fg-muted">{formatUnix(user.added_at)}</Td>
                  <Td className="text-right">
                    {archived ? null : (
                      <Button
                        variant="secondary"
                        size="sm"
                        loading={remove.isPending && remove.variables === user.id}
                        onClick={() => remove.mutate(user.id)}
                      >
                        Remove
                      </Button>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {failure ? <Alert>{failure}</Alert> : null}
        {archived ? null : (
          <form method="post" onSubmit={onSubmit} noValidate className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
            <TextField label="Email" name="email" type="email" error={errors.email} />
            <SelectField label="Role" name="role" defaultValue="member" options={ROLE_OPTIONS} error={errors.role} />
            <Button type="submit" loading={add.isPending}>
              Add member
            </Button>
          </form>
        )}
        {errors._form ? <Alert>{errors._form}</Alert> : null}
      </div>
    </Card>
  );
}
