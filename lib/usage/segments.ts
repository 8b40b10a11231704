import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isUsageEventLike, type UsageEventInput } from "./event";

// Outbox segment files: `<host>-<pid>-<start>-<n>.jsonl.open` while their process appends to them,
// `<host>-<pid>-<start>-<n>.jsonl` once it has moved on to the next. The owner part (host, pid and
// the moment its outbox was made) is unique per process, so processes sharing the directory never
// write the same file, and a leftover says whose it was.
const SEGMENT = /^(.+)-(\d+)-(\d+)-(\d+)\.jsonl(\.open)?$/;

// A live process moves on from its open segment at every flush (every fraction of a second, at
// worst every retry); one untouched this long belongs to a process that is gone.
const ABANDONED_AFTER_MS = 10 * 60_000;

export interface Segment {
  path: string;
  owner: string;
  host: string;
  pid: number;
  open: boolean;
}

const host = os.hostname().replace(/[^A-Za-z0-9._-]/g, "_") || "host";
let lastStart = 0;

/** A name no other process, nor another outbox of this one, uses. */
export function newSegmentOwner(): string {
  lastStart = Math.max(Date.now(), lastStart + 1);
  return `${host}-${process.pid}-${lastStart}`;
}

export function segmentPath(dir: string, owner: string, n: number, open: boolean): string {
  return path.join(/*turbopackIgnore: true*/ dir, `${owner}-${n}.jsonl${open ? ".open" : ""}`);
}

export function listSegments(dir: string): Segment[] {
  let names: string[];
  try {
    names = fs.readdirSync(/*turbopackIgnore: true*/ dir);
  } catch {
    return [];
  }
  const segments: Segment[] = [];
  for (const name of names.sort()) {
    const match = SEGMENT.exec(name);
    if (!match) continue;
    segments.push({
      path: path.join(/*turbopackIgnore: true*/ dir, name),
      owner: `${match[1]}-${match[2]}-${match[3]}`,
      host: match[1],
      pid: Number(match[2]),
      open: match[5] !== undefined,
    });
  }
  return segments;
}

/**
 * Whether a segment of another owner was left behind by a process that is gone (a crash, a kill,
 * a replica scaled away), so this one should write it to the database. Taking one by mistake costs
 * nothing: the insert ignores ids already stored, and an owner still alive re-reads what it wrote.
 */
export function isLeftover(segment: Segment, now = Date.now()): boolean {
  if (segment.host === host) {
    // Our own pid under another owner is an earlier run of a restarted container (pid 1 again).
    if (segment.pid === process.pid || !isAlive(segment.pid)) return true;
  }
  try {
    return now - fs.statSync(segment.path).mtimeMs > ABANDONED_AFTER_MS;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The events of a segment; null when it is gone (another process wrote it out first). A line that
 * does not parse (the torn last line of a crash mid-write) is counted and skipped.
 */
export function readSegment(file: string): { events: UsageEventInput[]; unreadable: number } | null {
  let content: string;
  try {
    content = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  return parseLines(content);
}

function parseLines(content: string): { events: UsageEventInput[]; unreadable: number } {
  const events: UsageEventInput[] = [];
  let unreadable = 0;
  for (const line of content.split("\n")) {
    if (!line) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isUsageEventLike(value)) events.push(value);
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { events, unreadable };
}
