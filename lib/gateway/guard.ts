import "server-only";
import { OpenAIShapedError } from "@/lib/upstream/openai-error";

// Parameters some clients and proxies honour to send a call elsewhere (LiteLLM's api_base, the
// SDKs' base_url…). The gateway always calls the project's own upstream; a request that tries to
// choose another is refused outright rather than silently ignored.

const REDIRECTING =
  /^(x-)?(openai-|azure-|litellm-)?(api[-_]?base([-_]?url)?|base[-_]?url|api[-_]?url|endpoint[-_]?url|azure[-_]?endpoint|upstream[-_]?url|target[-_]?url|proxy[-_]?url)$/i;

// Subtrees that carry the caller's own data (a tool's JSON schema may well have a "base_url"
// property), not options of the call.
const DATA_FIELDS = new Set(["tools", "functions", "response_format", "text", "metadata", "input", "messages", "prediction"]);

function refuse(where: string, name: string): OpenAIShapedError {
  return new OpenAIShapedError(400, {
    message: `The ${where} "${name}" would send this call to another server; the gateway always uses the project's upstream`,
    type: "invalid_request_error",
    param: name,
    code: "redirect_not_allowed",
  });
}

export function checkRedirectHeaders(names: Iterable<string>): void {
  for (const name of names) if (REDIRECTING.test(name)) throw refuse("header", name);
}

export function checkRedirectQuery(search: string): void {
  for (const name of new URLSearchParams(search).keys()) if (REDIRECTING.test(name)) throw refuse("query parameter", name);
}

export function checkRedirectBody(json: unknown, depth = 0): void {
  if (!json || typeof json !== "object" || depth > 8) return;
  if (Array.isArray(json)) {
    for (const item of json) checkRedirectBody(item, depth + 1);
    return;
  }
  for (const [name, value] of Object.entries(json)) {
    if (REDIRECTING.test(name)) throw refuse("parameter", name);
    if (depth === 0 && DATA_FIELDS.has(name)) continue;
    checkRedirectBody(value, depth + 1);
  }
}
