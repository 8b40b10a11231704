import "server-only";
import { Readable } from "node:stream";
import { type Dispatcher, getGlobalDispatcher, errors as undiciErrors } from "undici";
import { sandboxHandler } from "@/lib/sandbox/handler";
import { type CallSignal, toAbortSignal } from "./call-signal";
import { type DispatchedReply, dispatchCall } from "./dispatch";
import { assertNotRedirect, policyFromEnv, UpstreamUrlError } from "./ssrf";
import type { UpstreamTarget } from "./target";

// Sends one request to a target and hands back status, headers and the body as a Node stream.
// HTTP upstreams go through the target's (guarded) undici dispatcher (lib/upstream/dispatch.ts) —
// not fetch, which costs ~1.6 ms a call here — and the built-in sandbox is called in-process.

export interface UpstreamCall {
  method: string;
  /** Path below the base URL, starting with "/", e.g. "/responses". */
  path: string;
  /** Query string without "?" (may be empty). */
  search: string;
  headers: Record<string, string>;
  /** A Buffer can be sent again on a retry; a stream cannot. */
  body: Buffer | Readable | null;
  signal?: CallSignal;
  /** Longest wait for the response headers (first byte), in ms. */
  headersTimeoutMs?: number;
  /** Longest silence between two body chunks, in ms. */
  bodyTimeoutMs?: number;
  /** A successful JSON answer of up to this many bytes (by its content-length) may come back read whole, as `bytes`. */
  wholeJsonUpTo?: number;
}

export type ReplyHeaders = Record<string, string | string[] | undefined>;

/** Status, headers and body; `bytes` when the body was read whole (`wholeJsonUpTo`). */
export type UpstreamReply = DispatchedReply;

export type NetworkFailure = "blocked" | "dns" | "refused" | "connect_timeout" | "timeout" | "reset" | "aborted" | "redirect" | "other";

/** The upstream could not be reached or stopped answering; `message` is for people and names no address or key. */
export class UpstreamNetworkError extends Error {
  override name = "UpstreamNetworkError";
  constructor(
    readonly failure: NetworkFailure,
    message: string,
    /** True when the failure happened before any byte of the request could have reached the upstream. */
    readonly beforeSend: boolean,
  ) {
    super(message);
  }
}

function queryFor(target: UpstreamTarget, search: string): string {
  let hasQuery = false;
  for (const _ in target.query) hasQuery = true;
  if (!hasQuery && !search) return "";
  const params = new URLSearchParams(search);
  for (const [name, value] of Object.entries(target.query)) if (!params.has(name)) params.set(name, value);
  return params.toString();
}

export function urlFor(target: UpstreamTarget, path: string, search: string): string {
  const query = queryFor(target, search);
  const base = target.baseUrl ?? "http://sandbox.internal/v1";
  return `${base}${path}${query ? `?${query}` : ""}`;
}

// A base URL split into the origin and path prefix undici takes, once per base URL rather than a
// URL parse per call (undici's request(url) parses the whole URL each time, a visible cost).
const bases = new Map<string, { origin: string; path: string }>();
// Paths of these characters only mean the same joined as text as parsed as part of a URL.
const PLAIN_PATH = /^(\/[A-Za-z0-9_\-.~%:]*)*$/;

function originAndPath(target: UpstreamTarget & { baseUrl: string }, path: string, search: string): { origin: string; path: string } {
  let base = bases.get(target.baseUrl);
  if (!base) {
    const url = new URL(target.baseUrl);
    base = { origin: url.origin, path: url.pathname.replace(/\/+$/, "") };
    if (bases.size >= 1000) bases.clear();
    bases.set(target.baseUrl, base);
  }
  const query = queryFor(target, search);
  if (!PLAIN_PATH.test(path) || path.includes("/./") || path.includes("/../")) {
    const url = new URL(`${target.baseUrl}${path}${query ? `?${query}` : ""}`);
    return { origin: url.origin, path: `${url.pathname}${url.search}` };
  }
  return { origin: base.origin, path: `${base.path}${path}${query ? `?${query}` : ""}` };
}

