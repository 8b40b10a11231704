import "server-only";
import { invalidRequest } from "../errors";
import type { ListParams } from "../pagination";

/**
 * A cursor page of a list kept in one JSON column (a response's input items, a stored chat
 * completion's messages): in the order given (asc) or last first (desc), around the `after` /
 * `before` ids.
 */
export function pageInMemory<T extends { id?: unknown }>(items: T[], params: ListParams) {
  const ordered = params.order === "asc" ? items : [...items].reverse();
  const position = (cursor: string, param: string) => {
    const index = ordered.findIndex((item) => item.id === cursor);
    if (index < 0) throw invalidRequest(`Invalid '${param}': no item with id '${cursor}' in this list.`, param, "invalid_value");
    return index;
  };
  const start = params.after ? position(params.after, "after") + 1 : 0;
  const end = params.before ? position(params.before, "before") : ordered.length;
  const backwards = params.before !== undefined && params.after === undefined;
  const from = backwards ? Math.max(start, end - params.limit) : start;
  const to = backwards ? end : Math.min(end, start + params.limit);
  const data = ordered.slice(from, to);
  const hasMore = backwards ? from > start : to < end;
  return {
    object: "list",
    data,
    first_id: (data[0]?.id as string) ?? null,
    last_id: (data.at(-1)?.id as string) ?? null,
    has_more: hasMore,
  };
}
