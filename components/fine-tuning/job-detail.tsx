"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import OpenAI from "openai";
import type { FineTuningJob } from "openai/resources/fine-tuning/jobs/jobs";
import { type ReactNode, useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Spinner } from "@/components/ui/spinner";
import { isActive, useFineTuningCheckpoints, useFineTuningEvents, useFineTuningJob } from "@/lib/client/fine-tuning-hooks";
import { describeApiError, projectOpenAI } from "@/lib/client/openai";
import { queryKeys } from "@/lib/client/query-keys";
import { METHOD_LABELS } from "@/lib/fine-tuning/base-models";
import { jobDuration, metricsPoints, playgroundHref } from "@/lib/fine-tuning/display";
import type { MethodType } from "@/lib/fine-tuning/format";
import { CheckpointsTable } from "./checkpoints-table";
import { EventsLog } from "./events-log";
import { JobStatusBadge } from "./job-status-badge";
import { useNow } from "./jobs-list";
import { MetricsCharts } from "./metrics-charts";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const when = (seconds: number | null | undefined) => (seconds ? dateFormat.format(new Date(seconds * 1000)) : "—");

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs text-fg-muted">{label}</dt>
      <dd className="text-sm break-words">{children}</dd>
    </div>
  );
}

function FileLink({ projectId, fileId }: { projectId: string; fileId: string | null }) {
  if (!fileId) return <span className="text-fg-muted">—</span>;
  return (
    <Link href={`/${projectId}/files/${fileId}`} className="font-mono text-xs break-all text-accent hover:underline">
      {fileId}
    </Link>
  );
}

type Action = "cancel" | "pause" | "resume";

