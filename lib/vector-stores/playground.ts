// "Use in playground" links here. The playground page does not exist yet: the button stays hidden
// until it does, and the playground turns it on by setting this to true (it reads `tools` and
// `vector_store_ids` from the query string).
export const PLAYGROUND_READY = false;

export function playgroundHref(projectId: string, vectorStoreId: string): string {
  const query = new URLSearchParams({ tools: "file_search", vector_store_ids: vectorStoreId });
  return `/${projectId}/playground?${query}`;
}
