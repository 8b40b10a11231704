// Marking a query's words in a search result, as plain segments the page renders as text and
// <mark>: never as HTML, since the chunk is whatever a file contained.

export interface Segment {
  text: string;
  match: boolean;
}

// Words this short or this common match almost everywhere and would drown the useful marks.
const STOP_WORDS = new Set([
  "a",
  "an",
  "and",
  "are",
  "as",
  "at",
  "be",
  "by",
  "for",
  "from",
  "in",
  "is",
  "it",
  "of",
  "on",
  "or",
  "the",
  "to",
  "was",
  "with",
]);

/** The distinct words of a query worth marking, lower-cased, longest first. */
export function queryWords(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const kept = [...new Set(words)].filter((word) => !STOP_WORDS.has(word) && (word.length > 1 || /\p{N}/u.test(word)));
  return kept.sort((a, b) => b.length - a.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Splits `text` into segments, those that are a query word marked. Matching ignores case and
 * starts at a word boundary, so "index" marks "Indexing" but not "reindex".
 */
export function highlightSegments(text: string, query: string): Segment[] {
  const words = queryWords(query);
  if (!words.length || !text) return text ? [{ text, match: false }] : [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join("|")})`, "giu");
  const segments: Segment[] = [];
  let last = 0;
  for (const found of text.matchAll(pattern)) {
    const start = found.index ?? 0;
    if (start > last) segments.push({ text: text.slice(last, start), match: false });
    segments.push({ text: found[0], match: true });
    last = start + found[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), match: false });
  return segments;
}
