import { z } from "zod";

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  before: z
    .string()
    .regex(/^\d{1,19}$/, "before must be an entry id")
    .transform((value) => BigInt(value))
    .optional(),
});
