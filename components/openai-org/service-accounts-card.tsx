"use client";

import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { inputClass, TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { errorsFromApi, useDialogFormErrors, validate } from "@/lib/client/form";
import { type CreatedServiceAccount, createServiceAccountInput, type OrgServiceAccount } from "@/lib/openai-org/schema";
import { formatUnix } from "./format";
import { useProjectMutation, useServiceAccounts } from "./hooks";

export function ServiceAccountsCard({ via, id, archived }: { via: string; id: string; archived: boolean }) {
  const accounts = useServiceAccounts(via, id);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedServiceAccount | null>(null);
  const [deleting, setDeleting] = useState<OrgServiceAccount | null>(null);
  const remove = useProjectMutation<string>(via, id, (accountId) => ({
    path: `service-accounts/${encodeURIComponent(accountId)}`,
    method: "DELETE",
  }));
  return (
    <Card
      title="Service accounts"
      description="Bots with a key of their own, not tied to a person."
      actions={archived ? null : <Button onClick={() => setCreating(true)}>New service account</Button>}
    >
      {accounts.isPending ? (
        <Spinner label="Loading service accounts…" />
      ) : accounts.isError ? (
        <Alert>{accounts.error.message}</Alert>
      ) : accounts.data.length === 0 ? (
        <p className="text-sm text-fg-muted">No service accounts.</p>
      ) : (
        <Table label="Service accounts">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Role</Th>
              <Th>Created</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </thead>
          <tbody>
            {accounts.data.map((account) => (
              <tr key={account.id}>
                <Td className="font-medium">{account.name}</Td>
                <Td>{account.role}</Td>
                <Td className="text-fg-muted">{formatUnix(account.created_at)}</Td>
                <Td className="text-right">
                  {archived ? null : (
                    <Button
                      variant="secondary"
                      size="sm"
                      onClick={() => setDeleting(account)}
                      aria-label={`Delete service account ${account.name}`}
                    >
                      Delete
                    </Button>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <CreateDialog via={via} id={id} open={creating} onClose={() => setCreating(false)} onCreated={setCreated} />
      <KeyOnceDialog account={created} onClose={() => setCreated(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? "service account"}?`}
        confirmLabel="Delete service account"
        pending={remove.isPending}
        error={remove.isError ? remove.error.message : null}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        Its keys stop working at once. This cannot be undone.
      </ConfirmDialog>
    </Card>
  );
}

function CreateDialog({
  via,
  id,
  open,
  onClose,
  onCreated,
}: {
  via: string;
  id: string;
  open: boolean;
  onClose: () => void;
  onCreated: (account: CreatedServiceAccount) => void;
}) {
  const create = useProjectMutation<{ name: string }, CreatedServiceAccount>(via, id, (body) => ({
    path: "service-accounts",
    method: "POST",
    body,
  }));
  const { errors, setErrors, close, formRef } = useDialogFormErrors(onClose);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, errors: invalid } = validate(createServiceAccountInput, { name: new FormData(event.currentTarget).get("name") });
    setErrors(invalid);
    if (!data) return;
    try {
      const account = await create.mutateAsync(data);
      close();
      onCreated(account);
    } catch (error) {
      setErrors(errorsFromApi(error));
    }
  }
  return (
    <Dialog open={open} onClose={close} title="New service account">
      <form ref={formRef} method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        {errors._form ? <Alert>{errors._form}</Alert> : null}
        <TextField label="Name" name="name" required autoFocus error={errors.name} hint="A key is created with it and shown once." />
        <DialogActions>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** The one time the key is ever shown: it is kept only in this dialog's state, gone when it closes. */
function KeyOnceDialog({ account, onClose }: { account: CreatedServiceAccount | null; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const value = account?.apiKey?.value ?? "";
  const close = () => {
    setCopied(false);
    onClose();
  };
  return (
    <Dialog open={account !== null} onClose={close} title={`Key of ${account?.name ?? "the service account"}`}>
      {value ? (
        <div className="flex flex-col gap-3">
          <Alert tone="info">
            Copy this key now: it will not be shown again. Anyone holding it can call the API as this service account.
          </Alert>
          <label className="flex flex-col gap-1.5 text-sm font-medium">
            Secret key
            <input readOnly value={value} className={`${inputClass} font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <DialogActions>
            <Button
              variant="secondary"
              onClick={() =>
                navigator.clipboard.writeText(value).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {copied ? "Copied" : "Copy"}
            </Button>
            <Button onClick={close}>Done</Button>
          </DialogActions>
        </div>
      ) : (
        <div className="flex flex-col gap-3">
          <p className="text-sm text-fg-muted">The service account was created without a key.</p>
          <DialogActions>
            <Button onClick={close}>Done</Button>
          </DialogActions>
        </div>
      )}
    </Dialog>
  );
}
