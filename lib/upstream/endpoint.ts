// Names an API path for usage and logs without its ids: "/files/file-abc/content" → "/files/{id}/content".

const WORDS = new Set([
  "audio",
  "batches",
  "cancel",
  "chat",
  "checkpoints",
  "complete",
  "completions",
  "content",
  "conversations",
  "embeddings",
  "events",
  "file_batches",
  "files",
  "fine_tuning",
  "images",
  "input_items",
  "input_tokens",
  "items",
  "jobs",
  "models",
  "moderations",
  "parts",
  "pause",
  "permissions",
  "responses",
  "resume",
  "search",
  "speech",
  "transcriptions",
  "translations",
  "uploads",
  "vector_stores",
  "compact",
  "generations",
  "edits",
  "variations",
]);

// Paths without ids are few and come back on every call ("/chat/completions"): their names are
// kept rather than rebuilt. Bounded, since a caller can still make up any number of them.
const named = new Map<string, string>();
const MAX_NAMED = 1000;

export function endpointOf(path: string): string {
  const known = named.get(path);
  if (known !== undefined) return known;
  const parts = path.split("/").filter(Boolean);
  const endpoint = `/${parts.map((part) => (WORDS.has(part) ? part : "{id}")).join("/")}`;
  if (endpoint === path && named.size < MAX_NAMED) named.set(path, endpoint);
  return endpoint;
}

// Calls that run a model and report token usage when they succeed.
const MODEL_ENDPOINTS = new Set(["/responses", "/chat/completions", "/completions", "/embeddings", "/moderations"]);

export function isModelCall(method: string, endpoint: string): boolean {
  return method === "POST" && MODEL_ENDPOINTS.has(endpoint);
}
