import "server-only";
import { checkIntegerBounds, invalidRequest, missingParameter } from "../errors";

// Body validation with the wording, params and codes of the real API's 400s, so a client that
// branches on `code` or shows `message` behaves the same against the sandbox.

export type Json = Record<string, unknown>;

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a decimal";
  if (typeof value === "object") return "an object";
  if (typeof value === "boolean") return "a boolean";
  return `a ${typeof value}`;
}

export function invalidType(param: string, expected: string, value: unknown) {
  return invalidRequest(`Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`, param, "invalid_type");
}

export function rejectUnknown(body: Json, allowed: readonly string[], prefix = ""): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw invalidRequest(`Unknown parameter: '${prefix}${key}'.`, `${prefix}${key}`, "unknown_parameter");
  }
}

export function requireObject(value: unknown, param: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalidType(param, "an object", value);
  return value as Json;
}

export function optionalString(body: Json, key: string, maxLength: number, param = key): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalidType(param, "a string", value);
  if (value.length > maxLength) {
    throw invalidRequest(
      `Invalid '${param}': string too long. Expected a string with maximum length ${maxLength}, but got a string with length ${value.length} instead.`,
      param,
      "string_above_max_length",
    );
  }
  return value;
}

export function requireString(body: Json, key: string, param = key): string {
  const value = body[key];
  if (value === undefined || value === null) throw missingParameter(param);
  if (typeof value !== "string") throw invalidType(param, "a string", value);
  if (!value)
    throw invalidRequest(
      `Invalid '${param}': empty string. Expected a string with minimum length 1, but got an empty string instead.`,
      param,
      "empty_string",
    );
  return value;
}

export function integerInRange(value: unknown, param: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw invalidType(param, "an integer", value);
  return checkIntegerBounds(param, value, min, max);
}

export function arrayOf(value: unknown, param: string, limits: { min: number; max: number }): unknown[] {
  if (!Array.isArray(value)) throw invalidType(param, "an array", value);
  if (value.length < limits.min) {
    throw invalidRequest(
      `Invalid '${param}': empty array. Expected an array with minimum length ${limits.min}, but got an empty array instead.`,
      param,
      "empty_array",
    );
  }
  if (value.length > limits.max) {
    throw invalidRequest(
      `Invalid '${param}': array too long. Expected an array with maximum length ${limits.max}, but got an array with length ${value.length} instead.`,
      param,
      "array_above_max_length",
    );
  }
  return value;
}

export function stringArray(value: unknown, param: string, limits: { min: number; max: number }): string[] {
  return arrayOf(value, param, limits).map((item, index) => {
    if (typeof item !== "string") throw invalidType(`${param}[${index}]`, "a string", item);
    return item;
  });
}

function checkMap(value: Json, param: string, valueOk: (v: unknown) => boolean, expected: string): void {
  const keys = Object.keys(value);
  if (keys.length > 16) {
    throw invalidRequest(
      `Invalid '${param}': too many properties. Expected an object with at most 16 properties, but got an object with ${keys.length} properties instead.`,
      param,
      "object_above_max_properties",
    );
  }
  for (const key of keys) {
    if (key.length > 64) {
      throw invalidRequest(
        `Invalid '${param}': string too long. Expected a key with maximum length 64, but got a key with length ${key.length} instead.`,
        param,
        "string_above_max_length",
      );
    }
    const item = value[key];
    if (!valueOk(item)) throw invalidType(`${param}.${key}`, expected, item);
    if (typeof item === "string" && item.length > 512) {
      throw invalidRequest(
        `Invalid '${param}.${key}': string too long. Expected a string with maximum length 512, but got a string with length ${item.length} instead.`,
        `${param}.${key}`,
        "string_above_max_length",
      );
    }
  }
}

/** Metadata: up to 16 string values, keys up to 64 characters, values up to 512. */
export function metadata(value: unknown, param = "metadata"): Record<string, string> | null {
  if (value === null) return null;
  const map = requireObject(value, param);
  checkMap(map, param, (v) => typeof v === "string", "a string");
  return map as Record<string, string>;
}

/** File attributes: like metadata, but values may also be numbers and booleans. */
export function attributes(value: unknown, param = "attributes"): Record<string, string | number | boolean> | null {
  if (value === null) return null;
  const map = requireObject(value, param);
  checkMap(
    map,
    param,
    (v) => typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v)),
    "a string, number or boolean",
  );
  return map as Record<string, string | number | boolean>;
}

export interface ExpiresAfter {
  anchor: "last_active_at";
  days: number;
}

export function expiresAfter(value: unknown, param = "expires_after"): ExpiresAfter {
  const body = requireObject(value, param);
  rejectUnknown(body, ["anchor", "days"], `${param}.`);
  if (body.anchor === undefined) throw missingParameter(`${param}.anchor`);
  if (body.anchor !== "last_active_at") {
    throw invalidRequest(
      `Invalid value: '${String(body.anchor)}'. Supported values are: 'last_active_at'.`,
      `${param}.anchor`,
      "invalid_value",
    );
  }
  if (body.days === undefined) throw missingParameter(`${param}.days`);
  return { anchor: "last_active_at", days: integerInRange(body.days, `${param}.days`, 1, 365) };
}

/** A vector store id in a path: the real API rejects a wrong prefix before looking it up. */
export function checkIdPrefix(id: string, param: string, prefix: string): void {
  if (!id.startsWith(prefix)) {
    throw invalidRequest(`Invalid '${param}': '${id}'. Expected an ID that begins with '${prefix}'.`, param, "invalid_value");
  }
}
