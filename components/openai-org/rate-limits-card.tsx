"use client";

import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { errorsFromApi, useDialogFormErrors, validate } from "@/lib/client/form";
import { type OrgRateLimit, rateLimitInput } from "@/lib/openai-org/schema";
import { useProjectMutation, useRateLimits } from "./hooks";

const FIELDS = [
  ["max_requests_per_1_minute", "Requests per minute"],
  ["max_tokens_per_1_minute", "Tokens per minute"],
  ["max_requests_per_1_day", "Requests per day"],
  ["batch_1_day_max_input_tokens", "Batch input tokens per day"],
] as const;

const number = (value: number | undefined) => (value === undefined ? "—" : value.toLocaleString());

export function RateLimitsCard({ via, id, archived }: { via: string; id: string; archived: boolean }) {
  const limits = useRateLimits(via, id);
  const [editing, setEditing] = useState<OrgRateLimit | null>(null);
  return (
    <Card title="Rate limits" description="Per model; a project's limits can be lowered below the organization's, never raised above them.">
      {limits.isPending ? (
        <Spinner label="Loading rate limits…" />
      ) : limits.isError ? (
        <Alert>{limits.error.message}</Alert>
      ) : (
        <Table label="Rate limits">
          <thead>
            <tr>
              <Th>Model</Th>
              {FIELDS.map(([field, label]) => (
                <Th key={field} className="text-right">
                  {label}
                </Th>
              ))}
              <Th className="text-right">Actions</Th>
            </tr>
          </thead>
          <tbody>
            {limits.data.map((limit) => (
              <tr key={limit.id}>
                <Td className="font-mono text-xs">{limit.model}</Td>
                {FIELDS.map(([field]) => (
                  <Td key={field} className="text-right tabular-nums">
                    {number(limit[field])}
                  </Td>
                ))}
                <Td className="text-right">
                  {archived ? null : (
                    <Button variant="secondary" size="sm" aria-label={`Edit limits of ${limit.model}`} onClick={() => setEditing(limit)}>
                      Edit
                    </Button>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <EditDialog via={via} id={id} limit={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}

function EditDialog({ via, id, limit, onClose }: { via: string; id: string; limit: OrgRateLimit | null; onClose: () => void }) {
  const update = useProjectMutation<Record<string, number>>(via, id, (body) => ({
    path: `rate-limits/${encodeURIComponent(limit?.id ?? "")}`,
    method: "PATCH",
    body,
  }));
  const { errors, setErrors, close, formRef } = useDialogFormErrors(onClose);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!limit) return;
    const form = new FormData(event.currentTarget);
    // Only what changed is sent, so a limit nobody touched keeps following the organization's.
    const changed: Record<string, number> = {};
    for (const [field] of FIELDS) {
      const raw = String(form.get(field) ?? "").replace(/[\s,_]/g, "");
      if (raw === "" || Number(raw) === limit[field]) continue;
      changed[field] = raw === "" ? Number.NaN : Number(raw);
    }
    const { data, errors: invalid } = validate(rateLimitInput, changed);
    setErrors(invalid);
    if (!data) return;
    try {
      await update.mutateAsync(data as Record<string, number>);
      close();
    } catch (error) {
      setErrors(errorsFromApi(error));
    }
  }
  return (
    <Dialog open={limit !== null} onClose={close} title={`Rate limits of ${limit?.model ?? ""}`}>
      <form ref={formRef} method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        {errors._form ? <Alert>{errors._form}</Alert> : null}
        {FIELDS.map(([field, label]) =>
          limit?.[field] === undefined ? null : (
            <TextField
              key={field}
              label={label}
              name={field}
              inputMode="numeric"
              defaultValue={String(limit[field])}
              error={errors[field]}
            />
          ),
        )}
        <DialogActions>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save limits
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
