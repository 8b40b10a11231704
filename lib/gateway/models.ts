import "server-only";
import { createInterface } from "node:readline";
import { permissionProblem } from "@/lib/api-keys/schema";
import type { CallSignal } from "@/lib/upstream/call-signal";
import { forwardToUpstream } from "@/lib/upstream/forward";
import { OpenAIShapedError } from "@/lib/upstream/openai-error";
import { readLimited } from "@/lib/upstream/request-body";
import type { UpstreamTarget } from "@/lib/upstream/target";
import type { GatewayKey } from "./keys";

// Allowed models, checked wherever a call could reach a model: the request's own `model`, the
// response a /responses call continues (previous_response_id), and every line of a batch's input
// file (whose endpoints must also be ones the key may call).

export function modelNotAllowed(key: GatewayKey, model: string): OpenAIShapedError {
  const allowed = [...(key.allowedModels ?? [])];
  return new OpenAIShapedError(403, {
    message: `This API key may not use the model "${model}"; it may use ${allowed.length ? allowed.join(", ") : "no models"}`,
    type: "invalid_request_error",
    param: "model",
    code: "model_not_allowed",
  });
}

export function checkModel(key: GatewayKey, model: string): void {
  if (key.allowedModels && !key.allowedModels.has(model)) throw modelNotAllowed(key, model);
}

const MODEL_REQUIRED = new Set(["/responses", "/chat/completions", "/completions", "/embeddings"]);

interface UpstreamReader {
  target: UpstreamTarget;
  signal: CallSignal;
}

export async function checkBodyModels(
  key: GatewayKey,
  method: string,
  path: string,
  json: Record<string, unknown> | null,
  upstream: UpstreamReader,
): Promise<void> {
  if (method !== "POST" || !json) return;
  const model = typeof json.model === "string" ? json.model : null;
  if (key.allowedModels) {
    if (model) checkModel(key, model);
    else if (MODEL_REQUIRED.has(path)) {
      throw new OpenAIShapedError(400, {
        message: "This API key is limited to some models; name the model",
        type: "invalid_request_error",
        param: "model",
        code: "missing_model",
      });
    }
  }
  if (path === "/responses" && key.allowedModels && typeof json.previous_response_id === "string") {
    const previous = await readUpstreamJson(key, upstream, `/responses/${encodeURIComponent(json.previous_response_id)}`);
    if (previous && typeof previous.model === "string") checkModel(key, previous.model);
  }
  if (path === "/batches") await checkBatchInput(key, json, upstream);
}

async function checkBatchInput(key: GatewayKey, json: Record<string, unknown>, upstream: UpstreamReader): Promise<void> {
  const endpoint = typeof json.endpoint === "string" ? json.endpoint.replace(/^\/v1/, "") : null;
  if (endpoint) {
    const problem = permissionProblem(key.permissions, "POST", endpoint);
    if (problem)
      throw new OpenAIShapedError(403, {
        message: problem,
        type: "invalid_request_error",
        param: "endpoint",
        code: "insufficient_permissions",
      });
  }
  if (!key.allowedModels || typeof json.input_file_id !== "string") return;
  const reply = await forwardToUpstream(
    {
      projectId: key.projectId,
      caller: { source: "gateway", userId: null, apiKeyId: key.id },
      method: "GET",
      path: `/files/${encodeURIComponent(json.input_file_id)}/content`,
      search: "",
      headers: {},
      body: null,
      signal: upstream.signal,
    },
    { target: upstream.target, recordUsage: () => undefined },
  );
  // A file the upstream does not have: the batch call itself will say so.
  if (reply.status !== 200) {
    reply.body.resume();
    return;
  }
  let lineNumber = 0;
  const lines = createInterface({ input: reply.body, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      lineNumber++;
      if (!line.trim()) continue;
      let model: unknown;
      try {
        model = (JSON.parse(line) as { body?: { model?: unknown } })?.body?.model;
      } catch {
        continue; // The upstream's validation reports malformed lines.
      }
      if (typeof model === "string" && !key.allowedModels.has(model)) {
        const error = modelNotAllowed(key, model);
        error.fields.message = `Line ${lineNumber} of the batch's input file: ${error.fields.message}`;
        error.fields.param = "input_file_id";
        throw error;
      }
    }
  } finally {
    lines.close();
    reply.body.destroy();
  }
}

async function readUpstreamJson(key: GatewayKey, upstream: UpstreamReader, path: string): Promise<Record<string, unknown> | null> {
  const reply = await forwardToUpstream(
    {
      projectId: key.projectId,
      caller: { source: "gateway", userId: null, apiKeyId: key.id },
      method: "GET",
      path,
      search: "",
      headers: {},
      body: null,
      signal: upstream.signal,
    },
    { target: upstream.target, recordUsage: () => undefined },
  );
  if (reply.status !== 200) {
    reply.body.resume();
    return null;
  }
  try {
    return JSON.parse((await readLimited(reply.body, 16 * 1024 * 1024)).toString("utf8"));
  } catch {
    return null;
  }
}

/** GET /models through the gateway lists only the models the key may use. */
export async function filterModelList(key: GatewayKey, body: Buffer): Promise<Buffer> {
  if (!key.allowedModels) return body;
  try {
    const list = JSON.parse(body.toString("utf8")) as { data?: { id?: unknown }[] };
    if (!Array.isArray(list.data)) return body;
    list.data = list.data.filter((model) => typeof model.id === "string" && key.allowedModels?.has(model.id));
    return Buffer.from(JSON.stringify(list));
  } catch {
    return body;
  }
}
