import { useSyncExternalStore } from "react";

const never = () => () => undefined;

/**
 * False in the server's HTML and until React has hydrated the page, true after. A button whose
 * work is all in its click handler does nothing before then; shown disabled, it is not clicked in
 * vain (a quick person, or a test, can get there first on a busy machine).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
