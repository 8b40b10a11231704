import { describe, expect, test } from "vitest";
import { allCapabilities, missingCapabilityMessage, navForCapabilities, parseCapabilities } from "@/lib/connection/capabilities";

const NAV = [
  { href: "/p", label: "Overview", exact: true },
  { href: "/p/files", label: "Files", needs: "files" as const },
  { href: "/p/batches", label: "Batches", needs: "batches" as const },
  { href: "/p/fine-tuning", label: "Fine-tuning", needs: "fineTuning" as const },
];

describe("navigation for what the upstream offers", () => {
  test("entries needing a missing capability are left out; unknown hides nothing", () => {
    const vllm = {
      ...allCapabilities("available"),
      files: "missing" as const,
      batches: "missing" as const,
      fineTuning: "unknown" as const,
    };
    expect(navForCapabilities(vllm, NAV)).toEqual([
      { href: "/p", label: "Overview", exact: true },
      { href: "/p/fine-tuning", label: "Fine-tuning" },
    ]);
    expect(navForCapabilities(allCapabilities("unknown"), NAV).map((entry) => entry.label)).toEqual([
      "Overview",
      "Files",
      "Batches",
      "Fine-tuning",
    ]);
  });

  test("the entries come back without their `needs`, in their order", () => {
    const shown = navForCapabilities(allCapabilities("available"), NAV);
    expect(shown.map((entry) => entry.href)).toEqual(NAV.map((entry) => entry.href));
    for (const entry of shown) expect(entry).not.toHaveProperty("needs");
  });

  test("stored capabilities are read defensively", () => {
    expect(parseCapabilities(null)).toBeNull();
    expect(parseCapabilities([])).toBeNull();
    expect(parseCapabilities({ files: "available", batches: "gone", extra: "available" })).toEqual({
      ...allCapabilities("unknown"),
      files: "available",
    });
  });

  test("a page can say why an area is not there", () => {
    expect(missingCapabilityMessage("batches", "OpenAI-compatible")).toMatch(
      /^This project's upstream \(OpenAI-compatible\) does not offer batches/,
    );
  });
});
