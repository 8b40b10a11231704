import { describe, expect, it } from "vitest";
import { checkFile, duplicateNames } from "@/lib/files/checks";
import { DEFAULT_PART_SETTINGS, MB, partRanges, partSettingsFrom, planUpload } from "@/lib/files/parts";
import { guessPurpose } from "@/lib/files/purposes";
import { formatBytes } from "@/lib/files/sizes";

describe("formatBytes", () => {
  it("says bytes in human units", () => {
    expect(formatBytes(0)).toBe("0 bytes");
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(1023)).toBe("1023 bytes");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(512 * MB)).toBe("512 MB");
    expect(formatBytes(8 * 1024 * MB)).toBe("8 GB");
    expect(formatBytes(123.4 * MB)).toBe("123 MB");
  });
});

describe("checkFile", () => {
  it("refuses an empty file", () => {
    expect(checkFile({ name: "a.txt", size: 0 }, "assistants")).toMatch(/empty/);
  });
  it("refuses a file above the limit, in human units", () => {
    expect(checkFile({ name: "a.txt", size: 3 * MB }, "assistants", 2 * MB)).toBe("This file is 3 MB; the most the API accepts is 2 MB.");
  });
  it("refuses an extension the purpose does not take", () => {
    expect(checkFile({ name: "notes.txt", size: 10 }, "batch")).toBe("“batch” files must be .jsonl; this one is .txt.");
    expect(checkFile({ name: "README", size: 10 }, "fine-tune")).toMatch(/has no extension/);
    expect(checkFile({ name: "photo.pdf", size: 10 }, "vision")).toMatch(/\.png/);
  });
  it("accepts what fits", () => {
    expect(checkFile({ name: "requests.JSONL", size: 10 }, "batch")).toBeNull();
    expect(checkFile({ name: "anything.bin", size: 10 }, "user_data")).toBeNull();
    expect(checkFile({ name: "guide.md", size: 10 }, "assistants")).toBeNull();
  });
  it("finds names chosen twice", () => {
    expect([
      ...duplicateNames([
        { name: "a", size: 1 },
        { name: "b", size: 1 },
        { name: "a", size: 2 },
      ]),
    ]).toEqual(["a"]);
  });
  it("guesses a purpose from the name", () => {
    expect(guessPurpose("x.jsonl")).toBe("batch");
    expect(guessPurpose("x.PNG")).toBe("vision");
    expect(guessPurpose("x.pdf")).toBe("assistants");
  });
});

describe("upload plans", () => {
  it("sends small files in one request and large ones in parts", () => {
    expect(planUpload(64 * MB)).toEqual({ mode: "single" });
    const plan = planUpload(100 * MB);
    expect(plan.mode).toBe("parts");
    if (plan.mode === "parts") {
      expect(plan.parts).toHaveLength(7);
      expect(plan.parts.at(-1)).toEqual({ index: 6, start: 96 * MB, end: 100 * MB });
    }
  });
  it("cuts parts that cover the file exactly once", () => {
    const ranges = partRanges(10_001, 2500);
    expect(ranges.map((r) => r.end - r.start)).toEqual([2500, 2500, 2500, 2500, 1]);
    expect(ranges.every((r, i) => i === 0 || r.start === ranges[i - 1].end)).toBe(true);
  });
  it("takes the part size developer option only within range", () => {
    expect(partSettingsFrom("2048")).toEqual({ threshold: 2048, partBytes: 2048 });
    expect(planUpload(5000, partSettingsFrom("2048")).mode).toBe("parts");
    for (const bad of [null, "", "abc", "10", "-5", String(65 * MB), "1.5"]) expect(partSettingsFrom(bad)).toEqual(DEFAULT_PART_SETTINGS);
  });
});
