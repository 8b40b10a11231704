import { z } from "zod";
import { password, personName } from "@/lib/validation/common";

export const updateProfileInput = z.object({ name: personName });

export const changePasswordInput = z.object({
  currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(200),
  newPassword: password,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;
