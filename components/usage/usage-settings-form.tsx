"use client";

import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { ApiError } from "@/lib/client/api";
import { formNumber } from "@/lib/validation/common";
import { useSaveUsageSettings, useUsageSettings } from "./hooks";

export function UsageSettingsForm({ projectId }: { projectId: string }) {
  const settings = useUsageSettings(projectId);
  const save = useSaveUsageSettings(projectId);
  const [budget, setBudget] = useState("");
  const [mode, setMode] = useState("metadata");
  const [days, setDays] = useState("7");
  useEffect(() => {
    if (!settings.data) return;
    setBudget(settings.data.monthlyBudgetUsd === null ? "" : String(settings.data.monthlyBudgetUsd));
    setMode(settings.data.requestLog);
    setDays(String(settings.data.bodyRetentionDays));
  }, [settings.data]);
  if (settings.isPending) return <Spinner label="Loading…" />;
  if (settings.isError) return <Alert>{settings.error.message}</Alert>;
  const error = save.error instanceof ApiError ? save.error : null;
  return (
    <Card title="Usage and logs" description="The monthly budget shown on the Usage page, and what the request log keeps.">
      <form
        className="flex max-w-md flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            monthlyBudgetUsd: formNumber(budget),
            requestLog: mode as "off" | "metadata" | "full",
            bodyRetentionDays: formNumber(days),
          });
        }}
      >
        <TextField
          label="Monthly budget (USD)"
          inputMode="decimal"
          value={budget}
          onChange={(e) => setBudget(e.target.value)}
          placeholder="No budget"
          error={error?.field === "monthlyBudgetUsd" ? error.message : undefined}
        />
        <SelectField
          label="Request log"
          value={mode}
          onChange={(e) => setMode(e.target.value)}
          options={[
            { value: "off", label: "Off: no request log" },
            { value: "metadata", label: "Metadata: who, what, tokens, cost, timing" },
            { value: "full", label: "Full: also request and response bodies" },
          ]}
          hint="Bodies are stored with API keys and secrets redacted. Usage figures are kept in every mode."
        />
        {mode === "full" ? (
          <TextField
            label="Keep bodies for (days)"
            type="number"
            min={1}
            max={365}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            error={error?.field === "bodyRetentionDays" ? error.message : undefined}
          />
        ) : null}
        {error && !error.field ? <Alert>{error.message}</Alert> : null}
        {save.isSuccess ? <p className="text-sm text-success">Saved.</p> : null}
        <Button type="submit" loading={save.isPending} className="self-start">
          Save
        </Button>
      </form>
    </Card>
  );
}
