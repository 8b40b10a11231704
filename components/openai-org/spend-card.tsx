"use client";

import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { errorsFromApi, type FieldErrors, validate } from "@/lib/client/form";
import { spendAlertInput, spendLimitInput } from "@/lib/openai-org/schema";
import { centsFromDollars, formatCents } from "./format";
import { useProjectMutation, useSpendAlerts, useSpendLimit } from "./hooks";

export function SpendCard({ via, id, archived }: { via: string; id: string; archived: boolean }) {
  return (
    <Card
      title="Spend limit and alerts"
      description="A hard monthly limit for the project, and emails when its spend passes a threshold (USD)."
    >
      <div className="flex flex-col gap-6">
        <SpendLimit via={via} id={id} archived={archived} />
        <SpendAlerts via={via} id={id} archived={archived} />
      </div>
    </Card>
  );
}

function SpendLimit({ via, id, archived }: { via: string; id: string; archived: boolean }) {
  const limit = useSpendLimit(via, id);
  const set = useProjectMutation<{ thresholdCents: number }>(via, id, (body) => ({ path: "spend-limit", method: "PUT", body }));
  const remove = useProjectMutation<void>(via, id, () => ({ path: "spend-limit", method: "DELETE" }));
  const [errors, setErrors] = useState<FieldErrors>({});
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const { data, errors: invalid } = validate(spendLimitInput, {
      thresholdCents: centsFromDollars(String(new FormData(form).get("limit"))),
    });
    setErrors(invalid.thresholdCents ? { limit: invalid.thresholdCents } : invalid);
    if (!data) return;
    try {
      await set.mutateAsync(data);
      form.reset();
    } catch (error) {
      setErrors(errorsFromApi(error));
    }
  }
  if (limit.isPending) return <Spinner label="Loading spend limit…" />;
  if (limit.isError) return <Alert>{limit.error.message}</Alert>;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm">
        {limit.data ? (
          <>
            Hard limit: <strong>{formatCents(limit.data.threshold_amount)}</strong> a month ({limit.data.enforcement.status}).
          </>
        ) : (
          "No hard spend limit."
        )}
      </p>
      {archived ? null : (
        <form method="post" onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-2">
          <div className="w-48">
            <TextField label="Monthly limit ($)" name="limit" inputMode="decimal" placeholder="100.00" error={errors.limit} />
          </div>
          <Button type="submit" loading={set.isPending}>
            {limit.data ? "Change limit" : "Set limit"}
          </Button>
          {limit.data ? (
            <Button variant="secondary" loading={remove.isPending} onClick={() => remove.mutate(undefined)}>
              Remove limit
            </Button>
          ) : null}
        </form>
      )}
      {errors._form ? <Alert>{errors._form}</Alert> : null}
      {remove.isError ? <Alert>{remove.error.message}</Alert> : null}
    </div>
  );
}

function SpendAlerts({ via, id, archived }: { via: string; id: string; archived: boolean }) {
  const alerts = useSpendAlerts(via, id);
  const create = useProjectMutation<unknown>(via, id, (body) => ({ path: "spend-alerts", method: "POST", body }));
  const remove = useProjectMutation<string>(via, id, (alertId) => ({
    path: `spend-alerts/${encodeURIComponent(alertId)}`,
    method: "DELETE",
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const { data, errors: invalid } = validate(spendAlertInput, {
      thresholdCents: centsFromDollars(String(values.get("threshold"))),
      recipients: String(values.get("recipients") ?? "")
        .split(/[\s,;]+/)
        .filter(Boolean),
      subjectPrefix: values.get("subjectPrefix") ?? "",
    });
    const firstRecipientError = Object.entries(invalid).find(([key]) => key.startsWith("recipients"))?.[1];
    setErrors({ ...invalid, threshold: invalid.thresholdCents, recipients: firstRecipientError ?? "" });
    if (!data) return;
    try {
      await create.mutateAsync(data);
      form.reset();
    } catch (error) {
      setErrors(errorsFromApi(error));
    }
  }
  return (
    <div className="flex flex-col gap-3">
      <h3 className="text-sm font-semibold">Alerts</h3>
      {alerts.isPending ? (
        <Spinner label="Loading alerts…" />
      ) : alerts.isError ? (
        <Alert>{alerts.error.message}</Alert>
      ) : alerts.data.length === 0 ? (
        <p className="text-sm text-fg-muted">No spend alerts.</p>
      ) : (
        <Table label="Spend alerts">
          <thead>
            <tr>
              <Th>Threshold</Th>
              <Th>Recipients</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </thead>
          <tbody>
            {alerts.data.map((alert) => (
              <tr key={alert.id}>
                <Td>{formatCents(alert.threshold_amount)} a month</Td>
                <Td>{alert.notification_channel.recipients.join(", ")}</Td>
                <Td className="text-right">
                  {archived ? null : (
                    <Button
                      variant="secondary"
                      size="sm"
                      loading={remove.isPending && remove.variables === alert.id}
                      onClick={() => remove.mutate(alert.id)}
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
      {remove.isError ? <Alert>{remove.error.message}</Alert> : null}
      {archived ? null : (
        <form method="post" onSubmit={onSubmit} noValidate className="grid gap-3 sm:grid-cols-[10rem_1fr_12rem_auto] sm:items-end">
          <TextField label="Threshold ($)" name="threshold" inputMode="decimal" placeholder="50.00" error={errors.threshold} />
          <TextField label="Recipients" name="recipients" placeholder="finance@example.com" error={errors.recipients || undefined} />
          <TextField label="Subject prefix (optional)" name="subjectPrefix" error={errors.subjectPrefix} />
          <Button type="submit" loading={create.isPending}>
            Add alert
          </Button>
        </form>
      )}
      {errors._form ? <Alert>{errors._form}</Alert> : null}
    </div>
  );
}
