import "server-only";
import type { ReplyHeaders } from "./transport";

// What crosses between caller and upstream. Allow lists in both directions: the caller's
// credentials (session cookie, virtual key) never reach the upstream, and the upstream's
// cookies, organisation ids or anything else it sets never reach the caller.

const TO_UPSTREAM = new Set(["content-type", "accept", "idempotency-key", "openai-beta", "x-sandbox-fault"]);

const FROM_UPSTREAM = new Set([
  "content-type",
  "content-disposition",
  "retry-after",
  "retry-after-ms",
  "x-request-id",
  "openai-processing-ms",
  "openai-version",
]);

export const USER_AGENT = `Switchboard/${process.env.npm_package_version || "0.1.0"}`;

type IncomingHeaders = Headers | Record<string, string | string[] | undefined>;

function entries(headers: IncomingHeaders): [string, string][] {
  if (headers instanceof Headers) return [...headers.entries()];
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out.push([name.toLowerCase(), Array.isArray(value) ? value.join(", ") : value]);
  }
  return out;
}

export function upstreamRequestHeaders(incoming: IncomingHeaders, options: { keepContentLength: boolean }): Record<string, string> {
  const headers: Record<string, string> = { "user-agent": USER_AGENT };
  for (const [name, value] of entries(incoming)) {
    if (TO_UPSTREAM.has(name) || (options.keepContentLength && name === "content-length")) headers[name] = value;
  }
  return headers;
}

export function callerResponseHeaders(reply: ReplyHeaders, options: { keepContentLength: boolean }): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (FROM_UPSTREAM.has(lower) || lower.startsWith("x-ratelimit-") || (options.keepContentLength && lower === "content-length")) {
      headers[lower] = Array.isArray(value) ? value.join(", ") : value;
    }
  }
  return headers;
}

export function headerValue(headers: ReplyHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
