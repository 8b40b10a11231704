import { test as base, type Page } from "@playwright/test";
import { APP_URL, OWNER_STATE, SIGNED_OUT } from "./instance";
import { OwnerApi } from "./owner-api";

export { expect } from "@playwright/test";

export const test = base.extend<{
  /** The owner calling the console API, to arrange what a journey is not about. */
  ownerApi: OwnerApi;
  /** Opens a page in a new browser, nobody signed in: a second person taking part in the journey. */
  newVisitor: () => Promise<Page>;
}>({
  ownerApi: async ({ playwright }, use) => {
    const request = await playwright.request.newContext({
      baseURL: APP_URL,
      storageState: OWNER_STATE,
      // The app refuses changing requests without a same-origin Origin header, as a browser sends.
      extraHTTPHeaders: { origin: APP_URL },
    });
    await use(new OwnerApi(request));
    await request.dispose();
  },
  newVisitor: async ({ browser }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async () => {
      const context = await browser.newContext({ storageState: SIGNED_OUT });
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});
