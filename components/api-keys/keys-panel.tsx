"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DateTime } from "@/components/ui/date-time";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { refusedLine } from "@/lib/api-keys/refused";
import type { KeyStatus } from "@/lib/api-keys/types";
import { errorsFromApi } from "@/lib/client/form";
import { type KeyView, useApiKeyMutations, useApiKeys } from "./hooks";
import { KeyDialog } from "./key-dialog";
import { SecretDialog } from "./secret-dialog";

const STATUS: Record<KeyStatus, { label: string; tone: "success" | "neutral" | "danger" | "warning" }> = {
  active: { label: "Active", tone: "success" },
  expired: { label: "Expired", tone: "neutral" },
  revoked: { label: "Revoked", tone: "danger" },
  over_budget: { label: "Over budget", tone: "warning" },
};

const GRACE_OPTIONS = [
  { value: "0", label: "Stop the old key now" },
  { value: "1", label: "1 hour" },
  { value: "24", label: "24 hours" },
  { value: "168", label: "7 days" },
];

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
// The same medium date as "created", so one column does not mix 11/24/26 with Nov 24, 2026.
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
// A time this month: without the year, so the column stays as narrow as "last used" makes it.
const thisMonthFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

// Said in each refused line's tooltip, and once under the table (a tooltip the keyboard cannot open).
const REFUSED_MEANS =
  "calls a key's own limits answered with a 429 this month. They never reached the upstream, so they are not among its requests nor in usage.";

function Refused({ refused }: { refused: KeyView["month"]["refused"] }) {
  const line = refusedLine(refused);
  if (!line) return null;
  return (
    <div className="text-xs whitespace-nowrap text-warning" data-testid="refused" title={`Refused: ${REFUSED_MEANS}`}>
      {line}
    </div>
  );
}

