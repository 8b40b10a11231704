import { describe, expect, test } from "vitest";
import { setupFromRequest } from "@/lib/playground/from-request";
import { decodeSetup, encodeSetup } from "@/lib/playground/setup-link";

describe("a setup in a link", () => {
  test("a logged request's setup survives the trip through the URL, accents and all", () => {
    const setup = setupFromRequest("/responses", JSON.stringify({ model: "sandbox-chat", input: "Où est la gare ? ✓", temperature: 0.3 }));
    if (!setup) throw new Error("the request should make a setup");
    const encoded = encodeSetup(setup);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSetup(encoded)).toEqual(setup);
  });

  test("a link that is not a setup opens nothing", () => {
    expect(decodeSetup("not base64 !!")).toBeNull();
    expect(decodeSetup(btoa(JSON.stringify({ api: "responses" })))).toBeNull();
  });
});
