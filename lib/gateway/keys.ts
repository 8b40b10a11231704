import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { Dispatcher } from "undici";
import { type KeyPermissions, keyPermissions } from "@/lib/api-keys/schema";
import { nowMs } from "@/lib/clock";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { serverSecret } from "@/lib/crypto/server-secret";
import { db } from "@/lib/db/client";
import type { UpstreamKind } from "@/lib/generated/prisma/client";
import { dueForRenewal, SingleFlight } from "@/lib/single-flight";
import { targetFor, type UpstreamTarget } from "@/lib/upstream/target";
import { hashKeySecret, looksLikeKey, previousKeyHash } from "./key-secret";

// Finding the key behind a presented secret, with the project's connection, in one query; the
// result is cached in this process for KEY_CACHE_MS, so a busy key costs the database one query
// a second. Revocation, expiry and changes therefore reach every replica within that time; on
// the replica that made the change they apply to the very next call (forgetKey). ADR 0012.

export const KEY_CACHE_MS = 1000;
export interface GatewayKey {
  id: string;
  projectId: string;
  name: string;
  permissions: KeyPermissions;
  allowedModels: Set<string> | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** Set when the caller used the secret that "roll key" replaced. */
  previousUntil: Date | null;
  /** False when the owner left the project or was deactivated. */
  ownerActive: boolean;
  projectArchived: boolean;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  monthlyBudgetNanoUsd: bigint | null;
  budgetAction: "block" | "alert";
  target: UpstreamTarget | null;
  lastUsedAt: Date | null;
}

export function keyHasLimits(key: GatewayKey): boolean {
  return key.requestsPerMinute !== null || key.tokensPerMinute !== null || key.monthlyBudgetNanoUsd !== null;
}

interface Row {
  id: string;
  projectId: string;
  name: string;
  keyHash: string;
  previousKeyHash: string | null;
  previousExpiresAt: Date | null;
  permissions: unknown;
  allowedModels: unknown;
  expiresAt: Date | null;
  revokedAt: Date | null;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  monthlyBudgetNanoUsd: bigint | string | null;
  budgetAction: string;
  lastUsedAt: Date | null;
  ownerUserId: string | null;
  ownerStatus: string | null;
  ownerInstanceRole: string | null;
  ownerMembership: string | null;
  serviceAccountId: string | null;
  archivedAt: Date | null;
  kind: UpstreamKind | null;
  baseUrl: string | null;
  apiKeySealed: string | null;
  organization: string | null;
  openaiProject: string | null;
  azureApiVersion: string | null;
  azureDeployments: Record<string, string> | null;
}

interface CacheEntry {
  key: GatewayKey | null;
  fetchedAt: number;
}

// Shared by server.ts and the Next.js bundle on a thread. The console's revoke route runs on
// Next.js's own thread (ADR 0023) and the gateway on the main one: a forgotten key is announced
// on a channel that every thread of the process hears.
const CACHE = Symbol.for("switchboard.gatewayKeyCache");
const FORGET = "switchboard.forgetKey";
type Found = { key: GatewayKey | null; stale: boolean };
interface Shared {
  entries: Map<string, CacheEntry>;
  /** Lookups under way, by hash: the calls that find a key's entry expired together share one. */
  reading: SingleFlight<string, Found>;
  /** Counts forgetKey calls: a lookup that began before one does not fill the cache. */
  forgets: number;
  channel: BroadcastChannel;
}
type Holder = { [CACHE]?: Shared };
const holder = globalThis as unknown as Holder;
function shared(): Shared {
  if (!holder[CACHE]) {
    const state: Shared = { entries: new Map(), reading: new SingleFlight(), forgets: 0, channel: new BroadcastChannel(FORGET) };
    state.channel.onmessage = (message) => forgetHere(state, (message as MessageEvent<string>).data);
    // Never what keeps a process (or a test worker) alive.
    (state.channel as BroadcastChannel & { unref?: () => void }).unref?.();
    holder[CACHE] = state;
  }
  return holder[CACHE];
}

