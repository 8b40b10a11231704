"use client";

import { useCallback, useRef, useState } from "react";
import { checkBatchFile, type LineCheckReport } from "@/lib/batches/check-lines";

export type FileCheck =
  | { state: "idle" }
  | { state: "checking"; bytesRead: number; size: number }
  | { state: "done"; report: LineCheckReport; fileProblems: string[] }
  | { state: "error"; message: string };

/**
 * Checks a batch file in the browser. The tokenizer (a large module) is loaded only when a
 * check starts; a new check stops the one before it.
 */
export function useFileCheck() {
  const [check, setCheck] = useState<FileCheck>({ state: "idle" });
  const current = useRef<AbortController | null>(null);
  const run = useCallback(async (file: Blob) => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setCheck({ state: "checking", bytesRead: 0, size: file.size });
    try {
      const { countTokens } = await import("gpt-tokenizer/encoding/o200k_base");
      const result = await checkBatchFile(file, {
        countTokens: (text) => countTokens(text),
        signal: controller.signal,
        onProgress: (bytesRead) => {
          if (!controller.signal.aborted) setCheck({ state: "checking", bytesRead, size: file.size });
        },
      });
      if (!controller.signal.aborted) setCheck({ state: "done", ...result });
    } catch (error) {
      if (!controller.signal.aborted) setCheck({ state: "error", message: error instanceof Error ? error.message : String(error) });
    }
  }, []);
  const reset = useCallback(() => {
    current.current?.abort();
    setCheck({ state: "idle" });
  }, []);
  return { check, run, reset };
}
