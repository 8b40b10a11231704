import {
  type InvalidateOptions,
  type InvalidateQueryFilters,
  QueryClient,
  type QueryClientConfig,
  type QueryKey,
} from "@tanstack/react-query";

/**
 * The console's query client: after a change, what the page shows is what the change made, never
 * a read the server answered from before it. TanStack Query's own client lets such a read land:
 *
 * - `invalidateQueries` cancels a running fetch only when the query already has data; a query still
 *   on its first fetch keeps it. A list opened a moment before "create" could load without the new
 *   item and stay that way (seen as a service account's key missing from its project's keys).
 * - `setQueryData` (a mutation's answer put in place) is overwritten when a fetch that was running
 *   then, such as a poll, answers later (a cancelled batch shown as in progress again).
 *
 * Here such fetches are dropped: before an invalidation (the query shows loading until a fresh
 * fetch answers), and after data is set by hand (the query keeps that data).
 */
export class ConsoleQueryClient extends QueryClient {
  constructor(config?: QueryClientConfig) {
    super(config);
    // Data put in place by hand (a mutation's answer) outranks a fetch that was running then: that
    // fetch is dropped, and the query keeps the data just set (what a cancel reverts to after it).
    this.getQueryCache().subscribe((event) => {
      if (event.type !== "updated" || event.action.type !== "success" || !event.action.manual) return;
      if (event.query.state.fetchStatus === "fetching") void event.query.cancel({ revert: true });
    });
  }

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
