import "server-only";
import { db } from "@/lib/db/client";

// Failed sign-ins are counted per email and per client address in the database, so that every
// replica slows the same guesser. The first few failures in a window cost nothing; after that
// each one blocks the key for twice as long as the last, up to MAX_BLOCK_SECONDS.
const FREE_FAILURES = 5;
const WINDOW_MINUTES = 15;
const FIRST_BLOCK_SECONDS = 15;
const MAX_BLOCK_SECONDS = 900;

export function throttleKeys(email: string, ip: string | null): string[] {
  const keys = [`email:${email.trim().toLowerCase()}`];
  if (ip) keys.push(`ip:${ip}`);
  return keys;
}

/** Seconds until the next attempt is allowed for any of the keys; 0 when none is blocked. */
export async function secondsUntilAllowed(keys: string[]): Promise<number> {
  const prisma = await db();
  const rows = await prisma.signInThrottle.findMany({ where: { key: { in: keys } }, select: { blockedUntil: true } });
  const now = Date.now();
  const waits = rows.map((row) => (row.blockedUntil ? Math.ceil((row.blockedUntil.getTime() - now) / 1000) : 0));
  return Math.max(0, ...waits);
}

export async function recordFailedSignIn(keys: string[]): Promise<void> {
  const prisma = await db();
  for (const key of keys) {
    // One atomic statement: concurrent failures on two replicas both count.
    await prisma.$executeRaw`
      INSERT INTO "SignInThrottle" ("key", "failures", "windowStart", "blockedUntil")
      VALUES (${key}, 1, now() AT TIME ZONE 'UTC', NULL)
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE WHEN "SignInThrottle"."windowStart" < (now() AT TIME ZONE 'UTC') - make_interval(mins => ${WINDOW_MINUTES})
          THEN 1 ELSE "SignInThrottle"."failures" + 1 END,
        "windowStart" = CASE WHEN "SignInThrottle"."windowStart" < (now() AT TIME ZONE 'UTC') - make_interval(mins => ${WINDOW_MINUTES})
          THEN now() AT TIME ZONE 'UTC' ELSE "SignInThrottle"."windowStart" END,
        "blockedUntil" = CASE
          WHEN "SignInThrottle"."windowStart" >= (now() AT TIME ZONE 'UTC') - make_interval(mins => ${WINDOW_MINUTES})
           AND "SignInThrottle"."failures" + 1 > ${FREE_FAILURES}
          THEN (now() AT TIME ZONE 'UTC') + make_interval(secs => LEAST(${MAX_BLOCK_SECONDS}::float8,
                 ${FIRST_BLOCK_SECONDS}::float8 * power(2, "SignInThrottle"."failures" - ${FREE_FAILURES})))
          ELSE NULL END`;
  }
}

export async function clearFailedSignIns(email: string): Promise<void> {
  const prisma = await db();
  await prisma.signInThrottle.deleteMany({ where: { key: `email:${email.trim().toLowerCase()}` } });
}
