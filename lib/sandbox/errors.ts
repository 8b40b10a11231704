import "server-only";

// Errors in OpenAI's shape: { error: { message, type, param, code } }, with OpenAI's statuses.
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string = "invalid_request_error",
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body() {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): SandboxError {
  return new SandboxError(400, message, "invalid_request_error", param, code);
}

export function missingParameter(param: string): SandboxError {
  return new SandboxError(400, `Missing required parameter: '${param}'.`, "invalid_request_error", param, "missing_required_parameter");
}

export function notFound(message: string, param: string | null = null, code: string | null = null): SandboxError {
  return new SandboxError(404, message, "invalid_request_error", param, code);
}

export function modelNotFound(model: string): SandboxError {
  return new SandboxError(
    404,
    `The model \`${model}\` does not exist or you do not have access to it.`,
    "invalid_request_error",
    null,
    "model_not_found",
  );
}

/** An integer outside [min, max], worded as the real API words it. */
export function checkIntegerBounds(param: string, value: number, min: number, max: number): number {
  if (value < min) {
    throw invalidRequest(
      `Invalid '${param}': integer below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
      param,
      "integer_below_min_value",
    );
  }
  if (value > max) {
    throw invalidRequest(
      `Invalid '${param}': integer above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
      param,
      "integer_above_max_value",
    );
  }
  return value;
}