function forgetHere(state: Shared, keyId: string): void {
  for (const [hash, entry] of state.entries) if (entry.key?.id === keyId) state.entries.delete(hash);
  // A lookup under way may have read the row before the change: later calls start their own.
  state.reading.forget();
  state.forgets++;
}

/** Makes every replica's next lookup of this key read the database (this process's threads at once). */
export function forgetKey(keyId: string): void {
  const state = shared();
  forgetHere(state, keyId);
  state.channel.postMessage(keyId);
}

export class KeyStoreUnavailableError extends Error {}

export interface LookupOptions {
  dispatcher?: Dispatcher;
  now?: number;
}

/**
 * The key a presented secret belongs to, or null. A token that is not shaped like our keys is
 * refused without a lookup; the hash found is compared with the computed one in constant time.
 * When the database cannot be read, a key seen before is answered from the stale cache entry and
 * the caller decides whether that is enough (KeyStoreUnavailableError when there is none).
 */
export function findGatewayKey(token: string, options: LookupOptions = {}): Found | Promise<Found> {
  if (!looksLikeKey(token)) return { key: null, stale: false };
  const now = options.now ?? nowMs();
  const hash = hashOf(token);
  const state = shared();
  const cached = state.entries.get(hash);
  const age = cached ? now - cached.fetchedAt : Number.POSITIVE_INFINITY;
  // Synchronous while cached (every call of a busy key): no promise on the hot path.
  if (cached && !dueForRenewal(age, KEY_CACHE_MS)) return { key: cached.key, stale: false };
  // One lookup at a time per key; late in the entry's second, it starts while the entry still
  // answers, so a busy key's calls never wait for the database (which may be busy writing usage).
  const reading = state.reading.run(hash, () => lookUp(state, token, hash, cached, now, options));
  if (!cached || age >= KEY_CACHE_MS) return reading;
  reading.catch(() => undefined);
  return { key: cached.key, stale: false };
}

async function lookUp(
  state: Shared,
  token: string,
  hash: string,
  cached: CacheEntry | undefined,
  now: number,
  options: LookupOptions,
): Promise<Found> {
  const forgets = state.forgets;
  let key: GatewayKey | null;
  try {
    key = await readKey(hash, token, options);
  } catch (error) {
    if (cached) return { key: cached.key, stale: true };
    throw new KeyStoreUnavailableError(error instanceof Error ? error.message : String(error));
  }
  if (state.forgets !== forgets) return { key, stale: false };
  if (state.entries.size > 10_000) state.entries.clear();
  state.entries.set(hash, { key, fetchedAt: now });
  return { key, stale: false };
}

// The HMAC of a presented secret, remembered: computing it (an Hmac object per call) was a visible
// share of a gateway call's CPU. Only key-shaped tokens get here; the map is emptied when it grows.
const hashes = new Map<string, { secret: string; hash: string }>();
function hashOf(token: string): string {
  const secret = serverSecret();
  const known = hashes.get(token);
  if (known?.secret === secret) return known.hash;
  if (hashes.size >= 10_000) hashes.clear();
  const hash = hashKeySecret(token, secret);
  hashes.set(token, { secret, hash });
  return hash;
}

