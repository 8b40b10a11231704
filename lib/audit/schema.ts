import { z } from "zod";

const text = (name: string) =>
  z
    .string()
    .trim()
    .max(200, `${name} must be at most 200 characters`)
    .optional()
    .transform((v) => v || undefined);
const moment = (name: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: "custom", message: `${name} must be a date or a date and time (ISO 8601)` });
        return z.NEVER;
      }
      return date;
    });

// Filters of the audit log page and its CSV export. `actor` and `target` match a name or email
// (or a target's id); `action` matches actions starting with it ("user." for every user action).
export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  before: z
    .string()
    .regex(/^\d{1,19}$/, "before must be an entry id")
    .transform((value) => BigInt(value))
    .optional(),
  actor: text("actor"),
  action: text("action"),
  target: text("target"),
  from: moment("from"),
  to: moment("to"),
  format: z.enum(["json", "csv"], { error: "format must be json or csv" }).optional(),
});
export type AuditQuery = z.infer<typeof auditQuery>;
