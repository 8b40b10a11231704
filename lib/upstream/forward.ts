import "server-only";
import { randomUUID } from "node:crypto";
import { PassThrough, type Readable, Transform, type TransformCallback } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { type Dispatcher, errors as undiciErrors } from "undici";
import { dateAt } from "@/lib/clock";
import { SecretBoxError } from "@/lib/crypto/secret-box";
import { recordUsageEvent, type UsageEventInput } from "@/lib/usage/record";
import { redactSecrets } from "@/lib/usage/redact";
import { requestLogMode } from "@/lib/usage/settings";
import type { CallSignal } from "./call-signal";
import { createsObject, rememberCreatedObject } from "./created-objects";
import { endpointOf, isModelCall } from "./endpoint";
import { callerResponseHeaders, headerValue, upstreamRequestHeaders } from "./headers";
import { errorReply, type ForwardedReply, OpenAIShapedError, upstreamErrorText } from "./openai-error";
import { pipeTo, readWithin } from "./pipe";
import { BodyTooLargeError, isJson, type PreparedBody, prepareBody, readLimited } from "./request-body";
import { SseTap, type StreamFacts } from "./sse-tap";
import { loadTarget, NoConnectionError, type UpstreamTarget } from "./target";
import { discard, networkError, sendUpstream, type UpstreamCall, type UpstreamNetworkError, type UpstreamReply } from "./transport";
import { type BodyFacts, factsFromBody, NO_USAGE } from "./usage";
import { WholeReply } from "./whole-reply";

// The forwarding core: every call to a project's upstream, from either door, goes through
// forwardToUpstream. It adds the upstream's credentials, streams the body both ways, aborts the
// upstream call when the caller goes away, reads usage as it passes, and records exactly one usage
// event when the call ends, however it ends.

export interface ForwardInput {
  projectId: string;
  caller: { source: "console" | "gateway"; userId: string | null; apiKeyId: string | null };
  method: string;
  /** API path below /v1, e.g. "/responses". */
  path: string;
  /** Query string without "?". */
  search: string;
  headers: Headers | Record<string, string | string[] | undefined>;
  body: Readable | null;
  /** Aborts when the caller goes away. */
  signal: CallSignal;
}

export interface ForwardOptions {
  /** A target resolved elsewhere (tests, "test connection"); otherwise the project's saved connection. */
  target?: UpstreamTarget;
  /** For HTTP upstreams when `target` is not given; see TargetOptions. */
  dispatcher?: Dispatcher;
  /** Checks a door makes once the body is read (the gateway's allowed models); throw OpenAIShapedError to refuse. */
  beforeSend?: (prepared: PreparedBody) => void | Promise<void>;
  recordUsage?: (event: UsageEventInput) => void;
  /** Retry pauses in ms for connection failures; tests shorten them. */
  retryDelaysMs?: number[];
  /** Longest wait for the upstream's headers, and longest silence within its body (ms). */
  timeouts?: { headersMs?: number; bodyMs?: number };
}

const MAX_ERROR_BODY = 1024 * 1024;
const MAX_TAPPED_JSON = 4 * 1024 * 1024;
/** JSON answers up to this size (with a content-length) are read whole before replying. */
const WHOLE_JSON_BYTES = 1024 * 1024;
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "DELETE", "PUT"]);
const RETRYABLE = new Set(["refused", "connect_timeout", "dns"]);

type Outcome = UsageEventInput["outcome"];

