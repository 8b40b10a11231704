"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { errorsFromApi } from "@/lib/client/form";
import { useUpdateProject } from "./hooks";

export function ArchiveCard({ project }: { project: { id: string; name: string; archived: boolean } }) {
  const router = useRouter();
  const update = useUpdateProject(project.id);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function setArchived(archived: boolean) {
    setError(null);
    try {
      await update.mutateAsync({ archived });
      setConfirming(false);
      router.refresh();
    } catch (err) {
      setError(errorsFromApi(err)._form ?? "Could not change the project");
    }
  }

  return (
    <Card
      title={project.archived ? "Restore project" : "Archive project"}
      description={
        project.archived
          ? "This project is archived: it is read-only and hidden from the project list."
          : "Archiving hides the project from everyone's list and makes it read-only. Nothing is deleted; an admin can restore it."
      }
    >
      {error ? <Alert>{error}</Alert> : null}
      {project.archived ? (
        <Button variant="secondary" loading={update.isPending} onClick={() => setArchived(false)}>
          Restore project
        </Button>
      ) : (
        <Button variant="danger" onClick={() => setConfirming(true)}>
          Archive project…
        </Button>
      )}
      <Dialog open={confirming} onClose={() => setConfirming(false)} title={`Archive ${project.name}?`}>
        <p className="text-sm text-fg-muted">
          Members will no longer see it in their project list. You can restore it from Admin → Projects.
        </p>
        <DialogActions>
          <Button variant="secondary" onClick={() => setConfirming(false)} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" loading={update.isPending} onClick={() => setArchived(true)}>
            Archive
          </Button>
        </DialogActions>
      </Dialog>
    </Card>
  );
}
