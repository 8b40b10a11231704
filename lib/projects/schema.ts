import { z } from "zod";
import { PROJECT_ROLES } from "@/lib/auth/permissions";
import { email, projectName, slug } from "@/lib/validation/common";

export const createProjectInput = z.object({ name: projectName, slug: slug.optional() });

export const updateProjectInput = z
  .object({ name: projectName.optional(), slug: slug.optional(), archived: z.boolean().optional() })
  .refine((value) => Object.values(value).some((v) => v !== undefined), "Nothing to change: send name, slug or archived");

export const projectRole = z.enum(PROJECT_ROLES, { error: `Role must be one of ${PROJECT_ROLES.join(", ")}` });

export const addMemberInput = z.object({ email, role: projectRole });
export const updateMemberInput = z.object({ role: projectRole });
