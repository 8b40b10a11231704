import { z } from "zod";
import { projectRole } from "@/lib/projects/schema";
import { instanceRole } from "@/lib/users/schema";
import { email, password, personName } from "@/lib/validation/common";

export const projectGrants = z
  .array(z.object({ projectId: z.string().min(1).max(64), role: projectRole }))
  .max(100)
  .default([]);

export const createInvitationInput = z.object({
  email,
  instanceRole: instanceRole.default("member"),
  projects: projectGrants,
  expiresInDays: z.coerce
    .number({ error: "Expiry must be a number of days" })
    .int("Expiry must be a whole number of days")
    .min(1, "Expiry must be at least 1 day")
    .max(30, "Expiry must be at most 30 days")
    .default(7),
});
export type CreateInvitationInput = z.infer<typeof createInvitationInput>;

// The password is left out when password sign-in is turned off: the person then signs in by SSO.
export const acceptInvitationInput = z.object({ name: personName, password: password.optional() });
export type AcceptInvitationInput = z.infer<typeof acceptInvitationInput>;

export const setPasswordInput = z.object({ password });
