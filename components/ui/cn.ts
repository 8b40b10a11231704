import { twMerge } from "tailwind-merge";

// Later classes win over earlier ones of the same kind (`w-full` then `w-32` gives `w-32`).
export function cn(...classes: (string | false | null | undefined)[]): string {
  return twMerge(classes.filter(Boolean).join(" "));
}
