import "server-only";
import { Readable } from "node:stream";

// Errors leave both doors in OpenAI's own shape, so the official SDKs (and the console, which uses
// one) read them like any other API error.

export interface OpenAIErrorFields {
  message: string;
  type: string;
  code?: string | null;
  param?: string | null;
}

export interface ForwardedReply {
  status: number;
  headers: Record<string, string>;
  body: Readable;
  /** The whole body when it was read before replying (a small JSON answer): doors send it in one write. */
  bytes?: Buffer;
}

export function openAIErrorBody(fields: OpenAIErrorFields): string {
  return JSON.stringify({ error: { message: fields.message, type: fields.type, param: fields.param ?? null, code: fields.code ?? null } });
}

export function errorReply(status: number, fields: OpenAIErrorFields, headers: Record<string, string> = {}): ForwardedReply {
  const text = openAIErrorBody(fields);
  return {
    status,
    headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers },
    body: Readable.from([Buffer.from(text)]),
  };
}

/** Thrown by a door's checks (permissions, limits) to answer with an OpenAI-shaped error. */
export class OpenAIShapedError extends Error {
  constructor(
    readonly status: number,
    readonly fields: OpenAIErrorFields,
    readonly headers: Record<string, string> = {},
  ) {
    super(fields.message);
  }
}

/** Replaces every occurrence of a secret in text an upstream sent back. */
export function scrubSecrets(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join("[redacted]");
  return out;
}

const STATUS_WORDS: Record<number, string> = {
  400: "rejected the request as invalid",
  401: "refused the API key",
  403: "refused access",
  404: "does not have this",
  408: "timed out",
  409: "reported a conflict",
  413: "found the request too large",
  422: "could not process the request",
  429: "is rate limiting this key",
  500: "had an internal error",
  502: "had a gateway error",
  503: "is unavailable",
  504: "timed out at its gateway",
};

/**
 * An upstream error as the caller should see it: the upstream's own OpenAI-shaped error when it
 * sent one (with any echoed secret scrubbed), otherwise a message in words — never a raw body,
 * which may be a proxy's HTML page.
 */
export function upstreamErrorText(status: number, raw: string, secrets: string[]): string {
  const clean = scrubSecrets(raw, secrets);
  try {
    const parsed = JSON.parse(clean) as { error?: unknown };
    const error = parsed?.error;
    if (error && typeof error === "object" && typeof (error as { message?: unknown }).message === "string") {
      const e = error as Record<string, unknown>;
      return openAIErrorBody({
        message: e.message as string,
        type: typeof e.type === "string" ? e.type : "upstream_error",
        code: typeof e.code === "string" ? e.code : null,
        param: typeof e.param === "string" ? e.param : null,
      });
    }
    if (typeof error === "string") return openAIErrorBody({ message: error, type: "upstream_error" });
  } catch {
    // Not JSON: described below.
  }
  const words = STATUS_WORDS[status] ?? (status >= 500 ? "failed" : "refused the request");
  return openAIErrorBody({
    message: `The upstream ${words} (HTTP ${status})`,
    type: status >= 500 ? "api_error" : "invalid_request_error",
  });
}
