import "server-only";

// How a virtual API key is named in usage views and logs. Keys are not stored here yet, so a key
// is shown by a short form of its id; once keys exist, this is the one place to look their names up.
export async function apiKeyLabels(ids: Iterable<string>): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  for (const id of ids) if (id) labels.set(id, `key …${id.slice(-6)}`);
  return labels;
}
