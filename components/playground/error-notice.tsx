"use client";

import OpenAI from "openai";
import { describeApiError } from "@/lib/client/openai";
import { adviceFor, type UpstreamFailure } from "@/lib/playground/error-advice";

export function failureOf(error: unknown): UpstreamFailure {
  if (error instanceof OpenAI.APIError) {
    const body = (error.error ?? {}) as Record<string, unknown>;
    return {
      status: error instanceof OpenAI.APIConnectionError ? null : (error.status ?? null),
      code: typeof body.code === "string" ? body.code : (error.code ?? null),
      param: typeof body.param === "string" ? body.param : (error.param ?? null),
      message: describeApiError(error),
    };
  }
  return { status: null, code: null, param: null, message: describeApiError(error) };
}

/** An upstream error where the answer would have been: its words, its status and what to do. */
export function ErrorNotice({ failure }: { failure: UpstreamFailure }) {
  return (
    <div role="alert" className="rounded-lg border border-danger/40 bg-danger-bg p-3 text-sm">
      <p className="font-medium text-danger">
        {failure.status ? `The upstream answered ${failure.status}${failure.code ? ` (${failure.code})` : ""}` : "The call failed"}
      </p>
      <p className="mt-1">{failure.message}</p>
      <p className="mt-1 text-fg-muted">{adviceFor(failure)}</p>
    </div>
  );
}
