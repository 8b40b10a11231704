import "server-only";
import type { ListParams } from "../pagination";

// Cursor pages over vector store files, whose id is their file id: pagination.ts's pageQuery
// orders on a column named `id`, so this is the same walk on (createdAt, fileId).
export function filePageQuery(params: ListParams, cursor: { createdAt: Date; fileId: string } | null) {
  const ascending = params.order === "asc";
  const forward = params.before === undefined;
  const direction: "asc" | "desc" = ascending === forward ? "asc" : "desc";
  const comparison = direction === "asc" ? "gt" : "lt";
  const where = cursor
    ? {
        OR: [{ createdAt: { [comparison]: cursor.createdAt } }, { createdAt: cursor.createdAt, fileId: { [comparison]: cursor.fileId } }],
      }
    : {};
  return { where, orderBy: [{ createdAt: direction }, { fileId: direction }], take: params.limit + 1, reverse: !forward };
}

/** The id a page starts from, if any, and the parameter that named it. */
export function cursorOf(params: ListParams): { id: string; param: "after" | "before" } | undefined {
  if (params.before !== undefined) return { id: params.before, param: "before" };
  if (params.after !== undefined) return { id: params.after, param: "after" };
  return undefined;
}