export async function forwardToUpstream(input: ForwardInput, options: ForwardOptions = {}): Promise<ForwardedReply> {
  const startedAt = dateAt().toISOString();
  const started = performance.now();
  const endpoint = endpointOf(input.path);
  const modelCall = isModelCall(input.method, endpoint);
  const creating = createsObject(input.method, endpoint);
  const record = options.recordUsage ?? recordUsageEvent;
  let model: string | null = null;
  let recorded = false;
  // Request log in "full" mode: the bodies as text, redacted when the event is recorded.
  let logBodies = false;
  let requestText: string | null = null;
  let responseText: string | null = null;

  const finish = (outcome: Outcome, status: number, facts: BodyFacts & { firstTokenAt?: number } = {}, requestId?: string) => {
    if (recorded) return;
    recorded = true;
    const usage = facts.usage ?? NO_USAGE;
    try {
      record({
        id: randomUUID(),
        projectId: input.projectId,
        userId: input.caller.userId,
        apiKeyId: input.caller.apiKeyId,
        source: input.caller.source,
        method: input.method,
        endpoint,
        model: facts.model ?? model,
        status,
        outcome,
        ...usage,
        usageReported: facts.usage !== undefined,
        batch: false,
        startedAt,
        latencyMs: Math.round(performance.now() - started),
        ttftMs: facts.firstTokenAt === undefined ? null : Math.round(facts.firstTokenAt - started),
        upstreamRequestId: requestId ?? null,
        bodies: logBodies ? loggedBodies(requestText, responseText, target?.secrets ?? []) : undefined,
      });
    } catch (error) {
      console.error("[upstream] usage event not recorded:", error instanceof Error ? error.message : error);
    }
  };

  let target: UpstreamTarget | undefined;
  try {
    target = options.target ?? (await loadTarget(input.projectId, { dispatcher: options.dispatcher }));
  } catch (error) {
    if (error instanceof NoConnectionError)
      return errorReply(409, { message: error.message, type: "invalid_request_error", code: "no_connection" });
    if (error instanceof SecretBoxError) {
      console.error(`[upstream] project ${input.projectId}: stored key unreadable: ${error.message}`);
      return errorReply(500, {
        message: "The project's upstream key cannot be decrypted with this server's secret; a project admin must enter it again",
        type: "api_error",
        code: "connection_key_unreadable",
      });
    }
    throw error;
  }

  let prepared: PreparedBody;
  try {
    const contentType = input.headers instanceof Headers ? input.headers.get("content-type") : firstHeader(input.headers["content-type"]);
    prepared = await prepareBody(input.method, input.path, contentType, input.body, target);
    model = prepared.model;
    const logMode = requestLogMode(input.projectId);
    logBodies = (logMode instanceof Promise ? await logMode : logMode) === "full";
    if (logBodies && Buffer.isBuffer(prepared.body)) requestText = prepared.body.toString("utf8");
    await options.beforeSend?.(prepared);
  } catch (error) {
    if (error instanceof OpenAIShapedError) return errorReply(error.status, error.fields, error.headers);
    if (error instanceof BodyTooLargeError) return errorReply(413, { message: error.message, type: "invalid_request_error" });
    if (input.signal.aborted) {
      finish("aborted", 0);
      return errorReply(499, { message: "The request was cancelled", type: "invalid_request_error", code: "cancelled" });
    }
    throw error;
  }

  const call: UpstreamCall = {
    method: input.method,
    path: prepared.path,
    search: input.search,
    headers: upstreamRequestHeaders(input.headers, { keepContentLength: prepared.unchanged && !Buffer.isBuffer(prepared.body) }),
    body: prepared.body,
    signal: input.signal,
    // Reasoning models can think for minutes before a non-streamed answer; the SDKs wait 10.
    headersTimeoutMs: options.timeouts?.headersMs ?? 600_000,
    bodyTimeoutMs: options.timeouts?.bodyMs ?? 300_000,
    // Read whole below (and parsed for usage) anyway: no stream need be made for it.
    wholeJsonUpTo: modelCall || creating ? WHOLE_JSON_BYTES : undefined,
  };

  let reply: UpstreamReply;
  try {
    reply = await sendWithRetries(target, call, options.retryDelaysMs ?? [100, 400]);
  } catch (error) {
    const failure = error as UpstreamNetworkError;
    if (failure.failure === "aborted") {
      finish("aborted", 0);
      return errorReply(499, { message: failure.message, type: "invalid_request_error", code: "cancelled" });
    }
    const timeout = failure.failure === "timeout" || failure.failure === "connect_timeout";
    finish(timeout ? "timeout" : "network_error", timeout ? 504 : 502);
    return errorReply(timeout ? 504 : 502, {
      message: `Switchboard could not reach the upstream: ${failure.message}`,
      type: "api_error",
      code: failure.failure === "blocked" ? "upstream_blocked" : "upstream_unreachable",
    });
  }

  const requestId = headerValue(reply.headers, "x-request-id");
  if (reply.status >= 400) {
    let raw = "";
    try {
      raw = (await readLimited(reply.body, MAX_ERROR_BODY)).toString("utf8");
    } catch {
      discard(reply.body);
    }
    const text = upstreamErrorText(reply.status, raw, target.secrets);
    responseText = text;
    const headers = callerResponseHeaders(reply.headers, { keepContentLength: false });
    headers["content-type"] = "application/json";
    finish("upstream_error", reply.status, {}, requestId);
    return { status: reply.status, headers, body: bufferStream(text) };
  }

  const contentType = headerValue(reply.headers, "content-type") ?? "";
  const streamed = contentType.startsWith("text/event-stream");
  // Not `reply.body` yet: for an answer read whole, asking for it would make a stream.
  let body: Readable | null = null;
  const length = Number(headerValue(reply.headers, "content-length") ?? Number.NaN);
  if (!streamed && (modelCall || creating) && isJson(contentType) && !(length > WHOLE_JSON_BYTES)) {
    // A JSON answer is complete upstream before it is sent: one of up to WHOLE_JSON_BYTES (most
    // model calls) is read whole and sent on in one write, cheaper per call than a tap stream.
    let read: { bytes: Buffer } | { stream: Readable };
    try {
      read = reply.bytes ? { bytes: reply.bytes } : await readWithin(reply.body, WHOLE_JSON_BYTES);
    } catch (error) {
      discard(reply.body);
      const cutBy = input.signal.aborted ? "aborted" : error instanceof undiciErrors.BodyTimeoutError ? "timeout" : "incomplete";
      finish(cutBy, reply.status, {}, requestId);
      return errorReply(502, { message: "The upstream's answer was cut off before its end", type: "api_error", code: "upstream_cut_off" });
    }
    if ("stream" in read) body = read.stream;
    else {
      const bytes = read.bytes;
      // Recorded once the answer is on its way (the door writes it before this runs), so the
      // caller does not wait for the usage event's disk write.
      setImmediate(() => {
        const facts = jsonFacts(bytes);
        if (logBodies) responseText = bytes.toString("utf8");
        finish(endingOf(facts, false, modelCall), reply.status, facts, requestId);
        if (creating && facts.created) {
          rememberCreatedObject(
            { projectId: input.projectId, userId: input.caller.userId, apiKeyId: input.caller.apiKeyId },
            facts.created,
          );
        }
      });
      const headers = callerResponseHeaders(reply.headers, { keepContentLength: false });
      headers["content-length"] = String(read.bytes.length);
      return new WholeReply(reply.status, headers, read.bytes);
    }
  }
  const tap: Transform & { facts(): StreamFacts | BodyFacts } = streamed
    ? wrapSse(new SseTap(prepared.stripUsageChunk, logBodies))
    : (modelCall || creating) && isJson(contentType)
      ? new JsonTap()
      : wrapPlain(new PassThrough());

  pipeTo(body ?? reply.body, tap, (error) => {
    const facts = tap.facts();
    if (logBodies) responseText = (tap as { text?: () => string | null }).text?.() ?? null;
    if (error) {
      const cutBy = input.signal.aborted ? "aborted" : error instanceof undiciErrors.BodyTimeoutError ? "timeout" : "incomplete";
      finish(cutBy, reply.status, facts, requestId);
      return;
    }
    finish(endingOf(facts, streamed, modelCall), reply.status, facts, requestId);
    const created = (facts as { created?: { id: string; object: string } }).created;
    if (creating && created) {
      rememberCreatedObject({ projectId: input.projectId, userId: input.caller.userId, apiKeyId: input.caller.apiKeyId }, created);
    }
  });

  const headers = callerResponseHeaders(reply.headers, { keepContentLength: !prepared.stripUsageChunk });
  return { status: reply.status, headers, body: tap };
}

