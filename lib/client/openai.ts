"use client";

import OpenAI from "openai";

// The browser calls the upstream API through the console proxy with the official SDK, so pages are
// typed by the same types as the API. The session cookie is the credential: the "key" below is a
// placeholder the proxy ignores, and no upstream key ever reaches the browser.

const clients = new Map<string, OpenAI>();

export function projectOpenAI(projectId: string): OpenAI {
  let client = clients.get(projectId);
  if (!client) {
    client = new OpenAI({
      baseURL: `${window.location.origin}/api/projects/${encodeURIComponent(projectId)}/openai/v1`,
      apiKey: "session",
      dangerouslyAllowBrowser: true,
      // People retry themselves; a silent retry would double a paid call.
      maxRetries: 0,
    });
    clients.set(projectId, client);
  }
  return client;
}

/** What to tell people about a failed call: the upstream's words, and when to retry after a 429. */
export function describeApiError(error: unknown): string {
  if (error instanceof OpenAI.APIError) {
    const retryAfter = error.headers?.get("retry-after");
    const message =
      error.error && typeof error.error === "object" && "message" in error.error ? String(error.error.message) : error.message;
    if (error.status === 429 && retryAfter) return `${message} (retry in ${retryAfter} s)`;
    return message;
  }
  if (error instanceof Error) return error.message;
  return "Something went wrong";
}
