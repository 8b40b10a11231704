// The browser's one way to call our console routes: JSON in, JSON out, errors as ApiError.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "Could not reach the server. Check your connection and try again.");
  }
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data?.error ?? {};
    const message: string = error.message ?? `Request failed (${response.status})`;
    // The server names the field in its message for API callers ("monthlyBudgetUsd: …"); a form
    // shows the message beside that field, where the name would only repeat its label.
    const prefix = `${error.field}: `;
    const shown = error.field && message.startsWith(prefix) ? message.slice(prefix.length) : message;
    throw new ApiError(response.status, error.code ?? "unknown", shown, error.field);
  }
  return data as T;
}
