import { expect, type Locator, type Page } from "@playwright/test";

/**
 * The table fits its page at a laptop's 1280 px and a smaller 1024 px: its frame does not scroll
 * sideways, so every column is in view. `check` runs at each width; the page ends at 1280 × 720.
 */
export async function expectTableFits(page: Page, table: Locator, check?: (width: number) => Promise<void>) {
  const frame = table.locator("xpath=..");
  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 720 });
    expect(await frame.evaluate((box) => box.scrollWidth - box.clientWidth), `sideways overflow at ${width} px`).toBeLessThanOrEqual(0);
    // Down to the table (it cannot scroll sideways, as just checked), for checks of what is in view.
    await table.scrollIntoViewIfNeeded();
    await check?.(width);
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}
