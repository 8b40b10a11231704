"use client";

import { type FormEvent, useState } from "react";
import { useProjectMembers } from "@/components/projects/hooks";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { createKeyInput, ENDPOINT_GROUP_LABELS, ENDPOINT_GROUPS, updateKeyInput } from "@/lib/api-keys/schema";
import { errorsFromApi, useDialogFormErrors, validate } from "@/lib/client/form";
import { useUpstreamModels } from "@/lib/client/upstream-hooks";
import { formNumber } from "@/lib/validation/common";
import { type IssuedKey, type KeyView, useApiKeyMutations, useServiceAccounts } from "./hooks";

const PERMISSION_OPTIONS = [
  { value: "all", label: "All endpoints" },
  { value: "read", label: "Read-only (GET requests)" },
  { value: "groups", label: "Only some endpoints…" },
];

function modelIds(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** A stored expiry as the date field shows it (the form saves the end of that day, local time). */
function dateField(iso: string | null): string {
  if (!iso) return "";
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/**
 * What an admin fills in to issue a key (on success the parent shows the secret once), or, given
 * `editing`, to change what an existing key may do: everything but its owner and its secret.
 */
export function KeyDialog({
  projectId,
  currentUserId,
  open,
  onClose,
  onCreated,
  editing = null,
}: {
  projectId: string;
  currentUserId: string;
  open: boolean;
  onClose: () => void;
  /** When creating: the new key and its secret, for the parent to show once. */
  onCreated?: (issued: IssuedKey) => void;
  editing?: KeyView | null;
}) {
  const { create, update, createServiceAccount } = useApiKeyMutations(projectId);
  const members = useProjectMembers(projectId);
  const accounts = useServiceAccounts(projectId, open && !editing);
  const { errors, setErrors, close, formRef } = useDialogFormErrors(onClose);
  const [mode, setMode] = useState<string>(editing?.permissions.mode ?? "all");
  const [owner, setOwner] = useState(`user:${currentUserId}`);
  const [newAccount, setNewAccount] = useState("");
  const [modelsText, setModelsText] = useState(editing?.allowedModels?.join(", ") ?? "");
  // A typo in a model id would only show as refused calls: say so while the form is open. Not a
  // rule, as an upstream may serve models its list does not show.
  const upstreamModels = useUpstreamModels(projectId, { enabled: open });
  const known = new Set((upstreamModels.data ?? []).map((model) => model.id));
  const unknownModels = upstreamModels.data ? modelIds(modelsText).filter((id) => !known.has(id)) : [];
  // The fields unmount when the dialog closes; what is kept here is reset with them, so the next
  // key starts from the defaults whether this one was created or cancelled.
  const fresh = () => {
    setMode("all");
    setOwner(`user:${currentUserId}`);
    setNewAccount("");
    setModelsText("");
  };
  const cancel = () => {
    fresh();
    close();
  };

  const ownerOptions = [
    { value: `user:${currentUserId}`, label: "Me" },
    ...(members.data ?? []).filter((m) => m.id !== currentUserId).map((m) => ({ value: `user:${m.id}`, label: `${m.name} (${m.email})` })),
    ...(accounts.data ?? []).map((a) => ({ value: `sa:${a.id}`, label: `Service account: ${a.name}` })),
  ];

  async function addAccount() {
    if (!newAccount.trim()) return;
    try {
      const account = await createServiceAccount.mutateAsync(newAccount.trim());
      setOwner(`sa:${account.id}`);
      setNewAccount("");
    } catch (error) {
      setErrors({ owner: errorsFromApi(error).name ?? errorsFromApi(error)._form });
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const models = modelIds(modelsText);
    const expires = String(form.get("expiresAt") ?? "");
    const [ownerType, ownerId] = owner.split(":");
    const settings = {
      name: form.get("name"),
      permissions: mode === "groups" ? { mode, groups: form.getAll("groups") } : { mode },
      allowedModels: models.length ? models : null,
      expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
      requestsPerMinute: formNumber(form.get("requestsPerMinute")),
      tokensPerMinute: formNumber(form.get("tokensPerMinute")),
      monthlyBudgetUsd: formNumber(form.get("monthlyBudgetUsd")),
      budgetAction: form.get("budgetAction"),
    };
    if (editing) {
      const { data, errors: invalid } = validate(updateKeyInput, settings);
      setErrors(invalid);
      if (!data) return;
      try {
        await update.mutateAsync({ keyId: editing.id, input: data });
        close();
      } catch (error) {
        setErrors(errorsFromApi(error));
      }
      return;
    }
    const owned = {
      ...settings,
      owner: ownerType === "sa" ? { type: "service_account", serviceAccountId: ownerId } : { type: "user", userId: ownerId },
    };
    const { data, errors: invalid } = validate(createKeyInput, owned);
    setErrors(invalid);
    if (!data) return;
    try {
      const issued = await create.mutateAsync(data);
      setErrors({});
      fresh();
      onCreated?.(issued);
    } catch (error) {
      setErrors(errorsFromApi(error));
    }
  }

  const ownerFields = () => (
    <>
      <SelectField
        label="Owner"
        name="owner"
        value={owner}
        onChange={(event) => setOwner(event.target.value)}
        options={ownerOptions}
        error={errors.owner ?? errors["owner.userId"] ?? errors["owner.serviceAccountId"]}
        hint="A person's key stops working when they leave the project; a service account's key does not."
      />
      <div className="flex gap-2">
        <input
          aria-label="New service account name"
          placeholder="New service account…"
          value={newAccount}
          onChange={(event) => setNewAccount(event.target.value)}
          className="h-8 flex-1 rounded-md border border-border bg-surface px-3 text-sm"
        />
        <Button size="sm" variant="secondary" onClick={addAccount} loading={createServiceAccount.isPending} disabled={!newAccount.trim()}>
          Add service account
        </Button>
      </div>
    </>
  );

  return (
    <Dialog open={open} onClose={cancel} title={editing ? `Edit “${editing.name}”` : "Create API key"}>
      <form ref={formRef} method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <TextField
          label="Name"
          name="name"
          required
          autoFocus
          placeholder="e.g. Billing service"
          defaultValue={editing?.name}
          error={errors.name}
        />
        {editing ? (
          <p className="text-sm text-fg-muted">
            Owner: {editing.owner.type === "service_account" ? `service account ${editing.owner.name}` : editing.owner.name}. The key keeps
            its secret (sk-sb-…{editing.lastFour}); changes apply from the next call.
          </p>
        ) : (
          ownerFields()
        )}
        <SelectField
          label="Permissions"
          name="mode"
          value={mode}
          onChange={(event) => setMode(event.target.value)}
          options={PERMISSION_OPTIONS}
          error={errors["permissions.groups"] ?? errors.permissions}
        />
        {mode === "groups" ? (
          <fieldset className="grid grid-cols-2 gap-2 text-sm">
            <legend className="sr-only">Endpoint groups</legend>
            {ENDPOINT_GROUPS.map((group) => (
              <label key={group} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  name="groups"
                  value={group}
                  defaultChecked={
                    editing?.permissions.mode === "groups" ? editing.permissions.groups.includes(group) : group === "responses"
                  }
                />
                {ENDPOINT_GROUP_LABELS[group]}
              </label>
            ))}
          </fieldset>
        ) : null}
        <TextField
          label="Allowed models"
          name="allowedModels"
          placeholder="All models"
          value={modelsText}
          onChange={(event) => setModelsText(event.target.value)}
          hint={
            unknownModels.length
              ? `Not among this connection's models: ${unknownModels.join(", ")}. Calls naming them will be refused.`
              : "Model ids separated by commas; empty allows every model."
          }
          error={errors.allowedModels}
        />
        <TextField
          label="Expires"
          name="expiresAt"
          type="date"
          defaultValue={dateField(editing?.expiresAt ?? null)}
          hint="Empty: never."
          error={errors.expiresAt}
        />
        <div className="grid grid-cols-2 gap-3">
          <TextField
            label="Requests per minute"
            name="requestsPerMinute"
            inputMode="numeric"
            defaultValue={editing?.requestsPerMinute ?? undefined}
            placeholder="No limit"
            error={errors.requestsPerMinute}
          />
          <TextField
            label="Tokens per minute"
            name="tokensPerMinute"
            inputMode="numeric"
            defaultValue={editing?.tokensPerMinute ?? undefined}
            placeholder="No limit"
            error={errors.tokensPerMinute}
          />
        </div>
        <div className="grid grid-cols-2 gap-3">
          <TextField
            label="Monthly budget (USD)"
            name="monthlyBudgetUsd"
            inputMode="decimal"
            defaultValue={editing?.monthlyBudgetUsd ?? undefined}
            placeholder="No budget"
            error={errors.monthlyBudgetUsd}
          />
          <SelectField
            label="At the budget"
            name="budgetAction"
            defaultValue={editing?.budgetAction ?? "block"}
            options={[
              { value: "block", label: "Block calls" },
              { value: "alert", label: "Only alert" },
            ]}
          />
        </div>
        {errors._form ? <Alert>{errors._form}</Alert> : null}
        <DialogActions>
          <Button variant="secondary" onClick={cancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {editing ? "Save changes" : "Create key"}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
