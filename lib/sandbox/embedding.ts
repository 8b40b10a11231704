import "server-only";
import { createHash } from "node:crypto";

// A deterministic embedding: words (lower-cased, stemmed crudely) hashed into `dimensions` buckets
// with a sign, weighted by log term frequency, L2-normalised. Texts that share words have a high
// cosine similarity, which is what the sandbox's search needs to rank the right file first; it
// is not a semantic model and says nothing about meaning beyond shared words.
const WORD = /[\p{L}\p{N}]+/gu;

export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map(stem);
}

function stem(word: string): string {
  return word.length > 4 ? word.replace(/(ing|ed|es|s)$/, "") : word;
}

function bucket(word: string, dimensions: number): { index: number; sign: number } {
  const digest = createHash("sha1").update(word).digest();
  return { index: digest.readUInt32LE(0) % dimensions, sign: digest[4] & 1 ? 1 : -1 };
}

export function embed(text: string, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  const counts = new Map<string, number>();
  for (const word of words(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  for (const [word, count] of counts) {
    const { index, sign } = bucket(word, dimensions);
    vector[index] += sign * (1 + Math.log(count));
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < dimensions; i++) vector[i] /= norm;
  return vector;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) dot += a[i] * b[i];
  return dot;
}

export function toBytes(vector: Float32Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength) as ArrayBuffer);
}

export function fromBytes(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}
