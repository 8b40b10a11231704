import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { notFound } from "../errors";
import type { Item } from "./input";

// Stored responses (SandboxResponse): the Response object as returned, and the normalized input
// items of that request alone. A conversation is the chain of previousResponseId links.

export type ResponseBody = Record<string, unknown> & { id: string; status: string; output: Item[] };

export interface StoredResponse {
  id: string;
  body: ResponseBody;
  inputItems: Item[];
  previousResponseId: string | null;
  createdAt: Date;
}

// Chains longer than this are cut (oldest turns dropped): a guard against a runaway loop, far
// beyond any conversation a console shows.
const MAX_CHAIN = 1000;

function asJson(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}

function toStored(row: {
  id: string;
  body: unknown;
  inputItems: unknown;
  previousResponseId: string | null;
  createdAt: Date;
}): StoredResponse {
  return {
    id: row.id,
    body: row.body as ResponseBody,
    inputItems: row.inputItems as Item[],
    previousResponseId: row.previousResponseId,
    createdAt: row.createdAt,
  };
}

// A background run's lease: renewed while it runs, so only a run whose process stopped lapses.
export const BACKGROUND_LEASE_MS = 30_000;

/** Stores a response; a background one also keeps its request and a first lease (see resume.ts). */
export async function insertResponse(
  project: string,
  body: ResponseBody,
  inputItems: Item[],
  previousResponseId: string | null,
  backgroundRequest?: Record<string, unknown>,
): Promise<void> {
  const prisma = await db();
  await prisma.sandboxResponse.create({
    data: {
      id: body.id,
      project,
      model: String(body.model),
      status: body.status,
      body: asJson(body),
      inputItems: asJson(inputItems),
      previousResponseId,
      request: backgroundRequest ? asJson(backgroundRequest) : undefined,
      leaseUntil: backgroundRequest ? new Date(Date.now() + BACKGROUND_LEASE_MS) : undefined,
    },
  });
}

export async function renewBackgroundLease(id: string): Promise<void> {
  const prisma = await db();
  await prisma.sandboxResponse.updateMany({ where: { id }, data: { leaseUntil: new Date(Date.now() + BACKGROUND_LEASE_MS) } });
}

/**
 * Replaces the stored body. With `whileStatus`, only while the stored status is one of those: a
 * response cancelled (by any process) meanwhile keeps its cancellation. True when written.
 */
export async function updateResponse(body: ResponseBody, whileStatus?: string[]): Promise<boolean> {
  const prisma = await db();
  const { count } = await prisma.sandboxResponse.updateMany({
    where: { id: body.id, ...(whileStatus ? { status: { in: whileStatus } } : {}) },
    data: { status: body.status, body: asJson(body) },
  });
  return count > 0;
}

/** A stored response of `project`; another project's is not found, as with the real API. */
export async function findResponse(project: string, id: string): Promise<StoredResponse | null> {
  const prisma = await db();
  const row = await prisma.sandboxResponse.findUnique({ where: { id } });
  return row && row.project === project ? toStored(row) : null;
}

export function responseNotFound(id: string) {
  return notFound(`Response with id '${id}' not found.`);
}

export async function requireResponse(project: string, id: string): Promise<StoredResponse> {
  const found = await findResponse(project, id);
  if (!found) throw responseNotFound(id);
  return found;
}

export async function deleteResponse(project: string, id: string): Promise<boolean> {
  const prisma = await db();
  const { count } = await prisma.sandboxResponse.deleteMany({ where: { id, project } });
  return count > 0;
}

/** The conversation up to and including `id`, oldest first; null when `id` is not stored. */
export async function loadChain(project: string, id: string): Promise<StoredResponse[] | null> {
  const chain: StoredResponse[] = [];
  let next: string | null = id;
  while (next && chain.length < MAX_CHAIN) {
    const found = await findResponse(project, next);
    if (!found) {
      if (!chain.length) return null;
      break; // an earlier turn was deleted: the conversation starts after it
    }
    chain.push(found);
    next = found.previousResponseId;
  }
  return chain.reverse();
}

/** Every item of a chain in order: each turn's input, then its output. */
export function chainItems(chain: StoredResponse[]): Item[] {
  return chain.flatMap((turn) => [...turn.inputItems, ...turn.body.output]);
}
