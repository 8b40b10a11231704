import { describe, expect, it } from "vitest";
import { formNumber } from "@/lib/validation/common";

describe("formNumber: what a number field sends", () => {
  it("sends null for an empty field, not 0", () => {
    expect(formNumber("")).toBeNull();
    expect(formNumber("   ")).toBeNull();
    expect(formNumber(null)).toBeNull();
  });

  it("sends the number a field holds", () => {
    expect(formNumber(" 12.50 ")).toBe(12.5);
    expect(formNumber("0")).toBe(0);
    expect(formNumber("-3")).toBe(-3);
  });

  it("sends the text of anything else, which the server then refuses by name, not null", () => {
    expect(formNumber("$25")).toBe("$25");
    expect(formNumber("1,000")).toBe("1,000");
    expect(formNumber("Infinity")).toBe("Infinity");
  });
});
