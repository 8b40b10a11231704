import { ZodError } from "zod";

// The one error type of console routes. Codes read `kind` or `kind:detail`; the status follows
// from the kind. Messages are for people: they say what to do, never how the server is built.
export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "setup_required"
  | "unavailable"
  | "bad_gateway"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  setup_required: 409,
  unavailable: 503,
  // The upstream refused or failed a call made on the caller's behalf (e.g. it refused the admin key).
  bad_gateway: 502,
  internal: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export function errorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message, field: error.field } } };
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join(".") || undefined;
    const message = field ? `${field}: ${issue.message}` : (issue?.message ?? "Invalid input");
    return { status: 400, body: { error: { code: "bad_request", message, field } } };
  }
  if (isUniqueViolation(error)) {
    const field = uniqueTarget(error);
    return {
      status: 409,
      body: { error: { code: "conflict", message: `That ${field ?? "value"} is already taken`, field } },
    };
  }
  return { status: 500, body: { error: { code: "internal", message: "Something went wrong on the server" } } };
}

function isUniqueViolation(error: unknown): error is { code: string; meta?: Record<string, unknown> } {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

type ConstraintInfo = { fields?: string[]; index?: string };

// Which field a unique violation is about. Prisma's adapters say it differently: some name the
// fields, @prisma/adapter-pg (used for both databases) only the index (`<Model>_<field>_key`).
function uniqueTarget(error: { meta?: Record<string, unknown> }): string | undefined {
  const meta = error.meta ?? {};
  if (Array.isArray(meta.target)) return String(meta.target[0]);
  const constraint = (meta.driverAdapterError as { cause?: { constraint?: ConstraintInfo } } | undefined)?.cause?.constraint;
  if (constraint?.fields?.length) return constraint.fields[0].replace(/^"|"$/g, "");
  const index = constraint?.index ?? (typeof meta.target === "string" ? meta.target : undefined);
  return index?.match(/^[^_]+_(.+)_key$/)?.[1]?.split("_")[0];
}
