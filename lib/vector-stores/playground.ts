// "Use in playground" links here: the playground opens with file_search on this store (it reads
// `tools` and `vector_store_ids` from the query string).
export const PLAYGROUND_READY = true;

export function playgroundHref(projectId: string, vectorStoreId: string): string {
  const query = new URLSearchParams({ tools: "file_search", vector_store_ids: vectorStoreId });
  return `/${projectId}/playground?${query}`;
}
