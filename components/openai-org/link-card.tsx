"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { useLinks, useProjectMutation } from "./hooks";

/** Which Switchboard projects send their calls to this organization project. */
export function LinkCard({ via, id }: { via: string; id: string }) {
  const links = useLinks(via, id);
  const link = useProjectMutation<{ switchboardProjectId: string; linked: boolean }>(via, id, (body) => ({
    path: "link",
    method: "PUT",
    body,
  }));
  const [choice, setChoice] = useState("");
  return (
    <Card title="Switchboard projects" description="The Switchboard projects whose calls go to this project.">
      {links.isPending ? (
        <Spinner label="Loading links…" />
      ) : links.isError ? (
        <Alert>{links.error.message}</Alert>
      ) : (
        <div className="flex flex-col gap-3 text-sm">
          {links.data.linked.length === 0 ? (
            <p className="text-fg-muted">No Switchboard project is linked to this project.</p>
          ) : (
            <ul className="flex flex-col gap-2">
              {links.data.linked.map((project) => (
                <li key={project.projectId} className="flex items-center justify-between gap-2">
                  <Link href={`/${project.projectId}`} className="font-medium hover:underline">
                    {project.projectName}
                  </Link>
                  {links.data.linkable ? (
                    <Button
                      variant="secondary"
                      size="sm"
                      onClick={() => link.mutate({ switchboardProjectId: project.projectId, linked: false })}
                    >
                      Unlink
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {links.data.linkable ? (
            links.data.candidates.length > 0 ? (
              <div className="flex flex-wrap items-end gap-2">
                <div className="w-72">
                  <SelectField
                    label="Link a Switchboard project"
                    value={choice}
                    onChange={(e) => setChoice(e.target.value)}
                    options={[
                      { value: "", label: "Choose a project…" },
                      ...links.data.candidates.map((c) => ({ value: c.projectId, label: c.projectName })),
                    ]}
                    hint="Its connection then sends this project's ID as the OpenAI-Project header."
                  />
                </div>
                <Button
                  disabled={!choice}
                  loading={link.isPending}
                  onClick={() => link.mutate({ switchboardProjectId: choice, linked: true }, { onSuccess: () => setChoice("") })}
                >
                  Link
                </Button>
              </div>
            ) : (
              <p className="text-fg-muted">Other Switchboard projects on this organization's connection can be linked here.</p>
            )
          ) : (
            <p className="text-fg-muted">
              On the sandbox, each Switchboard project is a sandbox project of its own: there is nothing to link.
            </p>
          )}
          {link.isError ? <Alert>{link.error.message}</Alert> : null}
        </div>
      )}
    </Card>
  );
}
