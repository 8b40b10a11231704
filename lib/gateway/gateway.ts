import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import { permissionProblem, READ_METHODS } from "@/lib/api-keys/schema";
import { nowMs } from "@/lib/clock";
import type { CallSignal } from "@/lib/upstream/call-signal";
import { forwardToUpstream } from "@/lib/upstream/forward";
import { type ForwardedReply, OpenAIShapedError } from "@/lib/upstream/openai-error";
import { nodeBody, replyToNode, replyToWeb } from "@/lib/upstream/reply";
import { isJson, readLimited } from "@/lib/upstream/request-body";
import { recordUsageEvent, type UsageEventInput } from "@/lib/usage/record";
import { actualCost, estimateCall } from "./cost";
import { checkRedirectBody, checkRedirectHeaders, checkRedirectQuery } from "./guard";
import { findGatewayKey, type GatewayKey, KeyStoreUnavailableError, keyHasLimits, touchKey } from "./keys";
import { gatewayLimits, type Limits, rateLimitHeaders, type Taken } from "./limits";
import { checkBodyModels, checkModel, filterModelList } from "./models";

// The gateway: /v1/* for any OpenAI client with a project API key (Authorization: Bearer sk-sb-…,
// or api-key: … for Azure-style clients, which may also use /openai/deployments/{name}/… paths).
// It finds the key, checks what the key may do, takes its rate limit and budget share, and hands
// the call to the same forwarding core as the console. Errors are in OpenAI's shape. Served on
// the custom server's lean path (serveGateway); gatewayHandler is the same for web Requests.

const GATEWAY_PATH = /^\/v1(\/.*)?$/;
const AZURE_DEPLOYMENT_PATH = /^\/openai\/deployments\/([^/]+)(\/.*)$/;
const AZURE_V1_PATH = /^\/openai\/v1(\/.*)?$/;
const API_PATH = /^(\/[A-Za-z0-9_\-.:~%]+)+$/;
const MODEL_CALLS = new Set(["/responses", "/chat/completions", "/completions", "/embeddings"]);

export function isGatewayPath(pathname: string): boolean {
  return GATEWAY_PATH.test(pathname) || AZURE_DEPLOYMENT_PATH.test(pathname) || AZURE_V1_PATH.test(pathname);
}

export interface GatewayOptions {
  /** For HTTP upstreams (tests pass a plain Agent for 127.0.0.1). */
  dispatcher?: Dispatcher;
  recordUsage?: (event: UsageEventInput) => void;
  /** SWITCHBOARD_GATEWAY_FAIL_OPEN: serve keys with limits unchecked while the database is down. */
  failOpen?: boolean;
  /** The limits (this process's by default); tests give each door its own, or one whose database does not answer. */
  limits?: Limits;
}

interface GatewayCall {
  method: string;
  pathname: string;
  search: string;
  headers: Headers | Record<string, string | string[] | undefined>;
  body: Readable | null;
  signal: CallSignal;
}

