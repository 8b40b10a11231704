import "server-only";
import { findModel } from "../models";
import { readInputLines } from "./lines";
import type { BatchLineError } from "./object";

// The checks the real service makes on an input file before it runs anything: every line a
// request to the batch's endpoint, with a unique custom_id, and one model for the whole batch.
// A file with any bad line fails the batch with the lines named in `errors.data`.

export const MAX_REQUESTS = 50_000;
// Enough for anyone to find their mistakes; the real API also stops listing after a while.
const MAX_LISTED_ERRORS = 1000;

export type Validation = { ok: true; total: number; model: string } | { ok: false; errors: BatchLineError[] };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export async function validateInputFile(fileId: string, endpoint: string): Promise<Validation> {
  const errors: BatchLineError[] = [];
  const seen = new Map<string, number>();
  let model: string | null = null;
  let modelLine = 0;
  let total = 0;
  const fail = (line: number, code: string, message: string, param: string | null) => {
    if (errors.length < MAX_LISTED_ERRORS) errors.push({ code, message, param, line });
  };
  for await (const { number, text } of readInputLines(fileId)) {
    total++;
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch {
      fail(number, "invalid_json_line", "This line is not parseable as valid JSON.", null);
      continue;
    }
    if (!isObject(request)) {
      fail(number, "invalid_request", "Each line must be a JSON object with custom_id, method, url and body.", null);
      continue;
    }
    const { custom_id: customId, method, url, body } = request;
    if (typeof customId !== "string" || !customId) {
      fail(number, "missing_required_parameter", "Missing required parameter: 'custom_id'.", "custom_id");
    } else if (seen.has(customId)) {
      fail(
        number,
        "duplicate_custom_id",
        `The custom_id '${customId}' is a duplicate of the one on line ${seen.get(customId)}. The custom_id parameter must be unique for each request in a batch.`,
        "custom_id",
      );
    } else seen.set(customId, number);
    if (method !== "POST") {
      fail(number, "invalid_method", `Invalid value for 'method': expected 'POST', got ${JSON.stringify(method ?? null)}.`, "method");
    }
    if (url !== endpoint) {
      fail(
        number,
        "invalid_url",
        `The URL ${JSON.stringify(url ?? null)} of this request does not match the batch endpoint '${endpoint}'.`,
        "url",
      );
    }
    if (!isObject(body)) {
      fail(number, "missing_required_parameter", "Missing required parameter: 'body' (an object).", "body");
      continue;
    }
    if (typeof body.model !== "string" || !body.model) {
      fail(number, "missing_required_parameter", "Missing required parameter: 'body.model'.", "body.model");
    } else if (model === null) {
      if (await findModel(body.model)) {
        model = body.model;
        modelLine = number;
      } else fail(number, "model_not_found", `The model \`${body.model}\` does not exist or you do not have access to it.`, "body.model");
    } else if (body.model !== model) {
      fail(
        number,
        "mismatched_model",
        `The model '${body.model}' differs from the model '${model}' of line ${modelLine}. All requests in a batch must use the same model.`,
        "body.model",
      );
    }
  }
  if (total === 0)
    return { ok: false, errors: [{ code: "empty_file", message: "The input file has no requests.", param: null, line: null }] };
  if (total > MAX_REQUESTS) {
    errors.push({
      code: "too_many_requests",
      message: `The input file has ${total} requests; a batch takes at most ${MAX_REQUESTS}.`,
      param: null,
      line: null,
    });
  }
  if (errors.length || model === null) return { ok: false, errors };
  return { ok: true, total, model };
}