export async function sendUpstream(target: UpstreamTarget, call: UpstreamCall): Promise<UpstreamReply> {
  const headers = { ...call.headers, ...target.headers };
  if (!target.baseUrl) return sendInProcess(urlFor(target, call.path, call.search), headers, call);
  const { origin, path } = originAndPath(target as UpstreamTarget & { baseUrl: string }, call.path, call.search);
  try {
    const reply = await dispatchCall(
      target.dispatcher ?? getGlobalDispatcher(),
      {
        origin,
        path,
        method: call.method as Dispatcher.HttpMethod,
        headers,
        body: call.body,
        headersTimeout: call.headersTimeoutMs ?? 120_000,
        bodyTimeout: call.bodyTimeoutMs ?? 300_000,
      },
      call.signal,
      { wholeJsonUpTo: call.wholeJsonUpTo },
    );
    // Only a 3xx is looked at (reading the policy from the environment on every reply costs).
    if (reply.status >= 300 && reply.status < 400) {
      try {
        assertNotRedirect(reply.status, reply.headers, { requestUrl: `${origin}${path}`, policy: policyFromEnv() });
      } catch (error) {
        discard(reply.body);
        throw error;
      }
    }
    return reply;
  } catch (error) {
    throw networkError(error, call.signal);
  }
}

async function sendInProcess(url: string, headers: Record<string, string>, call: UpstreamCall): Promise<UpstreamReply> {
  const body =
    call.body === null
      ? undefined
      : Buffer.isBuffer(call.body)
        ? new Uint8Array(call.body)
        : (Readable.toWeb(call.body) as ReadableStream<Uint8Array>);
  // duplex is what Node's Request needs for a streamed body; it is not in the DOM types.
  const init = { method: call.method, headers, body, signal: call.signal && toAbortSignal(call.signal), duplex: "half" } as RequestInit;
  const response = await sandboxHandler(new Request(url, init));
  const replyHeaders: ReplyHeaders = {};
  response.headers.forEach((value, name) => {
    replyHeaders[name] = value;
  });
  const stream = response.body
    ? Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>)
    : Readable.from([]);
  return { status: response.status, headers: replyHeaders, body: stream };
}

const CONNECT_CODES: Record<string, NetworkFailure> = {
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  ECONNREFUSED: "refused",
  EHOSTUNREACH: "refused",
  ENETUNREACH: "refused",
  UND_ERR_CONNECT_TIMEOUT: "connect_timeout",
};

const MESSAGES: Record<NetworkFailure, string> = {
  blocked: "The upstream's address is not allowed",
  dns: "The upstream's host name could not be resolved",
  refused: "The upstream refused the connection (is it running, and is the base URL right?)",
  connect_timeout: "Connecting to the upstream timed out",
  timeout: "The upstream took too long to answer",
  reset: "The upstream closed the connection unexpectedly",
  aborted: "The request was cancelled",
  redirect: "The upstream answered with a redirect, which is not followed",
  other: "The upstream could not be reached",
};

function causeCode(error: unknown): string | undefined {
  let current = error as { code?: string; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === "string") return current.code;
    current = current.cause as typeof current;
  }
  return undefined;
}

export function networkError(error: unknown, signal?: CallSignal): UpstreamNetworkError {
  if (error instanceof UpstreamNetworkError) return error;
  if (signal?.aborted) return new UpstreamNetworkError("aborted", MESSAGES.aborted, false);
  if (error instanceof UpstreamUrlError) {
    const failure = error.code === "redirect" ? "redirect" : "blocked";
    // The guard's own words name the configured host (typed by a project admin), never a resolved address.
    return new UpstreamNetworkError(failure, error.message, failure === "blocked");
  }
  const guarded = (error as { cause?: unknown })?.cause;
  if (guarded instanceof UpstreamUrlError) return new UpstreamNetworkError("blocked", guarded.message, true);
  const code = causeCode(error);
  if (code && CONNECT_CODES[code]) return new UpstreamNetworkError(CONNECT_CODES[code], MESSAGES[CONNECT_CODES[code]], true);
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return new UpstreamNetworkError("timeout", MESSAGES.timeout, false);
  }
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || error instanceof undiciErrors.SocketError) {
    return new UpstreamNetworkError("reset", MESSAGES.reset, false);
  }
  return new UpstreamNetworkError("other", MESSAGES.other, false);
}

export function describeNetworkFailure(failure: NetworkFailure): string {
  return MESSAGES[failure];
}

/** Drops a body we will not read; a destroyed undici body emits an error nobody needs to hear. */
export function discard(body: Readable): void {
  body.on("error", () => undefined);
  body.destroy();
}
