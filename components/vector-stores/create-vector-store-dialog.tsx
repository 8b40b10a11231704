"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { describeApiError, projectOpenAI } from "@/lib/client/openai";
import { queryKeys } from "@/lib/client/query-keys";
import { type MetadataRow, NAME_MAX, parseChunking, parseExpiryDays, parseMetadataRows } from "@/lib/vector-stores/settings";
import { MetadataRows } from "./metadata-rows";

export function CreateVectorStoreDialog({ projectId, open, onClose }: { projectId: string; open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Create vector store">
      {open ? <CreateForm projectId={projectId} onClose={onClose} /> : null}
    </Dialog>
  );
}

type Errors = Partial<Record<"name" | "days" | "maxTokens" | "overlapTokens" | "metadata", string>>;

function CreateForm({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState<"never" | "days">("never");
  const [days, setDays] = useState("7");
  const [chunking, setChunking] = useState<"auto" | "static">("auto");
  const [maxTokens, setMaxTokens] = useState("800");
  const [overlapTokens, setOverlapTokens] = useState("400");
  const [rows, setRows] = useState<MetadataRow[]>([]);
  const [rowErrors, setRowErrors] = useState<Record<number, string>>({});
  const [errors, setErrors] = useState<Errors>({});

  const create = useMutation({
    mutationFn: (body: Parameters<ReturnType<typeof projectOpenAI>["vectorStores"]["create"]>[0]) =>
      projectOpenAI(projectId).vectorStores.create(body),
    onSuccess: async (store) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.vectorStores(projectId) });
      onClose();
      router.push(`/${projectId}/vector-stores/${store.id}`);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Errors = {};
    if (name.trim().length > NAME_MAX) found.name = `At most ${NAME_MAX} characters.`;
    const expiryDays = expiry === "days" ? parseExpiryDays(days) : null;
    if (expiryDays && !expiryDays.ok) found.days = expiryDays.message;
    const strategy = parseChunking(chunking === "auto" ? { type: "auto" } : { type: "static", maxTokens, overlapTokens });
    if (!strategy.ok) found[strategy.field] = strategy.message;
    const metadata = parseMetadataRows(rows);
    setRowErrors(metadata.ok ? {} : metadata.errors);
    if (!metadata.ok && metadata.message) found.metadata = metadata.message;
    setErrors(found);
    if (Object.keys(found).length || !metadata.ok || !strategy.ok || (expiryDays && !expiryDays.ok)) return;
    create.mutate({
      name: name.trim() || undefined,
      expires_after: expiryDays?.ok ? { anchor: "last_active_at", days: expiryDays.days } : undefined,
      chunking_strategy: strategy.strategy,
      metadata: Object.keys(metadata.metadata).length ? metadata.metadata : undefined,
    });
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <TextField
        label="Name"
        value={name}
        autoFocus
        error={errors.name}
        hint="Optional."
        onChange={(event) => setName(event.target.value)}
      />
      <div className="grid grid-cols-2 gap-3">
        <SelectField
          label="Expires"
          value={expiry}
          options={[
            { value: "never", label: "Never" },
            { value: "days", label: "Days after last active" },
          ]}
          onChange={(event) => setExpiry(event.target.value as "never" | "days")}
        />
        {expiry === "days" ? (
          <TextField
            label="Days"
            inputMode="numeric"
            value={days}
            error={errors.days}
            hint="1 to 365"
            onChange={(event) => setDays(event.target.value)}
          />
        ) : null}
      </div>
      <div className="grid grid-cols-2 gap-3">
        <SelectField
          label="Chunking"
          value={chunking}
          options={[
            { value: "auto", label: "Auto" },
            { value: "static", label: "Static" },
          ]}
          hint={chunking === "auto" ? "The upstream's default (800 tokens, 400 overlap)." : undefined}
          onChange={(event) => setChunking(event.target.value as "auto" | "static")}
        />
      </div>
      {chunking === "static" ? (
        <div className="grid grid-cols-2 gap-3">
          <TextField
            label="Max chunk size (tokens)"
            inputMode="numeric"
            value={maxTokens}
            error={errors.maxTokens}
            hint="100 to 4096"
            onChange={(event) => setMaxTokens(event.target.value)}
          />
          <TextField
            label="Chunk overlap (tokens)"
            inputMode="numeric"
            value={overlapTokens}
            error={errors.overlapTokens}
            hint="At most half the chunk size"
            onChange={(event) => setOverlapTokens(event.target.value)}
          />
        </div>
      ) : null}
      <MetadataRows rows={rows} errors={rowErrors} onChange={setRows} />
      {errors.metadata ? <Alert>{errors.metadata}</Alert> : null}
      {create.isError ? <Alert>The vector store was not created: {describeApiError(create.error)}</Alert> : null}
      <DialogActions>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={create.isPending}>
          Create
        </Button>
      </DialogActions>
    </form>
  );
}
