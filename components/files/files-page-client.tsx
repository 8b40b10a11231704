"use client";

import { useSearchParams } from "next/navigation";
import { partSettingsFrom } from "@/lib/files/parts";
import { FilesTable } from "./files-table";
import { UploadPanel } from "./upload-panel";

/** The Files page: the upload panel above the list. `?partSize=<bytes>` is a developer option (README). */
export function FilesPageClient({ projectId, canWrite }: { projectId: string; canWrite: boolean }) {
  const settings = partSettingsFrom(useSearchParams().get("partSize"));
  return (
    <div className="flex flex-col gap-8">
      <UploadPanel projectId={projectId} settings={settings} canWrite={canWrite} />
      <FilesTable projectId={projectId} />
    </div>
  );
}
