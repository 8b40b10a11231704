import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { burnPasswordCheck, verifyPassword } from "@/lib/crypto/password";
import { db } from "@/lib/db/client";
import { clearFailedSignIns, recordFailedSignIn, secondsUntilAllowed, throttleKeys } from "./sign-in-throttle";

// One message for every wrong combination, so it never tells whether an email has an account.
export const INVALID_CREDENTIALS = "Invalid email or password.";

export class SignInError extends Error {}

export async function authenticate(input: { email: string; password: string; ip: string | null; userAgent: string | null }) {
  const email = input.email.trim().toLowerCase();
  if (!email || !input.password) throw new SignInError(INVALID_CREDENTIALS);
  const keys = throttleKeys(email, input.ip);
  const wait = await secondsUntilAllowed(keys);
  if (wait > 0) {
    throw new SignInError(`Too many failed sign-ins. Try again in ${formatWait(wait)}.`);
  }
  const prisma = await db();
  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, status: true, sessionVersion: true },
  });
  let ok = false;
  if (user?.passwordHash) ok = await verifyPassword(input.password, user.passwordHash);
  else await burnPasswordCheck(input.password);
  if (!ok || !user || user.status !== "active") {
    await recordFailedSignIn(keys);
    await recordAudit({
      actorId: user?.id ?? null,
      action: "auth.sign_in_failed",
      targetType: "user",
      targetId: user?.id ?? null,
      after: { email },
      ip: input.ip,
      userAgent: input.userAgent,
    });
    throw new SignInError(INVALID_CREDENTIALS);
  }
  await clearFailedSignIns(email);
  await recordAudit({
    actorId: user.id,
    action: "auth.sign_in",
    targetType: "user",
    targetId: user.id,
    ip: input.ip,
    userAgent: input.userAgent,
  });
  return user;
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "a minute" : `${minutes} minutes`;
}
