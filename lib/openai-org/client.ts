import "server-only";
import { Readable } from "node:stream";
import OpenAI from "openai";
import type { UpstreamKind } from "@/lib/generated/prisma/client";
import { targetFor } from "@/lib/upstream/target";
import { sendUpstream } from "@/lib/upstream/transport";

// The official SDK, pointed at a connection's upstream with its admin key. Its requests go out
// through the forwarding core's transport: the guarded dispatcher (no private or metadata
// addresses, no redirects) for HTTP upstreams, the in-process handler for the sandbox.

export interface AdminFields {
  kind: UpstreamKind;
  baseUrl: string | null;
  adminKey: string;
  organization: string | null;
}

const SANDBOX_BASE = "http://sandbox.internal/v1";

export function adminClient(fields: AdminFields): OpenAI {
  // No API key and no OpenAI-Project header: the Admin API works on the whole organization.
  const target = targetFor({ kind: fields.kind, baseUrl: fields.baseUrl, apiKey: null, organization: fields.organization });
  const base = new URL(target.baseUrl ?? SANDBOX_BASE);
  const fetchThroughCore = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const body = typeof init?.body === "string" ? Buffer.from(init.body) : null;
    const reply = await sendUpstream(target, {
      method: init?.method ?? "GET",
      path: url.pathname.slice(base.pathname.replace(/\/$/, "").length),
      search: url.search.replace(/^\?/, ""),
      headers,
      body,
      signal: init?.signal ?? undefined,
      headersTimeoutMs: 30_000,
      bodyTimeoutMs: 30_000,
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(reply.headers)) {
      if (typeof value === "string") responseHeaders.set(name, value);
    }
    return new Response(Readable.toWeb(reply.body) as ReadableStream<Uint8Array>, { status: reply.status, headers: responseHeaders });
  };
  return new OpenAI({
    apiKey: null,
    adminAPIKey: fields.adminKey,
    organization: fields.organization,
    project: null,
    baseURL: base.href.replace(/\/$/, ""),
    // Changes to an organization are not repeated behind the caller's back.
    maxRetries: 0,
    timeout: 30_000,
    fetch: fetchThroughCore,
  });
}
