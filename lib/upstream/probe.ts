import "server-only";
import type { Readable } from "node:stream";
import { type Capabilities, type Capability, type CapabilityStatus, parseCapabilities } from "@/lib/connection/capabilities";
import type { ConnectionInput, ConnectionTestResult } from "@/lib/connection/schema";
import { maskSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { connectionToTest, StoredKeyUnreadableError } from "./connection-settings";
import { SANDBOX_CAPABILITIES } from "./connections";
import { targetFor, type UpstreamTarget } from "./target";
import { discard, networkError, type ReplyHeaders, sendUpstream, UpstreamNetworkError } from "./transport";

// "Test connection": GET /models, and a handful of cheap GETs that tell which endpoints this
// upstream has (a vLLM or Ollama server has no files, batches or fine-tuning). Nothing here sends
// a request that costs money or creates anything upstream. What comes back to the browser is model
// ids, counts and an error in words: never an upstream body as it came.
//
// How each capability is judged:
// - files, vector stores, batches, fine-tuning: GET /files?limit=1 and the like. 2xx: available;
//   404, 405 or 501: missing; anything else (401 for a restricted key, 400, 5xx, no answer): unknown.
// - OpenAI, Azure and the sandbox have Responses, Chat completions and Embeddings by definition.
// - An OpenAI-compatible server is one that answers chat completions, so that one is assumed.
//   Responses: GET /responses/<an id that cannot exist>. A 404 whose error message names that id
//   means the server looked it up: available. Anything else is unknown, never missing, because
//   servers that create responses but do not store them (Ollama) have no GET route at all.
//   Embeddings: a GET on /embeddings answered 405 (the route exists for POST), or a listed model
//   whose id says "embed": available; otherwise unknown.
// - An unknown result keeps what an earlier test of the same connection found.

const SHOWN_MODELS = 50;
const MODELS_MAX_BYTES = 8 * 1024 * 1024;
const PROBE_MAX_BYTES = 64 * 1024;
const TEST_DEADLINE_MS = 30_000;
const PROBE_ID = "resp_switchboard_capability_probe";

const LIST_PROBES = {
  files: "/files",
  vectorStores: "/vector_stores",
  batches: "/batches",
  fineTuning: "/fine_tuning/jobs",
} as const satisfies Partial<Record<Capability, string>>;

export type ProbeResult = Omit<ConnectionTestResult, "saved">;

class BodyTooLarge extends Error {}

async function readLimited(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      discard(body);
      throw new BodyTooLarge();
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Text from the upstream made safe to show: keys masked, control characters gone, a few hundred characters at most. */
function scrub(text: string, secrets: string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret.length >= 4) clean = clean.split(secret).join(maskSecret(secret));
  clean = clean
    .replace(/\b(sk-[A-Za-z0-9]*-?)[A-Za-z0-9_-]{16,}([A-Za-z0-9]{4})\b/g, "$1…$2")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > 300 ? `${clean.slice(0, 299)}…` : clean;
}

/** The error message in an upstream's JSON error, in the shapes OpenAI and the common servers use. */
function errorMessageOf(json: unknown): string | undefined {
  if (!json || typeof json !== "object") return undefined;
  const body = json as Record<string, unknown>;
  const error = body.error;
  if (error && typeof error === "object" && typeof (error as { message?: unknown }).message === "string") {
    return (error as { message: string }).message;
  }
  if (typeof error === "string") return error;
  if (typeof body.message === "string") return body.message;
  if (typeof body.detail === "string") return body.detail;
  return undefined;
}

function headerValue(headers: ReplyHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function retryAfterSeconds(headers: ReplyHeaders): number | undefined {
  const raw = headerValue(headers, "retry-after")?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.ceil(Number(raw));
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** An upstream's error answer to GET /models, in words. */
export function describeUpstreamError(status: number, headers: ReplyHeaders, bodyText: string, secrets: string[]): string {
  let headline: string;
  if (status === 401) headline = `The upstream refused the API key (401)`;
  else if (status === 403)
    headline = `The upstream denied access with this key (403); check the key's permissions, organization and project`;
  else if (status === 404) headline = `The upstream has no model list at this base URL (404); check the base URL (OpenAI's ends in /v1)`;
  else if (status === 429) {
    const wait = retryAfterSeconds(headers);
    headline = `The upstream is limiting requests with this key (429)${wait !== undefined ? `; retry after ${wait} s` : ""}`;
  } else if (status === 408 || status === 504) headline = `The upstream timed out (${status})`;
  else if (status >= 500) headline = `The upstream had an error (${status})`;
  else if (status >= 300 && status < 400) headline = `The upstream answered with a redirect (${status}), which is not followed`;
  else headline = `The upstream answered ${status}`;
  const message = errorMessageOf(parseJson(bodyText));
  return message ? `${headline}: ${scrub(message, secrets)}` : headline;
}

function hostOf(target: UpstreamTarget): string {
  try {
    return target.baseUrl ? new URL(target.baseUrl).host : "the sandbox";
  } catch {
    return "the upstream";
  }
}

/** A failure to reach the upstream, in words; names the host the admin typed, never a resolved address. */
export function describeNetworkError(error: unknown, target: UpstreamTarget, timedOut: boolean): string {
  if (timedOut) return `The upstream took too long to answer (more than ${TEST_DEADLINE_MS / 1000} s)`;
  const failure = error instanceof UpstreamNetworkError ? error : networkError(error);
  const host = hostOf(target);
  switch (failure.failure) {
    case "dns":
      return `The upstream's host name could not be resolved: the DNS lookup of ${host} failed. Check the base URL, and that this server can resolve and reach it.`;
    case "refused":
      return `Nothing answered at ${host}: the connection was refused or the network is unreachable. Is the server running, and is the base URL right?`;
    case "connect_timeout":
      return `Connecting to ${host} timed out. Is the address reachable from this server (firewall, VPN)?`;
    default:
      return failure.message;
  }
}

interface Probe {
  status: number;
  json: unknown;
}

async function probe(target: UpstreamTarget, path: string, search: string, signal: AbortSignal): Promise<Probe | null> {
  try {
    const reply = await sendUpstream(target, {
      method: "GET",
      path,
      search,
      headers: { accept: "application/json" },
      body: null,
      signal,
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 10_000,
    });
    const text = await readLimited(reply.body, PROBE_MAX_BYTES).catch(() => "");
    return { status: reply.status, json: parseJson(text) };
  } catch {
    return null;
  }
}

function listStatus(result: Probe | null): CapabilityStatus {
  if (!result) return "unknown";
  if (result.status >= 200 && result.status < 300) return "available";
  if (result.status === 404 || result.status === 405 || result.status === 501) return "missing";
  return "unknown";
}

function responsesStatus(result: Probe | null): CapabilityStatus {
  if (!result) return "unknown";
  if (result.status >= 200 && result.status < 300) return "available";
  if (result.status === 404 && errorMessageOf(result.json)?.includes(PROBE_ID)) return "available";
  return "unknown";
}

async function detectCapabilities(target: UpstreamTarget, models: string[], signal: AbortSignal): Promise<Capabilities> {
  if (target.kind === "sandbox") return { ...SANDBOX_CAPABILITIES };
  const compatible = target.kind === "compatible";
  const [files, vectorStores, batches, fineTuning, responses, embeddings] = await Promise.all([
    probe(target, LIST_PROBES.files, "limit=1", signal),
    probe(target, LIST_PROBES.vectorStores, "limit=1", signal),
    probe(target, LIST_PROBES.batches, "limit=1", signal),
    probe(target, LIST_PROBES.fineTuning, "limit=1", signal),
    compatible ? probe(target, `/responses/${PROBE_ID}`, "", signal) : null,
    compatible ? probe(target, "/embeddings", "", signal) : null,
  ]);
  const embeddingsStatus: CapabilityStatus = embeddings?.status === 405 || models.some((id) => /embed/i.test(id)) ? "available" : "unknown";
  return {
    responses: compatible ? responsesStatus(responses) : "available",
    chatCompletions: "available",
    embeddings: compatible ? embeddingsStatus : "available",
    files: listStatus(files),
    vectorStores: listStatus(vectorStores),
    batches: listStatus(batches),
    fineTuning: listStatus(fineTuning),
  };
}

function keepKnown(found: Capabilities, previous: Capabilities | null | undefined): Capabilities {
  if (!previous) return found;
  const merged = { ...found };
  for (const capability of Object.keys(found) as Capability[]) {
    if (merged[capability] === "unknown") merged[capability] = previous[capability];
  }
  return merged;
}

function modelIds(json: unknown): string[] | null {
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return null;
  return data.flatMap((entry) => (entry && typeof entry === "object" && typeof entry.id === "string" ? [entry.id] : []));
}

function failed(error: string, latencyMs: number | null = null): ProbeResult {
  return { ok: false, latencyMs, modelCount: null, models: [], capabilities: null, error };
}

/**
 * Calls the upstream as configured and reports what it found. `previous` is what an earlier test
 * of the same connection found; capabilities this test cannot tell keep their earlier value.
 */
export async function testConnection(target: UpstreamTarget, options: { previous?: Capabilities | null } = {}): Promise<ProbeResult> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), TEST_DEADLINE_MS);
  try {
    const started = performance.now();
    let status: number;
    let headers: ReplyHeaders;
    let text: string;
    try {
      const reply = await sendUpstream(target, {
        method: "GET",
        path: "/models",
        search: "",
        headers: { accept: "application/json" },
        body: null,
        signal: deadline.signal,
        headersTimeoutMs: 15_000,
        bodyTimeoutMs: 15_000,
      });
      status = reply.status;
      headers = reply.headers;
      text = await readLimited(reply.body, MODELS_MAX_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge) return failed("The upstream's model list is larger than 8 MB; is this an OpenAI-compatible API?");
      return failed(describeNetworkError(error, target, deadline.signal.aborted));
    }
    const latencyMs = Math.round(performance.now() - started);
    if (status < 200 || status > 299) return failed(describeUpstreamError(status, headers, text, target.secrets), latencyMs);
    const ids = modelIds(parseJson(text));
    if (!ids) {
      return failed(
        `The upstream answered ${status} but not with a model list; is the base URL the API's (ending in /v1, or /openai/v1 for Azure)?`,
        latencyMs,
      );
    }
    const shown = [...new Set(ids)]
      .filter((id) => !target.secrets.some((secret) => id.includes(secret)))
      .map((id) => scrub(id, target.secrets).slice(0, 200))
      .sort((a, b) => a.localeCompare(b));
    const capabilities = keepKnown(await detectCapabilities(target, ids, deadline.signal), options.previous);
    return { ok: true, latencyMs, modelCount: ids.length, models: shown.slice(0, SHOWN_MODELS), capabilities };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * "Test connection" for a project: the saved connection (draft null) or a draft from the form.
 * What a test of the saved connection finds is stored as its capabilities, unless the connection
 * was changed while the test ran.
 */
export async function testProjectConnection(projectId: string, draft: ConnectionInput | null): Promise<ConnectionTestResult> {
  let resolved: Awaited<ReturnType<typeof connectionToTest>>;
  try {
    resolved = await connectionToTest(projectId, draft);
  } catch (error) {
    if (error instanceof StoredKeyUnreadableError) return { ...failed(error.message), saved: false };
    throw error;
  }
  try {
    const prisma = await db();
    const previous = resolved.unchangedSince
      ? parseCapabilities(
          (await prisma.upstreamConnection.findUnique({ where: { projectId }, select: { capabilities: true } }))?.capabilities,
        )
      : null;
    const result = await testConnection(targetFor(resolved.fields), { previous });
    let saved = false;
    if (result.ok && result.capabilities && resolved.unchangedSince) {
      const { count } = await prisma.upstreamConnection.updateMany({
        where: { projectId, updatedAt: resolved.unchangedSince },
        data: { capabilities: result.capabilities, testedAt: new Date() },
      });
      saved = count === 1;
    }
    return { ...result, saved };
  } finally {
    await resolved.release();
  }
}
