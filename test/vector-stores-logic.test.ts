import { describe, expect, it } from "vitest";
import { buildFilters, parseFilterValue } from "@/lib/vector-stores/filters";
import { agoText, expiryText, policyText } from "@/lib/vector-stores/format";
import { highlightSegments, queryWords } from "@/lib/vector-stores/highlight";
import { parseChunking, parseExpiryDays, parseMetadataRows } from "@/lib/vector-stores/settings";

describe("vector store figures", () => {
  it("says when a store expires, or that it never does", () => {
    const now = 1_700_000_000;
    expect(expiryText({ status: "completed", expires_at: null }, now)).toBe("never");
    expect(expiryText({ status: "completed" }, now)).toBe("never");
    expect(expiryText({ status: "completed", expires_at: now + 3 * 86_400 + 5 }, now)).toBe("expires in 3 days");
    expect(expiryText({ status: "completed", expires_at: now + 1 * 86_400 }, now)).toBe("expires in 1 day");
    expect(expiryText({ status: "completed", expires_at: now + 7 * 86_400 - 30 }, now)).toBe("expires in 7 days");
    expect(expiryText({ status: "completed", expires_at: now + 7200 }, now)).toBe("expires in 2 hours");
    expect(expiryText({ status: "completed", expires_at: now - 1 }, now)).toBe("expired");
    expect(expiryText({ status: "expired", expires_at: now + 100 }, now)).toBe("expired");
    expect(policyText({ days: 7 })).toBe("7 days after last active");
    expect(policyText(null)).toBe("never");
    expect(agoText(now - 10, now)).toBe("just now");
    expect(agoText(now - 300, now)).toBe("5 minutes ago");
    expect(agoText(null, now)).toBe("—");
  });
});

describe("highlighting a query's words", () => {
  it("keeps words worth marking, longest first", () => {
    expect(queryWords("The lighthouse keeper of Brest")).toEqual(["lighthouse", "keeper", "brest"]);
    expect(queryWords("a I 7")).toEqual(["7"]);
  });

  it("splits text into plain and marked segments, ignoring case, at word starts", () => {
    expect(highlightSegments("Indexing the index; reindex.", "index")).toEqual([
      { text: "Index", match: true },
      { text: "ing the ", match: false },
      { text: "index", match: true },
      { text: "; reindex.", match: false },
    ]);
  });

  it("treats the query as words, not as a pattern or markup", () => {
    const segments = highlightSegments("<b>cost (usd)</b> is $5", "(usd) $5 <b>");
    expect(segments.filter((s) => s.match).map((s) => s.text)).toEqual(["usd", "5"]);
    expect(segments.map((s) => s.text).join("")).toBe("<b>cost (usd)</b> is $5");
  });

  it("returns the text unmarked when nothing matches or the query is empty", () => {
    expect(highlightSegments("plain", "")).toEqual([{ text: "plain", match: false }]);
    expect(highlightSegments("plain", "zebra")).toEqual([{ text: "plain", match: false }]);
    expect(highlightSegments("", "zebra")).toEqual([]);
  });
});

describe("the create form's rules", () => {
  it("turns metadata rows into a map, skipping empty rows", () => {
    expect(
      parseMetadataRows([
        { key: " team ", value: "search" },
        { key: "", value: "" },
      ]),
    ).toEqual({ ok: true, metadata: { team: "search" } });
  });

  it("names the row that breaks the API's limits", () => {
    const result = parseMetadataRows([
      { key: "a", value: "1" },
      { key: "", value: "orphan" },
      { key: "k".repeat(65), value: "x" },
      { key: "v", value: "x".repeat(513) },
      { key: "a", value: "again" },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).map(Number)).toEqual([1, 2, 3, 4]);
    expect(result.errors[2]).toMatch(/64 characters/);
    expect(result.errors[3]).toMatch(/512 characters/);
  });

  it("refuses more than 16 pairs", () => {
    const rows = Array.from({ length: 17 }, (_, i) => ({ key: `k${i}`, value: "v" }));
    const result = parseMetadataRows(rows);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/At most 16/) });
    expect(parseMetadataRows(rows.slice(0, 16)).ok).toBe(true);
  });

  it("checks static chunking as the API does", () => {
    expect(parseChunking({ type: "auto" })).toEqual({ ok: true, strategy: { type: "auto" } });
    expect(parseChunking({ type: "static", maxTokens: "800", overlapTokens: "400" })).toEqual({
      ok: true,
      strategy: { type: "static", static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } },
    });
    expect(parseChunking({ type: "static", maxTokens: "99", overlapTokens: "0" })).toMatchObject({ ok: false, field: "maxTokens" });
    expect(parseChunking({ type: "static", maxTokens: "4097", overlapTokens: "0" })).toMatchObject({ ok: false, field: "maxTokens" });
    expect(parseChunking({ type: "static", maxTokens: "1.5", overlapTokens: "0" })).toMatchObject({ ok: false, field: "maxTokens" });
    expect(parseChunking({ type: "static", maxTokens: "800", overlapTokens: "401" })).toMatchObject({ ok: false, field: "overlapTokens" });
    expect(parseChunking({ type: "static", maxTokens: "800", overlapTokens: "" })).toMatchObject({ ok: false, field: "overlapTokens" });
  });

  it("takes expiry days from 1 to 365", () => {
    expect(parseExpiryDays("7")).toEqual({ ok: true, days: 7 });
    expect(parseExpiryDays("0").ok).toBe(false);
    expect(parseExpiryDays("366").ok).toBe(false);
    expect(parseExpiryDays("two").ok).toBe(false);
  });
});

describe("search attribute filters", () => {
  it("types what was typed", () => {
    expect(parseFilterValue("true")).toBe(true);
    expect(parseFilterValue("42")).toBe(42);
    expect(parseFilterValue("-1.5")).toBe(-1.5);
    expect(parseFilterValue('"42"')).toBe("42");
    expect(parseFilterValue("draft")).toBe("draft");
  });

  it("builds no filter, one comparison, or a compound", () => {
    expect(buildFilters([{ key: "", operator: "eq", value: "" }], "and")).toEqual({ ok: true, filters: undefined });
    expect(buildFilters([{ key: "year", operator: "gte", value: "2020" }], "and")).toEqual({
      ok: true,
      filters: { type: "gte", key: "year", value: 2020 },
    });
    expect(
      buildFilters(
        [
          { key: "year", operator: "gte", value: "2020" },
          { key: "lang", operator: "eq", value: "en" },
        ],
        "or",
      ),
    ).toEqual({
      ok: true,
      filters: {
        type: "or",
        filters: [
          { type: "gte", key: "year", value: 2020 },
          { type: "eq", key: "lang", value: "en" },
        ],
      },
    });
  });

  it("names the row that cannot be sent", () => {
    expect(buildFilters([{ key: "", operator: "eq", value: "x" }], "and")).toMatchObject({ ok: false, row: 0 });
    expect(
      buildFilters(
        [
          { key: "a", operator: "eq", value: "1" },
          { key: "b", operator: "eq", value: " " },
        ],
        "and",
      ),
    ).toMatchObject({
      ok: false,
      row: 1,
    });
    expect(buildFilters([{ key: "a", operator: "gt", value: "true" }], "and")).toMatchObject({ ok: false, row: 0 });
  });
});