function header(headers: GatewayCall["headers"], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function headerNames(headers: GatewayCall["headers"]): string[] {
  return headers instanceof Headers ? [...headers.keys()] : Object.keys(headers);
}

function invalidKey(message: string): OpenAIShapedError {
  return new OpenAIShapedError(401, { message, type: "invalid_request_error", code: "invalid_api_key" });
}

function unavailable(): OpenAIShapedError {
  return new OpenAIShapedError(503, {
    message: "Switchboard cannot check this API key's limits right now (its database does not answer); try again shortly",
    type: "api_error",
    code: "service_unavailable",
  });
}

function masked(token: string): string {
  return token.length > 10 ? `${token.slice(0, 6)}…${token.slice(-4)}` : "…";
}

export function presentedToken(headers: GatewayCall["headers"]): string {
  const authorization = header(headers, "authorization") ?? "";
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
  return bearer ?? header(headers, "api-key")?.trim() ?? "";
}

/** The caller's key, checked; synchronous while the key is cached (no promise on the hot path). */
function authenticate(call: GatewayCall, options: GatewayOptions): GatewayKey | Promise<GatewayKey> {
  const token = presentedToken(call.headers);
  if (!token) {
    throw invalidKey("You didn't provide an API key. Send your Switchboard project API key as Authorization: Bearer sk-sb-…");
  }
  const found = findGatewayKey(token, { dispatcher: options.dispatcher });
  if (!(found instanceof Promise)) return checkKey(token, found, options);
  return found.then(
    (read) => checkKey(token, read, options),
    (error) => {
      if (error instanceof KeyStoreUnavailableError) {
        console.error("[gateway] key lookup failed:", error.message);
        throw new OpenAIShapedError(503, {
          message: "Switchboard cannot check API keys right now (its database does not answer); try again shortly",
          type: "api_error",
          code: "service_unavailable",
        });
      }
      throw error;
    },
  );
}

function checkKey(token: string, found: { key: GatewayKey | null; stale: boolean }, options: GatewayOptions): GatewayKey {
  const key = found.key;
  if (!key)
    throw invalidKey(`Incorrect API key provided: ${masked(token)}. Project API keys are in Switchboard under Settings → API keys.`);
  if (found.stale && keyHasLimits(key) && !options.failOpen) throw unavailable();
  const now = nowMs();
  if (key.revokedAt) throw invalidKey("This API key has been revoked");
  if (key.expiresAt && key.expiresAt.getTime() <= now) throw invalidKey("This API key has expired");
  if (key.previousUntil && key.previousUntil.getTime() <= now)
    throw invalidKey("This API key was replaced by a new one (rolled) and no longer works");
  if (!key.ownerActive) throw invalidKey("This API key's owner is no longer an active member of the project");
  if (key.projectArchived) {
    throw new OpenAIShapedError(403, {
      message: "This API key's project is archived",
      type: "invalid_request_error",
      code: "project_archived",
    });
  }
  return key;
}

/** Maps the door's URL to an API path, and an Azure deployment path to the model it names. */
function apiPath(pathname: string): { path: string; deployment: string | null } {
  const azure = AZURE_DEPLOYMENT_PATH.exec(pathname);
  if (azure) return { path: azure[2], deployment: decodeURIComponent(azure[1]) };
  const match = GATEWAY_PATH.exec(pathname) ?? AZURE_V1_PATH.exec(pathname);
  return { path: match?.[1] ?? "/", deployment: null };
}

function checkPath(path: string): void {
  if (!API_PATH.test(path) || path.split("/").some((segment) => segment === "." || segment === "..")) {
    throw new OpenAIShapedError(404, {
      message: `Unknown API path: ${path.slice(0, 100)}`,
      type: "invalid_request_error",
      code: "unknown_url",
    });
  }
  if (path === "/organization" || path.startsWith("/organization/")) {
    throw new OpenAIShapedError(403, {
      message: "The organization admin API is not available through the gateway",
      type: "invalid_request_error",
      code: "insufficient_permissions",
    });
  }
}

/** An Azure deployment path names the model in the URL: it becomes the body's model. */
async function withDeploymentModel(
  call: GatewayCall,
  deployment: string,
): Promise<{ body: Readable | null; headers: Record<string, string> }> {
  const headers: Record<string, string> = {};
  for (const name of headerNames(call.headers)) {
    const value = header(call.headers, name);
    if (value !== undefined && name.toLowerCase() !== "content-length") headers[name.toLowerCase()] = value;
  }
  if (!call.body || !isJson(headers["content-type"])) return { body: call.body, headers };
  const raw = await readLimited(call.body, 32 * 1024 * 1024);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    return { body: Readable.from([raw]), headers };
  }
  if (json && typeof json === "object" && !Array.isArray(json)) json.model = deployment;
  return { body: Readable.from([Buffer.from(JSON.stringify(json))]), headers };
}