export function JobDetail({ projectId, jobId, canWrite }: { projectId: string; jobId: string; canWrite: boolean }) {
  const job = useFineTuningJob(projectId, jobId);
  const active = isActive(job.data);
  const events = useFineTuningEvents(projectId, jobId, active);
  const checkpoints = useFineTuningCheckpoints(projectId, jobId, active);
  const queryClient = useQueryClient();
  const now = useNow(active);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  // Polling stops with the job; the events and checkpoints written with its last change are read once more.
  const status = job.data ? String(job.data.status) : "";
  useEffect(() => {
    if (!status) return;
    void queryClient.invalidateQueries({ queryKey: queryKeys.upstream.fineTuningEvents(projectId, jobId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.upstream.fineTuningCheckpoints(projectId, jobId) });
    // A new model exists: model pickers (the playground's) must not offer a list cached before it.
    if (status === "succeeded") void queryClient.invalidateQueries({ queryKey: queryKeys.upstream.models(projectId) });
  }, [status, queryClient, projectId, jobId]);
  const act = useMutation({
    mutationFn: (action: Action) => projectOpenAI(projectId).fineTuning.jobs[action](jobId),
    onSuccess: async (updated) => {
      queryClient.setQueryData(queryKeys.upstream.fineTuningJob(projectId, jobId), updated);
      setConfirmingCancel(false);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.upstream.fineTuningEvents(projectId, jobId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.upstream.fineTuningJobs(projectId), exact: true }),
      ]);
    },
  });

  const back = (
    <Link href={`/${projectId}/fine-tuning`} className="text-sm text-accent hover:underline">
      ← Fine-tuning
    </Link>
  );
  if (job.isPending) return <Spinner label="Loading the fine-tuning job…" />;
  if (job.isError) {
    if (job.error instanceof OpenAI.NotFoundError) {
      return (
        <EmptyState title="No such fine-tuning job" action={back}>
          The upstream has no fine-tuning job {jobId} for this project.
        </EmptyState>
      );
    }
    return (
      <Alert>
        The job did not load: {describeApiError(job.error)}{" "}
        <button type="button" className="underline" onClick={() => job.refetch()}>
          Try again
        </button>
      </Alert>
    );
  }
  const data: FineTuningJob = job.data;
  // `status` is a string: the API reports a paused job as "paused", which its published types do not list yet.
  const method = (data.method?.type ?? "supervised") as MethodType;
  const hyperparameters =
    (data.method?.[method] as { hyperparameters?: Record<string, unknown> } | undefined)?.hyperparameters ?? data.hyperparameters;
  const { points, totalSteps } = metricsPoints(events.data ?? []);
  const canCancel = ["validating_files", "queued", "running", "paused"].includes(status);
  const model = data.fine_tuned_model;

  const actions = (
    <>
      {model ? (
        <Link href={playgroundHref(projectId, model)} className={buttonClass("primary")}>
          Open in playground
        </Link>
      ) : null}
      {canWrite && status === "running" ? (
        <Button variant="secondary" loading={act.isPending && act.variables === "pause"} onClick={() => act.mutate("pause")}>
          Pause
        </Button>
      ) : null}
      {canWrite && status === "paused" ? (
        <Button variant="secondary" loading={act.isPending && act.variables === "resume"} onClick={() => act.mutate("resume")}>
          Resume
        </Button>
      ) : null}
      {canWrite && canCancel ? (
        <Button
          variant="secondary"
          className="text-danger"
          onClick={() => {
            act.reset();
            setConfirmingCancel(true);
          }}
        >
          Cancel job
        </Button>
      ) : null}
    </>
  );

  return (
    <div className="flex flex-col gap-6">
      <div>{back}</div>
      <PageHeader
        title={data.id}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <JobStatusBadge status={status} />
            <span>
              {METHOD_LABELS[method] ?? method} fine-tuning of <span className="font-mono">{data.model}</span>
            </span>
            {totalSteps && active ? (
              <span>
                · step {points.at(-1)?.step ?? 0} of {totalSteps}
              </span>
            ) : null}
          </span>
        }
        actions={actions}
      />
      {act.isError && !confirmingCancel ? <Alert>{describeApiError(act.error)}</Alert> : null}
      {data.error && status === "failed" ? (
        <Alert>
          <span className="font-medium">The job failed{data.error.param ? ` (${data.error.param})` : ""}:</span> {data.error.message}
        </Alert>
      ) : null}

      <Card title="Job">
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <Row label="Resulting model">
            {model ? <span className="font-mono text-xs">{model}</span> : <span className="text-fg-muted">—</span>}
          </Row>
          <Row label="Base model">
            <span className="font-mono text-xs">{data.model}</span>
          </Row>
          <Row label="Duration">{jobDuration(data, now)}</Row>
          <Row label="Created">{when(data.created_at)}</Row>
          <Row label="Finished">{when(data.finished_at)}</Row>
          <Row label="Estimated finish">{active ? when(data.estimated_finish) : "—"}</Row>
          <Row label="Training file">
            <FileLink projectId={projectId} fileId={data.training_file} />
          </Row>
          <Row label="Validation file">
            <FileLink projectId={projectId} fileId={data.validation_file} />
          </Row>
          <Row label="Result files">
            {data.result_files.length ? (
              data.result_files.map((id) => <FileLink key={id} projectId={projectId} fileId={id} />)
            ) : (
              <span className="text-fg-muted">—</span>
            )}
          </Row>
          <Row label="Trained tokens">{data.trained_tokens?.toLocaleString() ?? "—"}</Row>
          <Row label="Seed">{data.seed}</Row>
          <Row label="Hyperparameters">
            {hyperparameters
              ? Object.entries(hyperparameters)
                  .map(([k, v]) => `${k.replaceAll("_", " ")}: ${v}`)
                  .join(" · ")
              : "—"}
          </Row>
          {data.metadata && Object.keys(data.metadata).length ? (
            <Row label="Metadata">
              {Object.entries(data.metadata)
                .map(([k, v]) => `${k}: ${v}`)
                .join(" · ")}
            </Row>
          ) : null}
        </dl>
      </Card>

      <Card title="Metrics" description="Loss and accuracy at each step, on the training batch and on the validation set.">
        {events.isError ? <Alert>The events did not load: {describeApiError(events.error)}</Alert> : null}
        {points.length ? (
          <MetricsCharts points={points} />
        ) : (
          <p className="text-sm text-fg-muted">{active ? "The first step has not been reported yet." : "This job reported no steps."}</p>
        )}
      </Card>

      <Card title="Checkpoints">
        {checkpoints.isError ? (
          <Alert>The checkpoints did not load: {describeApiError(checkpoints.error)}</Alert>
        ) : checkpoints.isPending ? (
          <Spinner label="Loading checkpoints…" />
        ) : (
          <CheckpointsTable projectId={projectId} checkpoints={checkpoints.data} />
        )}
      </Card>

      <Card title="Events" description={active ? "Live: new events appear as the job runs." : undefined}>
        {events.isPending ? <Spinner label="Loading events…" /> : <EventsLog events={events.data ?? []} />}
      </Card>

      <ConfirmDialog
        open={confirmingCancel}
        title="Cancel fine-tuning job"
        confirmLabel="Cancel job"
        cancelLabel="Keep running"
        pending={act.isPending}
        error={act.isError ? `The job was not cancelled: ${describeApiError(act.error)}` : null}
        onConfirm={() => act.mutate("cancel")}
        onClose={() => setConfirmingCancel(false)}
      >
        Cancel {data.id}? Training stops for good and no model is made; a cancelled job cannot be resumed.
      </ConfirmDialog>
    </div>
  );
}
