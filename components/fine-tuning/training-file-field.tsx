"use client";

import type { FileObject } from "openai/resources/files";
import { useEffect, useId, useState } from "react";
import { inputClass } from "@/components/ui/field";
import { projectOpenAI } from "@/lib/client/openai";
import { checkFile } from "@/lib/files/checks";
import { checkTrainingStream, type FileReport } from "@/lib/fine-tuning/check-file";
import type { MethodType } from "@/lib/fine-tuning/format";

export type FileSource = { kind: "none" } | { kind: "uploaded"; fileId: string } | { kind: "local"; file: File };

export type FileCheckState =
  | { state: "idle" }
  | { state: "checking" }
  | { state: "done"; report: FileReport }
  | { state: "error"; message: string };

const UPLOAD = "__upload__";
const METHOD_FORMATS: Record<MethodType, string> = {
  supervised: "chat messages with an assistant answer",
  dpo: "preference pairs (input, preferred_output, non_preferred_output)",
  reinforcement: "messages ending with the prompt, plus the fields the grader reads",
};

/**
 * Checks a chosen file in the browser, in the format of the chosen method: a local file as it is
 * read from disk, an uploaded one by streaming its content through the proxy. Checked again when
 * the method changes.
 */
export function useFileCheck(projectId: string, source: FileSource, method: MethodType, role: "training" | "validation"): FileCheckState {
  const [check, setCheck] = useState<FileCheckState>({ state: "idle" });
  useEffect(() => {
    if (source.kind === "none") {
      setCheck({ state: "idle" });
      return;
    }
    let cancelled = false;
    setCheck({ state: "checking" });
    (async () => {
      if (source.kind === "local") {
        const problem = checkFile(source.file, "fine-tune");
        if (problem) return { state: "error" as const, message: problem };
        return { state: "done" as const, report: await checkTrainingStream(source.file.stream(), method, role) };
      }
      const response = await projectOpenAI(projectId).files.content(source.fileId);
      if (!response.body) return { state: "error" as const, message: "The upstream sent no content for this file." };
      return { state: "done" as const, report: await checkTrainingStream(response.body, method, role) };
    })().then(
      (result) => {
        if (!cancelled) setCheck(result);
      },
      (error: unknown) => {
        if (!cancelled)
          setCheck({ state: "error", message: `The file could not be read: ${error instanceof Error ? error.message : String(error)}` });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [projectId, source, method, role]);
  return check;
}

export function TrainingFileField({
  label,
  use,
  method,
  files,
  source,
  check,
  onChange,
  required,
}: {
  label: string;
  use: "training" | "validation";
  method: MethodType;
  files: readonly FileObject[];
  source: FileSource;
  check: FileCheckState;
  onChange: (source: FileSource) => void;
  required: boolean;
}) {
  const id = useId();
  const selected = source.kind === "uploaded" ? source.fileId : source.kind === "local" ? UPLOAD : "";
  const [uploading, setUploading] = useState(source.kind === "local");
  const choice = uploading ? UPLOAD : selected;
  const problems = check.state === "done" ? check.report.problems : [];
  return (
    <fieldset className="flex flex-col gap-1.5">
      <legend className="mb-1.5 text-sm font-medium">{label}</legend>
      <select
        id={id}
        aria-label={label}
        className={inputClass}
        value={choice}
        onChange={(event) => {
          const value = event.target.value;
          setUploading(value === UPLOAD);
          onChange(value && value !== UPLOAD ? { kind: "uploaded", fileId: value } : { kind: "none" });
        }}
      >
        <option value="">{required ? "Choose a file…" : "None"}</option>
        {files.map((file) => (
          <option key={file.id} value={file.id}>
            {file.filename} · {file.id}
          </option>
        ))}
        <option value={UPLOAD}>Upload a new file…</option>
      </select>
      {uploading ? (
        <input
          type="file"
          accept=".jsonl"
          aria-label={`${label} to upload`}
          className="text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-surface file:px-3 file:py-1.5 file:text-sm"
          onChange={(event) => {
            const file = event.target.files?.[0];
            onChange(file ? { kind: "local", file } : { kind: "none" });
          }}
        />
      ) : null}
      <p className="text-xs text-fg-muted">JSONL, one example per line: {METHOD_FORMATS[method]}.</p>
      {check.state === "checking" ? <p className="text-xs text-fg-muted">Checking every line…</p> : null}
      {check.state === "error" ? (
        <p role="alert" className="text-xs text-danger">
          {check.message}
        </p>
      ) : null}
      {check.state === "done" && problems.length === 0 ? (
        <p className="text-xs text-success">
          {check.report.examples} example{check.report.examples === 1 ? "" : "s"}, every line in the {method} format.
        </p>
      ) : null}
      {problems.length ? (
        <div role="alert" className="rounded-md border border-danger/40 bg-danger-bg px-3 py-2 text-xs text-danger">
          <p className="font-medium">This file cannot be used for {method} fine-tuning:</p>
          <ul aria-label={`Problems in the ${use} file`} className="mt-1 list-disc pl-4">
            {problems.map((problem) => (
              <li key={`${problem.line}-${problem.message}`}>{problem.message}</li>
            ))}
          </ul>
          {check.state === "done" && check.report.moreProblems ? <p className="mt-1">…and more lines after these.</p> : null}
        </div>
      ) : null}
    </fieldset>
  );
}
