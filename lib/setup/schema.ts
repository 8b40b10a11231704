import { z } from "zod";
import { email, password, personName, projectName } from "@/lib/validation/common";

export const setupInput = z.object({
  name: personName,
  email,
  password,
  projectName,
});
export type SetupInput = z.infer<typeof setupInput>;
