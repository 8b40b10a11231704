"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { isActive, useFineTuningJobs } from "@/lib/client/fine-tuning-hooks";
import { describeApiError } from "@/lib/client/openai";
import { jobDuration } from "@/lib/fine-tuning/display";
import { JobStatusBadge } from "./job-status-badge";

function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Math.floor(Date.now() / 1000)), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

export function CreateJobLink({ projectId }: { projectId: string }) {
  return (
    <Link href={`/${projectId}/fine-tuning/new`} className={buttonClass()}>
      Create job
    </Link>
  );
}

export function JobsList({ projectId, canWrite }: { projectId: string; canWrite: boolean }) {
  const jobs = useFineTuningJobs(projectId);
  const all = jobs.data?.pages.flatMap((page) => page.data) ?? [];
  const now = useNow(all.some(isActive));

  if (jobs.isPending) return <Spinner label="Asking the upstream for its fine-tuning jobs…" />;
  if (!jobs.data) {
    return (
      <Alert>
        The upstream did not list its fine-tuning jobs: {describeApiError(jobs.error)}{" "}
        <button type="button" className="underline" onClick={() => jobs.refetch()}>
          Try again
        </button>
      </Alert>
    );
  }
  if (all.length === 0) {
    return (
      <EmptyState title="No fine-tuning jobs yet" action={canWrite ? <CreateJobLink projectId={projectId} /> : null}>
        A fine-tuning job trains a model of the upstream on your examples; the resulting model can then be used like any other.
      </EmptyState>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <Table label="Fine-tuning jobs">
        <thead>
          <tr>
            <Th>Job</Th>
            <Th>Status</Th>
            <Th className="whitespace-nowrap">Base model</Th>
            <Th className="whitespace-nowrap">Resulting model</Th>
            <Th>Created</Th>
            <Th>Duration</Th>
          </tr>
        </thead>
        <tbody>
          {all.map((job) => (
            <tr key={job.id}>
              <Td>
                <Link href={`/${projectId}/fine-tuning/${job.id}`} className="font-mono text-sm text-accent hover:underline">
                  {job.id}
                </Link>
                {job.metadata && Object.keys(job.metadata).length ? (
                  <div className="text-xs text-fg-muted">
                    {Object.entries(job.metadata)
                      .map(([k, v]) => `${k}: ${v}`)
                      .join(" · ")}
                  </div>
                ) : null}
              </Td>
              <Td>
                <JobStatusBadge status={job.status} />
              </Td>
              <Td className="font-mono text-xs whitespace-nowrap">{job.model}</Td>
              <Td className="font-mono text-xs break-all">{job.fine_tuned_model ?? <span className="text-fg-muted">—</span>}</Td>
              <Td className="text-fg-muted whitespace-nowrap">
                <DateTime at={new Date(job.created_at * 1000)} />
              </Td>
              <Td className="text-fg-muted whitespace-nowrap">{jobDuration(job, now)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {jobs.hasNextPage ? (
        <div>
          <Button variant="secondary" loading={jobs.isFetchingNextPage} onClick={() => jobs.fetchNextPage()}>
            Load more
          </Button>
        </div>
      ) : null}
      {jobs.isFetchNextPageError ? <Alert>The next page did not load: {describeApiError(jobs.error)}</Alert> : null}
    </div>
  );
}

export { useNow };
