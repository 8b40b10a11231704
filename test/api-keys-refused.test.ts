import { describe, expect, it } from "vitest";
import { refusedLine } from "@/lib/api-keys/refused";

describe("refusedLine", () => {
  it("is absent when the key's limits refused nothing", () => {
    expect(refusedLine({ rateLimited: 0, overBudget: 0 })).toBeNull();
  });

  it("names the limit that refused, and both when both did", () => {
    expect(refusedLine({ rateLimited: 12, overBudget: 0 })).toBe("12 refused (rate limit)");
    expect(refusedLine({ rateLimited: 0, overBudget: 1 })).toBe("1 refused (budget)");
    expect(refusedLine({ rateLimited: 1200, overBudget: 3 })).toBe("1,203 refused (1,200 rate limit, 3 budget)");
  });
});
