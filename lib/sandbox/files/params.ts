import "server-only";
import { checkIntegerBounds, invalidRequest, missingParameter } from "../errors";

// What POST /files and POST /uploads accept, checked the way the real API words its answers.

// The purposes a client may upload with (CreateFileRequest); the *_output and *-results
// purposes belong to files the service itself writes.
export const UPLOAD_PURPOSES = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"] as const;

export const EXPIRES_AFTER_MIN_SECONDS = 3600;
export const EXPIRES_AFTER_MAX_SECONDS = 2_592_000;
const BATCH_DEFAULT_EXPIRY_SECONDS = 30 * 24 * 3600;

export function requirePurpose(value: unknown): string {
  if (value === undefined || value === null || value === "") throw missingParameter("purpose");
  if (typeof value !== "string" || !(UPLOAD_PURPOSES as readonly string[]).includes(value)) {
    const shown = typeof value === "string" ? `'${value}'` : JSON.stringify(value);
    throw invalidRequest(`${shown} is not one of [${UPLOAD_PURPOSES.map((p) => `'${p}'`).join(", ")}] - 'purpose'`, "purpose");
  }
  return value;
}

/**
 * `expires_after` ({ anchor: "created_at", seconds }) as the number of seconds, or null when
 * absent. In a form it arrives as `expires_after[anchor]` and `expires_after[seconds]` (how the
 * official SDKs encode objects in multipart bodies).
 */
export function parseExpiresAfter(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw invalidRequest(
      `Invalid type for 'expires_after': expected an object, but got ${typeof value} instead.`,
      "expires_after",
      "invalid_type",
    );
  }
  const { anchor, seconds } = value as Record<string, unknown>;
  if (anchor === undefined) throw missingParameter("expires_after.anchor");
  if (anchor !== "created_at") {
    throw invalidRequest(
      `Invalid value: '${String(anchor)}'. Supported values are: 'created_at'.`,
      "expires_after.anchor",
      "invalid_value",
    );
  }
  if (seconds === undefined) throw missingParameter("expires_after.seconds");
  const number = typeof seconds === "string" && /^-?\d+$/.test(seconds) ? Number(seconds) : seconds;
  if (typeof number !== "number" || !Number.isInteger(number)) {
    throw invalidRequest(
      `Invalid type for 'expires_after.seconds': expected an integer, but got ${JSON.stringify(seconds)} instead.`,
      "expires_after.seconds",
      "invalid_type",
    );
  }
  return checkIntegerBounds("expires_after.seconds", number, EXPIRES_AFTER_MIN_SECONDS, EXPIRES_AFTER_MAX_SECONDS);
}

/** `expires_after[anchor]` / `expires_after[seconds]` form fields as an object (or undefined). */
export function expiresAfterFromForm(fields: Record<string, string>): unknown {
  if (fields.expires_after !== undefined) {
    try {
      return JSON.parse(fields.expires_after);
    } catch {
      return fields.expires_after;
    }
  }
  const anchor = fields["expires_after[anchor]"];
  const seconds = fields["expires_after[seconds]"];
  return anchor === undefined && seconds === undefined ? undefined : { anchor, seconds };
}

/** When a file expires: as asked, else batch files after 30 days (the API's default), else never. */
export function fileExpiry(purpose: string, expiresAfterSeconds: number | null, createdAt: Date): Date | null {
  const seconds = expiresAfterSeconds ?? (purpose === "batch" ? BATCH_DEFAULT_EXPIRY_SECONDS : null);
  return seconds === null ? null : new Date(createdAt.getTime() + seconds * 1000);
}
