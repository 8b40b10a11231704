"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { describeApiError, projectOpenAI } from "@/lib/client/openai";
import { queryKeys } from "@/lib/client/query-keys";
import { NAME_MAX } from "@/lib/vector-stores/settings";

export function RenameVectorStoreDialog({
  projectId,
  store,
  onClose,
}: {
  projectId: string;
  store: { id: string; name: string } | null;
  onClose: () => void;
}) {
  return (
    <Dialog open={store !== null} onClose={onClose} title="Rename vector store">
      {store ? <RenameForm key={store.id} projectId={projectId} store={store} onClose={onClose} /> : null}
    </Dialog>
  );
}

function RenameForm({ projectId, store, onClose }: { projectId: string; store: { id: string; name: string }; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(store.name);
  const rename = useMutation({
    mutationFn: () => projectOpenAI(projectId).vectorStores.update(store.id, { name: name.trim() }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.vectorStores(projectId) });
      onClose();
    },
  });
  const tooLong = name.trim().length > NAME_MAX;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!tooLong && name.trim()) rename.mutate();
  }
  return (
    <form onSubmit={submit} className="flex flex-col gap-4">
      <TextField
        label="Name"
        value={name}
        autoFocus
        required
        error={tooLong ? `At most ${NAME_MAX} characters.` : undefined}
        onChange={(event) => setName(event.target.value)}
      />
      {rename.isError ? <Alert>The store was not renamed: {describeApiError(rename.error)}</Alert> : null}
      <DialogActions>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={rename.isPending} disabled={!name.trim() || tooLong}>
          Rename
        </Button>
      </DialogActions>
    </form>
  );
}