function money(usd: number): string {
  return usd < 0.01 && usd > 0 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function KeysPanel({ projectId, currentUserId, canManage }: { projectId: string; currentUserId: string; canManage: boolean }) {
  const keys = useApiKeys(projectId);
  const mutations = useApiKeyMutations(projectId);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{ secret: string; title: string } | null>(null);
  const [revoking, setRevoking] = useState<KeyView | null>(null);
  const [rolling, setRolling] = useState<KeyView | null>(null);
  const [editing, setEditing] = useState<KeyView | null>(null);
  const [grace, setGrace] = useState("24");
  const [error, setError] = useState<string | null>(null);

  async function revoke(key: KeyView) {
    setError(null);
    try {
      await mutations.revoke.mutateAsync(key.id);
      setRevoking(null);
    } catch (failure) {
      setError(errorsFromApi(failure)._form ?? null);
    }
  }

  async function roll(key: KeyView) {
    setError(null);
    try {
      const issued = await mutations.roll.mutateAsync({ keyId: key.id, graceHours: Number(grace) });
      setRolling(null);
      setShown({ secret: issued.secret, title: `New secret for “${key.name}”` });
    } catch (failure) {
      setError(errorsFromApi(failure)._form ?? null);
    }
  }

  const createButton = canManage ? (
    <Button className="whitespace-nowrap" onClick={() => setCreating(true)}>
      Create key
    </Button>
  ) : null;

  return (
    <>
      <Card
        title="API keys"
        description={
          canManage
            ? "Keys for applications to call this project's API through Switchboard's /v1 gateway, each with its own limits."
            : "Your keys for this project's /v1 gateway. A project admin creates and revokes them."
        }
        actions={keys.data?.length ? createButton : null}
      >
        {error ? (
          <div className="mb-3">
            <Alert>{error}</Alert>
          </div>
        ) : null}
        {keys.isPending ? (
          <Spinner label="Loading keys…" />
        ) : keys.isError ? (
          <Alert>{keys.error.message}</Alert>
        ) : keys.data.length === 0 ? (
          <EmptyState title="No API keys yet" action={createButton}>
            {canManage
              ? "Give each application a key of its own: it can be limited, budgeted and revoked without touching the others."
              : "You own no keys in this project."}
          </EmptyState>
        ) : (
          <Table label="API keys">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Key</Th>
                <Th>Last used</Th>
                <Th className="text-right">This month</Th>
                {canManage ? <Th className="px-2 text-right">Actions</Th> : null}
              </tr>
            </thead>
            <tbody>
              {keys.data.map((key) => (
                <tr key={key.id}>
                  <Td>
                    <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                      <span className="font-medium">{key.name}</span>
                      <Badge tone={STATUS[key.status].tone}>{STATUS[key.status].label}</Badge>
                    </div>
                    <div className="text-xs text-fg-muted">
                      {key.owner.type === "service_account" ? (
                        <>
                          {key.owner.name} <Badge>service account</Badge>
                        </>
                      ) : key.owner.id === currentUserId ? (
                        "You"
                      ) : (
                        key.owner.name
                      )}
                    </div>
                  </Td>
                  <Td>
                    <code className="font-mono text-xs whitespace-nowrap">sk-sb-…{key.lastFour}</code>
                    {key.previousLastFour && key.previousExpiresAt ? (
                      <div className="text-xs text-fg-muted">
                        old …{key.previousLastFour} works until {timeFormat.format(new Date(key.previousExpiresAt))}
                      </div>
                    ) : null}
                  </Td>
                  <Td className="text-fg-muted">
                    <div data-testid="last-used">{key.lastUsedAt ? <DateTime at={new Date(key.lastUsedAt)} /> : "Never"}</div>
                    <div className="text-xs whitespace-nowrap">created {dateFormat.format(new Date(key.createdAt))}</div>
                    {key.month.refused.lastAt ? (
                      // Wraps between its words and the time where the table is narrow, rather than widen the column.
                      <div className="text-xs text-warning" data-testid="last-refused">
                        <span className="whitespace-nowrap">last refused</span>{" "}
                        <span className="whitespace-nowrap">{thisMonthFormat.format(new Date(key.month.refused.lastAt))}</span>
                      </div>
                    ) : null}
                  </Td>
                  <Td className="text-right tabular-nums">
                    <div className="whitespace-nowrap">
                      {key.month.requests} request{key.month.requests === 1 ? "" : "s"}
                    </div>
                    <div className="text-xs text-fg-muted">
                      {money(key.month.spentUsd)}
                      {key.monthlyBudgetUsd !== null ? ` of ${money(key.monthlyBudgetUsd)}` : ""}
                    </div>
                    <Refused refused={key.month.refused} />
                  </Td>
                  {canManage ? (
                    <Td className="px-2 text-right whitespace-nowrap">
                      {key.status !== "revoked" ? (
                        <>
                          <Button variant="ghost" size="sm" onClick={() => setEditing(key)} aria-label={`Edit ${key.name}`}>
                            Edit
                          </Button>
                          <Button variant="ghost" size="sm" onClick={() => setRolling(key)} aria-label={`Roll ${key.name}`}>
                            Roll
                          </Button>
                          <Button variant="ghost" size="sm" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>
                            Revoke
                          </Button>
                        </>
                      ) : null}
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {keys.data?.some((key) => refusedLine(key.month.refused)) ? (
          <p className="mt-3 text-xs text-fg-muted" data-testid="refused-means">
            <span className="text-warning">Refused</span>: {REFUSED_MEANS}
          </p>
        ) : null}
      </Card>
      {canManage ? (
        <KeyDialog
          projectId={projectId}
          currentUserId={currentUserId}
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(issued) => {
            setCreating(false);
            setShown({ secret: issued.secret, title: `API key “${issued.key.name}” created` });
          }}
        />
      ) : null}
      {canManage && editing ? (
        // Keyed by the key, so the form starts from that key's settings each time.
        <KeyDialog
          key={editing.id}
          projectId={projectId}
          currentUserId={currentUserId}
          editing={editing}
          open
          onClose={() => setEditing(null)}
        />
      ) : null}
      <SecretDialog secret={shown?.secret ?? null} title={shown?.title ?? ""} onClose={() => setShown(null)} />
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke key"
        pending={mutations.revoke.isPending}
        onConfirm={() => revoking && revoke(revoking)}
        onClose={() => setRevoking(null)}
      >
        Applications using sk-sb-…{revoking?.lastFour} are refused from their next call. This cannot be undone.
      </ConfirmDialog>
      <Dialog open={rolling !== null} onClose={() => setRolling(null)} title={`Roll “${rolling?.name ?? ""}”?`}>
        <p className="text-sm text-fg-muted">
          A new secret replaces sk-sb-…{rolling?.lastFour}. Keep the old one working for a while so applications can switch over.
        </p>
        <SelectField
          label="Old key keeps working for"
          value={grace}
          onChange={(event) => setGrace(event.target.value)}
          options={GRACE_OPTIONS}
        />
        <DialogActions>
          <Button variant="secondary" onClick={() => setRolling(null)}>
            Cancel
          </Button>
          <Button loading={mutations.roll.isPending} onClick={() => rolling && roll(rolling)}>
            Roll key
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
