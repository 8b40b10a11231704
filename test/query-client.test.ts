import { QueryClient, QueryObserver, type QueryObserverResult } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { ConsoleQueryClient } from "@/lib/client/query-client";

// A list on a "server": each fetch reads it when it starts and answers when the test lets it, so a
// fetch can be caught between reading and answering while a change lands.
function server() {
  let items = ["a"];
  const pending: (() => void)[] = [];
  let fetches = 0;
  return {
    add: (item: string) => {
      items = [...items, item];
    },
    fetch: () => {
      fetches += 1;
      const read = items;
      return new Promise<string[]>((resolve) => pending.push(() => resolve(read)));
    },
    /** Answers every fetch waiting so far. */
    answer: () => {
      for (const resolve of pending.splice(0)) resolve();
    },
    get fetches() {
      return fetches;
    },
  };
}

/** A page showing the list: an observer keeps the query active, as a mounted component does. */
function watch(client: QueryClient, key: string[], fetch: () => Promise<string[]>) {
  const seen: QueryObserverResult<string[]>[] = [];
  const observer = new QueryObserver(client, { queryKey: key, queryFn: fetch, retry: false });
  const stop = observer.subscribe((result) => seen.push(result));
  return { observer, seen, stop };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The list is opened; while its first fetch runs, an item is added and the list invalidated. */
async function addedDuringFirstFetch(client: QueryClient) {
  const api = server();
  const page = watch(client, ["items"], api.fetch);
  await tick();
  expect(api.fetches).toBe(1);
  api.add("b");
  const invalidated = client.invalidateQueries({ queryKey: ["items"] });
  await tick();
  api.answer();
  await invalidated;
  await tick();
  api.answer();
  await tick();
  page.stop();
  return { api, page };
}

/** A batch is shown; a poll reads it, then a cancel's answer is set by hand before the poll answers. */
async function setDuringPoll(client: QueryClient) {
  const api = server();
  const page = watch(client, ["batch"], api.fetch);
  await tick();
  api.answer();
  await tick();
  void client.refetchQueries({ queryKey: ["batch"] });
  await tick();
  expect(api.fetches).toBe(2);
  api.add("cancelling");
  client.setQueryData<string[]>(["batch"], ["a", "cancelling"]);
  api.answer();
  await tick();
  page.stop();
  return { page };
}

describe("ConsoleQueryClient: a change is seen by a list whose first fetch began before it", () => {
  it("fetches afresh when the first fetch is still running, and never shows an error for the one dropped", async () => {
    const { api, page } = await addedDuringFirstFetch(new ConsoleQueryClient());
    expect(api.fetches).toBe(2);
    expect(page.observer.getCurrentResult().data).toEqual(["a", "b"]);
    expect(page.seen.map((r) => r.status)).not.toContain("error");
    expect(page.seen.filter((r) => r.data !== undefined).map((r) => r.data)).toEqual([["a", "b"]]);
  });

  it("is needed: TanStack Query's own client keeps the first fetch and shows the list without the change", async () => {
    const { api, page } = await addedDuringFirstFetch(new QueryClient());
    expect(api.fetches).toBe(1);
    expect(page.observer.getCurrentResult().data).toEqual(["a"]);
  });

  it("refetches a list that already has data as before, once", async () => {
    const api = server();
    const client = new ConsoleQueryClient();
    const page = watch(client, ["items"], api.fetch);
    await tick();
    api.answer();
    await tick();
    expect(page.observer.getCurrentResult().data).toEqual(["a"]);

    api.add("b");
    const invalidated = client.invalidateQueries({ queryKey: ["items"] });
    await tick();
    api.answer();
    await invalidated;

    expect(api.fetches).toBe(2);
    expect(page.observer.getCurrentResult().data).toEqual(["a", "b"]);
    page.stop();
  });

  it("leaves the first fetch of a query outside the filters alone", async () => {
    const api = server();
    const other = server();
    const client = new ConsoleQueryClient();
    const page = watch(client, ["items"], api.fetch);
    const elsewhere = watch(client, ["other"], other.fetch);
    await tick();

    await Promise.all([client.invalidateQueries({ queryKey: ["items"] }), tick().then(api.answer)]);
    other.answer();
    await tick();

    expect(other.fetches).toBe(1);
    expect(elsewhere.observer.getCurrentResult().data).toEqual(["a"]);
    page.stop();
    elsewhere.stop();
  });

  it("keeps a mutation's answer set by hand over a poll that read before the mutation", async () => {
    const { page } = await setDuringPoll(new ConsoleQueryClient());
    expect(page.observer.getCurrentResult().data).toEqual(["a", "cancelling"]);
    expect(page.observer.getCurrentResult().fetchStatus).toBe("idle");
    expect(page.seen.map((r) => r.status)).not.toContain("error");
  });

  it("is needed: with TanStack Query's own client the poll puts the old answer back", async () => {
    const { page } = await setDuringPoll(new QueryClient());
    expect(page.observer.getCurrentResult().data).toEqual(["a"]);
  });
});
