import { type InvalidateOptions, type InvalidateQueryFilters, QueryClient, type QueryKey } from "@tanstack/react-query";

/**
 * The console's query client. After a change, `invalidateQueries` must show what the change made.
 *
 * TanStack Query's refetch cancels a running fetch only when the query already has data; a query
 * still on its first fetch keeps that fetch, which may have read the server before the change. So
 * a list opened a moment before "create" could load without the new item and stay that way (seen
 * as a service account's key missing from its project's keys). Here such first fetches are
 * cancelled (the query goes back to loading) before the invalidation, which then fetches afresh.
 */
export class ConsoleQueryClient extends QueryClient {
  override async invalidateQueries<TTaggedQueryKey extends QueryKey = QueryKey>(
    filters?: InvalidateQueryFilters<TTaggedQueryKey>,
    options?: InvalidateOptions,
  ): Promise<void> {
    await this.cancelQueries({
      ...filters,
      fetchStatus: "fetching",
      predicate: (query) => query.state.data === undefined && (filters?.predicate?.(query) ?? true),
    });
    return super.invalidateQueries(filters, options);
  }
}
