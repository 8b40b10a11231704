import { useEffect, useRef, useState } from "react";
import type { z } from "zod";
import { ApiError } from "./api";

export type FieldErrors = Record<string, string>;

/** Validates in the browser with the same schema the server uses; first message per field. */
export function validate<S extends z.ZodType>(schema: S, values: unknown): { data?: z.infer<S>; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { data: result.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "_form";
    errors[key] ??= issue.message;
  }
  return { errors };
}

/** Where a server error belongs: next to its field when it names one, else above the form. */
export function errorsFromApi(error: unknown): FieldErrors {
  if (error instanceof ApiError) return { [error.field ?? "_form"]: error.message };
  return { _form: "Something went wrong. Try again." };
}

/**
 * Field errors for a form inside a dialog. The dialog stays mounted between openings, so closing
 * it forgets the errors: what was wrong last time must not show next time.
 */
export function useDialogFormErrors(onClose: () => void) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useFocusFirstError(errors);
  const close = () => {
    setErrors({});
    onClose();
  };
  return { errors, setErrors, close, formRef };
}

/**
 * Moves the focus to the first field marked invalid each time errors are set, so the keyboard is
 * where the fix is and a long form scrolls to it. Attach the ref to the form.
 */
function useFocusFirstError(errors: FieldErrors) {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    const field = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    field?.focus();
    // Focus brings only the field into view; its message, under it, could stay hidden below the
    // fold or under a dialog's buttons (whose scroll padding scrollIntoView respects).
    const note = field?.getAttribute("aria-describedby")?.split(" ")[0];
    if (note) document.getElementById(note)?.scrollIntoView({ block: "nearest" });
  }, [errors]);
  return formRef;
}
