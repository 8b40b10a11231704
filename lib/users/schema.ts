import { z } from "zod";
import { INSTANCE_ROLES } from "@/lib/auth/permissions";
import { projectRole } from "@/lib/projects/schema";
import { email, password, personName } from "@/lib/validation/common";

export const instanceRole = z.enum(INSTANCE_ROLES, { error: `Role must be one of ${INSTANCE_ROLES.join(", ")}` });

export const createUserInput = z.object({
  name: personName,
  email,
  password,
  instanceRole: instanceRole.default("member"),
  projects: z
    .array(z.object({ projectId: z.string().min(1).max(64), role: projectRole }))
    .max(100)
    .default([]),
});
export type CreateUserInput = z.infer<typeof createUserInput>;

// One change at a time: an instance role, or the account's status (deactivate / reactivate).
export const updateUserInput = z
  .object({
    instanceRole: instanceRole.optional(),
    status: z.enum(["active", "deactivated"], { error: "Status must be active or deactivated" }).optional(),
  })
  .refine((value) => (value.instanceRole === undefined) !== (value.status === undefined), "Send either instanceRole or status");
export type UpdateUserInput = z.infer<typeof updateUserInput>;
