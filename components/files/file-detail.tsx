"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { useCreators } from "@/lib/client/creators";
import { describeApiError } from "@/lib/client/openai";
import { formatBytes } from "@/lib/files/sizes";
import { CreatedBy } from "./created-by";
import { DeleteFileButton } from "./delete-file-button";
import { contentUrl, FilePreview } from "./file-preview";
import { FileUsagePanel } from "./file-usage";
import { useUpstreamFile } from "./use-files";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

export function FileDetail({ projectId, fileId, canWrite }: { projectId: string; fileId: string; canWrite: boolean }) {
  const file = useUpstreamFile(projectId, fileId);
  const { creators, loading: creatorLoading } = useCreators(projectId, [fileId]);
  const back = (
    <Link href={`/${projectId}/files`} className="text-sm text-fg-muted hover:underline">
      ← All files
    </Link>
  );
  if (file.isPending) return <Spinner label="Asking the upstream for this file…" />;
  if (file.isError) {
    return (
      <div className="flex flex-col gap-4">
        {back}
        <Alert>{describeApiError(file.error)}</Alert>
      </div>
    );
  }
  const data = file.data;
  const rows: [string, React.ReactNode][] = [
    [
      "ID",
      <span key="id" className="font-mono text-[13px]">
        {data.id}
      </span>,
    ],
    ["Purpose", data.purpose],
    ["Size", data.bytes < 1024 ? formatBytes(data.bytes) : `${formatBytes(data.bytes)} (${data.bytes.toLocaleString()} bytes)`],
    ["Created", dateFormat.format(new Date(data.created_at * 1000))],
    ["Created by", <CreatedBy key="by" creator={creators.get(fileId)} loading={creatorLoading} />],
    ["Expires", data.expires_at ? dateFormat.format(new Date(data.expires_at * 1000)) : "Never"],
    [
      "Status",
      <Badge key="status" tone={data.status === "error" ? "danger" : data.status === "processed" ? "success" : "neutral"}>
        {data.status}
      </Badge>,
    ],
  ];
  if (data.status_details) rows.push(["Status details", data.status_details]);
  return (
    <div className="flex flex-col gap-6">
      {back}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="break-all font-mono text-lg">{data.filename}</h2>
        <div className="flex gap-2">
          <a className={buttonClass("secondary")} href={contentUrl(projectId, fileId)} download={data.filename}>
            Download
          </a>
          {canWrite ? <DeleteFileButton projectId={projectId} fileId={fileId} filename={data.filename} /> : null}
        </div>
      </div>
      <Card title="Details">
        <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-fg-muted">{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title="Preview">
        <FilePreview projectId={projectId} fileId={fileId} filename={data.filename} />
      </Card>
      <Card title="Where it is used" description="Looked up on the upstream now: vector stores, batches and fine-tuning jobs.">
        <FileUsagePanel projectId={projectId} fileId={fileId} />
      </Card>
    </div>
  );
}
