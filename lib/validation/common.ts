import { z } from "zod";

// Shared by forms in the browser and route handlers on the server, so both say the same thing.

export const personName = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, "Name is required")
  .max(100, "Name must be at most 100 characters");

export const email = z
  .string({ error: "Email is required" })
  .trim()
  .toLowerCase()
  .max(254, "Email must be at most 254 characters")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com" }));

export const PASSWORD_RULE = "at least 12 characters, with at least one letter and one digit or symbol";

export const password = z
  .string({ error: "Password is required" })
  .min(12, `Password must be ${PASSWORD_RULE}`)
  .max(200, "Password must be at most 200 characters")
  .refine((value) => /\p{L}/u.test(value) && /[^\p{L}]/u.test(value), `Password must be ${PASSWORD_RULE}`);

export const projectName = z
  .string({ error: "Project name is required" })
  .trim()
  .min(1, "Project name is required")
  .max(80, "Project name must be at most 80 characters");

export const slug = z
  .string()
  .trim()
  .min(2, "Slug must be at least 2 characters")
  .max(48, "Slug must be at most 48 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Slug may use lowercase letters, digits and single dashes");

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
  return base.length >= 2 ? base : `project-${base || "1"}`.slice(0, 48);
}

/**
 * A number typed into a form field, for the request body: null when the field is empty, the
 * number when the text is one, and otherwise the text itself, so that the server's validation
 * names the field and says what it expects. `Number()` alone would turn "" into 0 (a $0 price) and
 * "$25" into NaN, which JSON sends as null (a removed budget).
 */
export function formNumber(text: FormDataEntryValue | null | undefined): number | string | null {
  const trimmed = String(text ?? "").trim();
  if (!trimmed) return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}
