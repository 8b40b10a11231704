"use client";

import { type QueryClient, useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FileObject } from "openai/resources/files";
import type { FineTuningJob, FineTuningJobEvent } from "openai/resources/fine-tuning/jobs/jobs";
import { projectOpenAI } from "./openai";
import { queryKeys } from "./query-keys";

// Fine-tuning jobs are read from the upstream through the console proxy. While a job is on its
// way (validating, queued, running) its page asks again every second, and stops once it is not.

export const JOBS_PAGE = 20;
export const JOB_POLL_MS = 1000;
const ACTIVE = new Set(["validating_files", "queued", "running"]);

export function isActive(job: Pick<FineTuningJob, "status"> | undefined): boolean {
  return job !== undefined && ACTIVE.has(job.status);
}

export function useFineTuningJobs(projectId: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.upstream.fineTuningJobs(projectId),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const page = await projectOpenAI(projectId).fineTuning.jobs.list({ limit: JOBS_PAGE, after: pageParam });
      return { data: page.data, hasMore: page.has_more };
    },
    getNextPageParam: (last) => (last.hasMore && last.data.length ? last.data[last.data.length - 1].id : undefined),
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.data.some(isActive)) ? JOB_POLL_MS * 2 : false),
  });
}

export function useFineTuningJob(projectId: string, jobId: string) {
  return useQuery({
    queryKey: queryKeys.upstream.fineTuningJob(projectId, jobId),
    queryFn: () => projectOpenAI(projectId).fineTuning.jobs.retrieve(jobId),
    refetchInterval: (query) => (isActive(query.state.data) ? JOB_POLL_MS : false),
  });
}

// A long run has thousands of events: after the first load only the new ones are asked for (the
// API lists newest first, so pages are read until an event already held comes up).
const EVENTS_PAGE = 100;
const MAX_EVENTS = 10_000;

async function loadEvents(queryClient: QueryClient, projectId: string, jobId: string): Promise<FineTuningJobEvent[]> {
  const held = queryClient.getQueryData<FineTuningJobEvent[]>(queryKeys.upstream.fineTuningEvents(projectId, jobId)) ?? [];
  const known = new Set(held.map((event) => event.id));
  const fresh: FineTuningJobEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await projectOpenAI(projectId).fineTuning.jobs.listEvents(jobId, { limit: EVENTS_PAGE, after });
    const unseen = page.data.filter((event) => !known.has(event.id));
    fresh.push(...unseen);
    if (unseen.length < page.data.length || !page.has_more || !page.data.length || fresh.length + held.length >= MAX_EVENTS) break;
    after = page.data[page.data.length - 1].id;
  }
  // Oldest first, as a log reads.
  return [...held, ...fresh.reverse()];
}

export function useFineTuningEvents(projectId: string, jobId: string, active: boolean) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: queryKeys.upstream.fineTuningEvents(projectId, jobId),
    queryFn: () => loadEvents(queryClient, projectId, jobId),
    refetchInterval: active ? JOB_POLL_MS : false,
  });
}

export function useFineTuningCheckpoints(projectId: string, jobId: string, active: boolean) {
  return useQuery({
    queryKey: queryKeys.upstream.fineTuningCheckpoints(projectId, jobId),
    queryFn: async () => {
      const checkpoints = [];
      for await (const checkpoint of projectOpenAI(projectId).fineTuning.jobs.checkpoints.list(jobId, { limit: 100 }))
        checkpoints.push(checkpoint);
      return checkpoints.sort((a, b) => a.step_number - b.step_number);
    },
    refetchInterval: active ? JOB_POLL_MS * 2 : false,
  });
}

/** The project's files uploaded for fine-tuning, newest first. */
export function useFineTuneFiles(projectId: string) {
  return useQuery({
    queryKey: queryKeys.upstream.fineTuneFiles(projectId),
    queryFn: async () => {
      const files: FileObject[] = [];
      for await (const file of projectOpenAI(projectId).files.list({ purpose: "fine-tune", limit: 100, order: "desc" })) {
        files.push(file);
        if (files.length >= 500) break;
      }
      return files;
    },
  });
}
