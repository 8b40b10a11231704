import "server-only";
import { invalidRequest, missingParameter, type SandboxError } from "../errors";

// Parameter checks with the real API's messages and codes ("Invalid type for 'n': expected an
// integer, but got a string instead.", code invalid_type), shared by the Responses and Chat
// Completions endpoints.

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a decimal";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a boolean";
  return "an object";
}

const EXPECTED = {
  string: "a string",
  integer: "an integer",
  number: "a decimal",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
} as const;

type Kind = keyof typeof EXPECTED;

function matches(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    default:
      return typeof value === kind;
  }
}

export function invalidType(param: string, kind: Kind, value: unknown): SandboxError {
  return invalidRequest(
    `Invalid type for '${param}': expected ${EXPECTED[kind]}, but got ${describeValue(value)} instead.`,
    param,
    "invalid_type",
  );
}

export function expectType<K extends Kind>(value: unknown, kind: K, param: string): void {
  if (!matches(value, kind)) throw invalidType(param, kind, value);
}

/** The value when present and not null, checked for its type; undefined otherwise. */
export function optional<T>(body: Record<string, unknown>, key: string, kind: Kind, param = key): T | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  expectType(value, kind, param);
  return value as T;
}

export function required<T>(body: Record<string, unknown>, key: string, kind: Kind, param = key): T {
  const value = body[key];
  if (value === undefined || value === null) throw missingParameter(param);
  expectType(value, kind, param);
  return value as T;
}

export function expectRange(
  value: number,
  param: string,
  min: number | undefined,
  max: number | undefined,
  noun: "integer" | "decimal" = "integer",
): void {
  if (min !== undefined && value < min) {
    throw invalidRequest(
      `Invalid '${param}': ${noun} below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
      param,
      `${noun}_below_min_value`,
    );
  }
  if (max !== undefined && value > max) {
    throw invalidRequest(
      `Invalid '${param}': ${noun} above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
      param,
      `${noun}_above_max_value`,
    );
  }
}

function listOf(options: readonly string[]): string {
  const quoted = options.map((o) => `'${o}'`);
  if (quoted.length <= 2) return quoted.join(" and ");
  return `${quoted.slice(0, -1).join(", ")}, and ${quoted.at(-1)}`;
}

export function expectEnum<T extends string>(value: unknown, options: readonly T[], param: string): T {
  if (typeof value !== "string") throw invalidType(param, "string", value);
  if (!options.includes(value as T)) {
    throw invalidRequest(`Invalid value: '${value}'. Supported values are: ${listOf(options)}.`, param, "invalid_value");
  }
  return value as T;
}

export function unknownParameter(param: string): SandboxError {
  return invalidRequest(`Unknown parameter: '${param}'.`, param, "unknown_parameter");
}

/** A parameter the real API has but the sandbox does not emulate: said plainly rather than ignored. */
export function sandboxUnsupported(param: string, what = `'${param}'`): SandboxError {
  return invalidRequest(`The Switchboard sandbox does not support ${what}.`, param, "unsupported_parameter");
}

/** Metadata: up to 16 string pairs, keys up to 64 characters, values up to 512. */
export function checkMetadata(value: unknown, param = "metadata"): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  expectType(value, "object", param);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 16) {
    throw invalidRequest(
      `Invalid '${param}': too many properties. Expected an object with at most 16 properties, but got an object with ${entries.length} properties instead.`,
      param,
      "object_above_max_properties",
    );
  }
  for (const [key, item] of entries) {
    if (key.length > 64) {
      throw invalidRequest(
        `Invalid '${param}': string too long. Expected a string with maximum length 64, but got a string with length ${key.length} instead.`,
        `${param}.${key}`,
        "string_above_max_length",
      );
    }
    expectType(item, "string", `${param}.${key}`);
    if ((item as string).length > 512) {
      throw invalidRequest(
        `Invalid '${param}.${key}': string too long. Expected a string with maximum length 512, but got a string with length ${(item as string).length} instead.`,
        `${param}.${key}`,
        "string_above_max_length",
      );
    }
  }
  return value as Record<string, string>;
}
