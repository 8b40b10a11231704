import "server-only";
import type { z } from "zod";
import { AppError } from "./errors";

const MAX_JSON_BYTES = 1024 * 1024;

/** Parses a JSON body against a schema; a malformed or oversized body is a 400 that says so. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const length = Number(request.headers.get("content-length") || 0);
  if (length > MAX_JSON_BYTES) throw new AppError("bad_request", "Request body is too large (1 MB at most)");
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new AppError("bad_request", "Request body must be valid JSON");
  }
  return schema.parse(raw);
}

/** Like readJson, for a body that may be left out: an empty body is null. */
export async function readOptionalJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S> | null> {
  const length = Number(request.headers.get("content-length") || 0);
  if (length > MAX_JSON_BYTES) throw new AppError("bad_request", "Request body is too large (1 MB at most)");
  const text = await request.text();
  if (text.trim() === "") return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "Request body must be valid JSON");
  }
  return schema.parse(raw);
}
