"use client";

import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/client/form";
import { type DeploymentRowState, newDeploymentRow } from "./form-state";

/** Azure: which deployment serves each model name that clients ask for. */
export function DeploymentsEditor({
  rows,
  onChange,
  errors,
  disabled,
}: {
  rows: DeploymentRowState[];
  onChange: (rows: DeploymentRowState[]) => void;
  errors: FieldErrors;
  disabled?: boolean;
}) {
  const update = (id: number, patch: Partial<DeploymentRowState>) =>
    onChange(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-medium">Deployments</legend>
      <p className="text-xs text-fg-muted">
        For resources called through deployments (…/openai URLs): the deployment that serves each model name. Leave empty for …/openai/v1
        URLs, where the model name is the deployment name.
      </p>
      {rows.length > 0 ? (
        <div className="grid grid-cols-[1fr_1fr_auto] items-start gap-2">
          <span className="text-xs font-medium text-fg-muted">Model</span>
          <span className="text-xs font-medium text-fg-muted">Deployment</span>
          <span />
          {rows.map((row, index) => {
            const modelError = errors[`azureDeployments.${index}.model`];
            const deploymentError = errors[`azureDeployments.${index}.deployment`];
            return (
              <div key={row.id} className="contents">
                <div className="flex flex-col gap-1">
                  <input
                    aria-label={`Model ${index + 1}`}
                    aria-invalid={modelError ? true : undefined}
                    className={cn(inputClass, "font-mono")}
                    placeholder="gpt-4o"
                    value={row.model}
                    onChange={(event) => update(row.id, { model: event.target.value })}
                  />
                  {modelError ? <p className="text-xs text-danger">{modelError}</p> : null}
                </div>
                <div className="flex flex-col gap-1">
                  <input
                    aria-label={`Deployment ${index + 1}`}
                    aria-invalid={deploymentError ? true : undefined}
                    className={cn(inputClass, "font-mono")}
                    placeholder="gpt-4o-prod"
                    value={row.deployment}
                    onChange={(event) => update(row.id, { deployment: event.target.value })}
                  />
                  {deploymentError ? <p className="text-xs text-danger">{deploymentError}</p> : null}
                </div>
                <Button
                  variant="ghost"
                  aria-label={`Remove deployment ${index + 1}`}
                  onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
                >
                  Remove
                </Button>
              </div>
            );
          })}
        </div>
      ) : null}
      <div>
        <Button variant="secondary" size="sm" disabled={disabled} onClick={() => onChange([...rows, newDeploymentRow()])}>
          Add deployment
        </Button>
      </div>
    </fieldset>
  );
}
