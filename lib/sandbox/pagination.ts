import "server-only";
import { invalidRequest } from "./errors";

// Cursor lists as the API has them: `limit` (1–100, default 20 unless told), `order` (asc/desc by
// creation), `after` / `before` (an object id). Items are ordered by (createdAt, id), so objects
// created in the same millisecond still walk exactly once.
export interface ListParams {
  limit: number;
  order: "asc" | "desc";
  after?: string;
  before?: string;
}

export function listParams(url: URL, defaults: { limit?: number; maxLimit?: number; order?: "asc" | "desc" } = {}): ListParams {
  const maxLimit = defaults.maxLimit ?? 100;
  const rawLimit = url.searchParams.get("limit");
  const limit = rawLimit === null ? (defaults.limit ?? 20) : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    throw invalidRequest(
      `Invalid 'limit': expected an integer between 1 and ${maxLimit}, got '${rawLimit}'.`,
      "limit",
      "integer_out_of_range",
    );
  }
  const order = url.searchParams.get("order") ?? defaults.order ?? "desc";
  if (order !== "asc" && order !== "desc") {
    throw invalidRequest(`Invalid 'order': expected 'asc' or 'desc', got '${order}'.`, "order", "invalid_value");
  }
  return { limit, order, after: url.searchParams.get("after") ?? undefined, before: url.searchParams.get("before") ?? undefined };
}

/**
 * Prisma arguments for one page: the rows after (or before) the cursor row in (createdAt, id)
 * order, one extra to know whether there is more.
 */
export function pageQuery(params: ListParams, cursor: { createdAt: Date; id: string } | null) {
  const ascending = params.order === "asc";
  // `before` walks backwards: flip the order, then the caller reverses the rows.
  const forward = params.before === undefined;
  const direction = ascending === forward ? "asc" : "desc";
  const comparison = direction === "asc" ? "gt" : "lt";
  const where = cursor
    ? {
        OR: [{ createdAt: { [comparison]: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { [comparison]: cursor.id } }],
      }
    : {};
  return { where, orderBy: [{ createdAt: direction }, { id: direction }] as const, take: params.limit + 1, reverse: !forward };
}

export function listPage<T extends { id: string }>(rows: T[], params: ListParams, reverse: boolean) {
  const hasMore = rows.length > params.limit;
  const page = rows.slice(0, params.limit);
  if (reverse) page.reverse();
  return { object: "list" as const, data: page, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null, has_more: hasMore };
}