async function gateway(call: GatewayCall, options: GatewayOptions): Promise<ForwardedReply> {
  checkRedirectHeaders(headerNames(call.headers));
  const authenticated = authenticate(call, options);
  const key = authenticated instanceof Promise ? await authenticated : authenticated;
  const { path, deployment } = apiPath(call.pathname);
  checkPath(path);
  const search = deployment || AZURE_V1_PATH.test(call.pathname) ? stripApiVersion(call.search) : call.search;
  checkRedirectQuery(search);
  const problem = permissionProblem(key.permissions, call.method, path);
  if (problem) throw new OpenAIShapedError(403, { message: problem, type: "invalid_request_error", code: "insufficient_permissions" });
  if (!key.target) {
    throw new OpenAIShapedError(409, {
      message: "This API key's project has no API connection; a project admin can set one up in Settings → API connection",
      type: "invalid_request_error",
      code: "no_connection",
    });
  }
  const modelPath = /^\/models\/([^/]+)$/.exec(path);
  if (modelPath && READ_METHODS.has(call.method) && key.allowedModels && !key.allowedModels.has(decodeURIComponent(modelPath[1]))) {
    const model = decodeURIComponent(modelPath[1]);
    throw new OpenAIShapedError(404, {
      message: `The model '${model}' does not exist or you do not have access to it.`,
      type: "invalid_request_error",
      param: "model",
      code: "model_not_found",
    });
  }
  if (deployment) checkModel(key, deployment);
  touchKey(key);

  const target = key.target;
  const limits = options.limits ?? gatewayLimits;
  let taken: Taken | null = null;
  let settled = false;
  const record = options.recordUsage ?? recordUsageEvent;
  const settle = (event: UsageEventInput | null) => {
    if (settled) return;
    settled = true;
    const held = taken;
    if (!held || (!held.rate && !held.reservation)) return;
    const tokens = event ?? { inputTokens: 0, cachedTokens: 0, outputTokens: 0 };
    const pay = (costNanoUsd: bigint) => limits.settle(key, held, { tokens: tokens.inputTokens + tokens.outputTokens, costNanoUsd });
    const fail = (error: unknown) =>
      console.error("[gateway] settling a call's cost failed:", error instanceof Error ? error.message : error);
    try {
      const cost = actualCost(key.projectId, event?.model ?? null, tokens);
      if (typeof cost === "bigint") pay(cost);
      else cost.then(pay).catch(fail);
    } catch (error) {
      fail(error);
    }
  };

  const { body, headers } = deployment ? await withDeploymentModel(call, deployment) : { body: call.body, headers: call.headers };
  let reply: ForwardedReply;
  try {
    reply = await forwardToUpstream(
      {
        projectId: key.projectId,
        caller: { source: "gateway", userId: null, apiKeyId: key.id },
        method: call.method,
        path,
        search,
        headers,
        body,
        signal: call.signal,
      },
      {
        target,
        recordUsage: (event) => {
          record(event);
          settle(event);
        },
        beforeSend: async (prepared) => {
          checkRedirectBody(prepared.json);
          await checkBodyModels(key, call.method, path, prepared.json, { target, signal: call.signal });
          const model = prepared.model;
          // Counting tokens is the dearest check; only a token limit or a budget needs the estimate.
          const needsEstimate = key.tokensPerMinute !== null || key.monthlyBudgetNanoUsd !== null;
          // Both are synchronous on a busy key (cached price, room in this replica's slices).
          const estimating =
            needsEstimate && call.method === "POST" && MODEL_CALLS.has(path) && prepared.json && model
              ? estimateCall(key.projectId, path, prepared.json, model)
              : { inputTokens: 0, outputTokens: 0, worstCaseNanoUsd: 0n };
          const estimate = estimating instanceof Promise ? await estimating : estimating;
          const estimatedTokens = estimate.inputTokens + estimate.outputTokens;
          // Reserved last, so that nothing after it can refuse the call and strand the reservation.
          try {
            const taking = limits.take(key, estimatedTokens, estimate.worstCaseNanoUsd);
            taken = taking instanceof Promise ? await taking : taking;
          } catch (error) {
            if (error instanceof OpenAIShapedError) {
              settle(null);
              throw error;
            }
            console.error("[gateway] limits unavailable:", error instanceof Error ? error.message : error);
            if (!options.failOpen) {
              settle(null);
              throw unavailable();
            }
          }
        },
      },
    );
  } catch (error) {
    settle(null);
    throw error;
  }
  const rate = (taken as Taken | null)?.rate;
  if (rate) Object.assign(reply.headers, rateLimitHeaders(key, rate.used, rate.windowStart));
  if (path === "/models" && call.method === "GET" && reply.status === 200 && key.allowedModels) {
    const filtered = await filterModelList(key, reply.bytes ?? (await readLimited(reply.body, 16 * 1024 * 1024)));
    reply = {
      status: reply.status,
      headers: { ...reply.headers, "content-length": String(filtered.length) },
      body: Readable.from([filtered]),
      bytes: filtered,
    };
  }
  return reply;
}

function stripApiVersion(search: string): string {
  const params = new URLSearchParams(search);
  params.delete("api-version");
  return params.toString();
}

function failure(error: unknown): OpenAIShapedError {
  if (error instanceof OpenAIShapedError) return error;
  console.error("[gateway] unexpected error:", error instanceof Error ? error.message : error);
  return new OpenAIShapedError(500, { message: "Something went wrong on the server", type: "api_error" });
}

// No CORS headers at all: browsers may not call the gateway from other sites (a key in a web page
// is a leaked key); server-side clients are unaffected.

/** The lean door: node:http in and out, the request stream handed straight to the core. */
export function createGatewayServer(options: GatewayOptions = {}) {
  return (req: IncomingMessage, res: ServerResponse) =>
    replyToNode(
      req,
      res,
      (signal) => {
        const method = req.method ?? "GET";
        const url = req.url ?? "/";
        const q = url.indexOf("?");
        return gateway(
          {
            method,
            pathname: q === -1 ? url : url.slice(0, q),
            search: q === -1 ? "" : url.slice(q + 1),
            headers: req.headers,
            body: method === "GET" || method === "HEAD" ? null : req,
            signal,
          },
          options,
        );
      },
      failure,
    );
}

/** The same gateway for web Requests (tests, and `next dev` through the route handler). */
export function createGatewayHandler(options: GatewayOptions = {}) {
  return (request: Request) =>
    replyToWeb(() => {
      const url = new URL(request.url);
      const input = {
        method: request.method,
        pathname: url.pathname,
        search: url.search.slice(1),
        headers: request.headers,
        body: nodeBody(request),
        signal: request.signal,
      };
      return gateway(input, options);
    }, failure);
}

export const serveGateway = createGatewayServer({ failOpen: process.env.SWITCHBOARD_GATEWAY_FAIL_OPEN === "true" });
export const gatewayHandler = createGatewayHandler({ failOpen: process.env.SWITCHBOARD_GATEWAY_FAIL_OPEN === "true" });