function endingOf(facts: StreamFacts | BodyFacts, streamed: boolean, modelCall: boolean): Outcome {
  if (facts.incomplete) return "incomplete";
  if (streamed) return (facts as StreamFacts).finished && (facts.usage || !modelCall) ? "completed" : "incomplete";
  if (modelCall && !facts.usage && !(facts as { pending?: boolean }).pending) return "incomplete";
  return "completed";
}

async function sendWithRetries(target: UpstreamTarget, call: UpstreamCall, delays: number[]): Promise<UpstreamReply> {
  const replayable = call.body === null || Buffer.isBuffer(call.body);
  const mayRetry = replayable && (IDEMPOTENT.has(call.method) || !!call.headers["idempotency-key"]);
  for (let attempt = 0; ; attempt++) {
    try {
      return await sendUpstream(target, call);
    } catch (error) {
      const failure = networkError(error, call.signal);
      const again = mayRetry && failure.beforeSend && RETRYABLE.has(failure.failure) && attempt < delays.length;
      if (!again || call.signal?.aborted) throw failure;
      await sleep(delays[attempt] * (0.75 + Math.random() * 0.5));
    }
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function bufferStream(text: string): Readable {
  const stream = new PassThrough();
  stream.end(Buffer.from(text));
  return stream;
}

function wrapSse(tap: SseTap) {
  return Object.assign(tap, { facts: () => tap.facts, text: () => tap.collected() });
}

const MAX_LOGGED_BODY = 256 * 1024;

function loggedBodies(request: string | null, response: string | null, secrets: string[]): UsageEventInput["bodies"] {
  const cut = (text: string | null) => (text === null ? null : redactSecrets(text.slice(0, MAX_LOGGED_BODY), secrets));
  const truncated = (request?.length ?? 0) > MAX_LOGGED_BODY || (response?.length ?? 0) > MAX_LOGGED_BODY;
  return { request: cut(request), response: cut(response), truncated };
}

function wrapPlain(stream: PassThrough) {
  return Object.assign(stream, { facts: (): BodyFacts => ({}) });
}

type JsonFacts = BodyFacts & { pending?: boolean; created?: { id: string; object: string } };

function jsonFacts(bytes: Buffer): JsonFacts {
  try {
    const body = JSON.parse(bytes.toString("utf8"));
    const facts = factsFromBody(body);
    // A background response answers at once, queued; its usage comes later and is not this call's.
    const pending = body?.status === "queued" || body?.status === "in_progress";
    // A completed upload made a file: that file is what was created.
    const made = body?.object === "upload" && body?.file ? body.file : body;
    const created = typeof made?.id === "string" && typeof made?.object === "string" ? { id: made.id, object: made.object } : undefined;
    return { ...facts, pending, created };
  } catch {
    return {};
  }
}

/** Passes a JSON answer through untouched and reads its usage once it has all gone by. */
class JsonTap extends Transform {
  private chunks: Buffer[] = [];
  private size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size <= MAX_TAPPED_JSON) this.chunks.push(chunk);
    callback(null, chunk);
  }

  text(): string | null {
    return this.size > MAX_TAPPED_JSON ? null : Buffer.concat(this.chunks).toString("utf8");
  }

  facts(): JsonFacts {
    if (this.size > MAX_TAPPED_JSON || this.chunks.length === 0) return {};
    return jsonFacts(Buffer.concat(this.chunks));
  }
}