async function readKey(hash: string, token: string, options: LookupOptions): Promise<GatewayKey | null> {
  let row = await selectByHash(hash);
  if (!row) {
    // After a server-secret rotation the stored hash is still under the previous secret: accept it
    // and store the hash under the current one, so the key survives the rotation once it is used.
    const previous = previousKeyHash(token);
    if (previous) {
      row = await selectByHash(previous);
      if (row) {
        const prisma = await db();
        const field = row.keyHash === previous ? "keyHash" : "previousKeyHash";
        await prisma.apiKey.update({ where: { id: row.id }, data: { [field]: hash } });
        row = { ...row, [field]: hash };
      }
    }
  }
  if (!row) return null;
  const current = safeEqual(row.keyHash, hash);
  const previous = !current && row.previousKeyHash !== null && safeEqual(row.previousKeyHash, hash);
  if (!current && !previous) return null;
  const permissions = keyPermissions.safeParse(row.permissions);
  const ownerActive = row.serviceAccountId
    ? true
    : row.ownerUserId !== null &&
      row.ownerStatus === "active" &&
      (row.ownerMembership !== null || row.ownerInstanceRole === "owner" || row.ownerInstanceRole === "admin");
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    // An unreadable permission value grants nothing rather than everything.
    permissions: permissions.success ? permissions.data : { mode: "groups", groups: [] as never },
    allowedModels: Array.isArray(row.allowedModels) ? new Set(row.allowedModels.map(String)) : null,
    expiresAt: row.expiresAt ? new Date(row.expiresAt) : null,
    revokedAt: row.revokedAt ? new Date(row.revokedAt) : null,
    previousUntil: previous ? (row.previousExpiresAt ? new Date(row.previousExpiresAt) : new Date(0)) : null,
    ownerActive,
    projectArchived: row.archivedAt !== null,
    requestsPerMinute: row.requestsPerMinute,
    tokensPerMinute: row.tokensPerMinute,
    monthlyBudgetNanoUsd: row.monthlyBudgetNanoUsd === null ? null : BigInt(row.monthlyBudgetNanoUsd),
    budgetAction: row.budgetAction === "alert" ? "alert" : "block",
    lastUsedAt: row.lastUsedAt ? new Date(row.lastUsedAt) : null,
    target: row.kind
      ? targetFor(
          {
            kind: row.kind,
            baseUrl: row.baseUrl,
            apiKey: row.apiKeySealed ? decryptSecret(row.apiKeySealed) : null,
            organization: row.organization,
            openaiProject: row.openaiProject,
            azureApiVersion: row.azureApiVersion,
            azureDeployments: row.azureDeployments,
          },
          { dispatcher: options.dispatcher },
        )
      : null,
  };
}

async function selectByHash(hash: string): Promise<Row | null> {
  const prisma = await db();
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT k.id, k."projectId", k.name, k."keyHash", k."previousKeyHash", k."previousExpiresAt", k.permissions,
           k."allowedModels", k."expiresAt", k."revokedAt", k."requestsPerMinute", k."tokensPerMinute",
           k."monthlyBudgetNanoUsd", k."budgetAction", k."lastUsedAt", k."ownerUserId", k."serviceAccountId",
           u.status::text AS "ownerStatus", u."instanceRole"::text AS "ownerInstanceRole", m.role::text AS "ownerMembership",
           p."archivedAt",
           c.kind::text AS kind, c."baseUrl", c."apiKeySealed", c.organization, c."openaiProject",
           c."azureApiVersion", c."azureDeployments"
    FROM "ApiKey" k
    JOIN "Project" p ON p.id = k."projectId"
    LEFT JOIN "User" u ON u.id = k."ownerUserId"
    LEFT JOIN "ProjectMember" m ON m."projectId" = k."projectId" AND m."userId" = k."ownerUserId"
    LEFT JOIN "UpstreamConnection" c ON c."projectId" = k."projectId"
    WHERE k."keyHash" = ${hash} OR k."previousKeyHash" = ${hash}
    LIMIT 1`;
  return rows[0] ?? null;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const LAST_USED_EVERY_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

/** Records that a key was used, at most once a minute per key and replica, off the request's path. */
export function touchKey(key: GatewayKey, now = nowMs()): void {
  const written = lastUsedWritten.get(key.id) ?? key.lastUsedAt?.getTime() ?? 0;
  if (now - written < LAST_USED_EVERY_MS) return;
  lastUsedWritten.set(key.id, now);
  void db()
    .then((prisma) => prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) }, select: { id: true } }))
    .catch(() => lastUsedWritten.delete(key.id));
}
