import "server-only";
import OpenAI from "openai";
import { maskSecret } from "@/lib/crypto/secret-box";
import { AppError } from "@/lib/http/errors";
import { UpstreamNetworkError } from "@/lib/upstream/transport";

// What the upstream said, in words the admin can act on, with the key masked out. The upstream's
// 4xx about the request keep their meaning (400, 404, 409, 429); its refusal of the admin key or
// its failure is a 502, since the caller's own session was fine.

function clean(text: string, secret: string): string {
  const masked = secret.length >= 8 ? text.split(secret).join(maskSecret(secret)) : text;
  return masked.replace(/\s+/g, " ").trim().slice(0, 400);
}

export function describeUpstreamError(error: unknown, adminKey: string): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof OpenAI.APIConnectionError || error instanceof UpstreamNetworkError) {
    const cause = error instanceof UpstreamNetworkError ? error : (error as { cause?: unknown }).cause;
    const words = cause instanceof UpstreamNetworkError ? cause.message : "The upstream could not be reached";
    return new AppError("bad_gateway", `${words}. Nothing was changed.`);
  }
  if (error instanceof OpenAI.APIError && typeof error.status === "number") {
    const body = error.error as { message?: unknown } | undefined;
    const said = clean(typeof body?.message === "string" ? body.message : error.message, adminKey);
    const status = error.status;
    if (status === 401 || status === 403) {
      return new AppError("bad_gateway", `The upstream refused the admin key (${status}): ${said}`);
    }
    if (status === 400 || status === 422) return new AppError("bad_request", `The upstream refused the request: ${said}`);
    if (status === 404) return new AppError("not_found", `The upstream has no such object: ${said}`);
    if (status === 409) return new AppError("conflict", `The upstream refused the change: ${said}`);
    if (status === 429) return new AppError("rate_limited", `The upstream is rate limiting this organization; try again shortly. ${said}`);
    return new AppError("bad_gateway", `The upstream failed (${status}): ${said}`);
  }
  if (error instanceof OpenAI.OpenAIError) return new AppError("bad_gateway", "The upstream's answer could not be read");
  // Our own failures (the database) stay what they are: a 500, logged.
  return error;
}
