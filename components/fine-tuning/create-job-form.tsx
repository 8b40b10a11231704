"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { JobCreateParams } from "openai/resources/fine-tuning/jobs/jobs";
import { type FormEvent, useMemo, useState } from "react";
import { uploadWhole } from "@/components/files/upload-transport";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, inputClass, SelectField, TextField } from "@/components/ui/field";
import { MetadataRows } from "@/components/vector-stores/metadata-rows";
import { useFineTuneFiles } from "@/lib/client/fine-tuning-hooks";
import { describeApiError, projectOpenAI } from "@/lib/client/openai";
import { queryKeys } from "@/lib/client/query-keys";
import { useUpstreamModels } from "@/lib/client/upstream-hooks";
import { isFineTunable, METHOD_LABELS, methodsFor } from "@/lib/fine-tuning/base-models";
import { checkSeed, checkSuffix, HYPERPARAMETER_RULES, METHOD_HYPERPARAMETERS, readHyperparameter } from "@/lib/fine-tuning/display";
import type { MethodType } from "@/lib/fine-tuning/format";
import { type MetadataRow, parseMetadataRows } from "@/lib/vector-stores/settings";
import { type FileSource, TrainingFileField, useFileCheck } from "./training-file-field";

const OTHER = "__other__";
const DEFAULT_GRADER = JSON.stringify(
  { type: "string_check", name: "exact answer", input: "{{sample.output_text}}", reference: "{{item.reference_answer}}", operation: "eq" },
  null,
  2,
);

export function CreateJobForm({ projectId }: { projectId: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const models = useUpstreamModels(projectId);
  const files = useFineTuneFiles(projectId);
  const tunable = useMemo(() => (models.data ?? []).map((m) => m.id).filter(isFineTunable), [models.data]);

  const [modelChoice, setModelChoice] = useState("");
  const [otherModel, setOtherModel] = useState("");
  const model = modelChoice === OTHER ? otherModel.trim() : modelChoice || tunable[0] || "";
  const methods = methodsFor(model);
  const [methodChoice, setMethodChoice] = useState<MethodType>("supervised");
  const method = methods.includes(methodChoice) ? methodChoice : methods[0];
  const [hyper, setHyper] = useState<Record<string, string>>({});
  const [reasoningEffort, setReasoningEffort] = useState("default");
  const [grader, setGrader] = useState(DEFAULT_GRADER);
  const [training, setTraining] = useState<FileSource>({ kind: "none" });
  const [validation, setValidation] = useState<FileSource>({ kind: "none" });
  const trainingCheck = useFileCheck(projectId, training, method, "training");
  const validationCheck = useFileCheck(projectId, validation, method, "validation");
  const [suffix, setSuffix] = useState("");
  const [seed, setSeed] = useState("");
  const [metadataRows, setMetadataRows] = useState<MetadataRow[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const hyperErrors: Record<string, string> = {};
  const hyperparameters: Record<string, number | "auto" | string> = {};
  for (const key of METHOD_HYPERPARAMETERS[method]) {
    const read = readHyperparameter(key, hyper[key] ?? "");
    if ("error" in read) hyperErrors[key] = read.error;
    else if (read.value !== "auto") hyperparameters[key] = read.value;
  }
  if (method === "reinforcement" && reasoningEffort !== "default") hyperparameters.reasoning_effort = reasoningEffort;
  let graderValue: Record<string, unknown> | null = null;
  let graderError: string | undefined;
  if (method === "reinforcement") {
    try {
      const parsed = JSON.parse(grader);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || typeof parsed.type !== "string") {
        graderError = "The grader is a JSON object with a “type” (string_check, text_similarity, python, score_model or multi).";
      } else graderValue = parsed;
    } catch (error) {
      graderError = `The grader is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const metadata = parseMetadataRows(metadataRows);
  const suffixError = checkSuffix(suffix.trim());
  const seedError = checkSeed(seed);
  const fileProblem = (check: typeof trainingCheck) =>
    check.state === "checking"
      ? "checking"
      : check.state === "error"
        ? check.message
        : check.state === "done" && check.report.problems.length
          ? "problems"
          : null;
  const errors = {
    model: model ? undefined : "Choose the model to fine-tune.",
    training: training.kind === "none" ? "Choose or upload a training file." : undefined,
  };
  const blocked =
    Boolean(
      errors.model || errors.training || suffixError || seedError || graderError || Object.keys(hyperErrors).length || !metadata.ok,
    ) ||
    fileProblem(trainingCheck) !== null ||
    fileProblem(validationCheck) !== null;

  async function fileId(source: FileSource): Promise<string | null> {
    if (source.kind === "none") return null;
    if (source.kind === "uploaded") return source.fileId;
    setBusy(`Uploading ${source.file.name}…`);
    const uploaded = await uploadWhole(projectId, source.file, "fine-tune", new AbortController().signal, () => {});
    await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.files(projectId) });
    await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.fineTuneFiles(projectId) });
    return uploaded.id;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    if (blocked) return;
    try {
      const trainingFile = (await fileId(training)) as string;
      // A file uploaded now is used from now on, so a retry after a failure does not upload it again.
      if (training.kind === "local") setTraining({ kind: "uploaded", fileId: trainingFile });
      const validationFile = await fileId(validation);
      if (validation.kind === "local" && validationFile) setValidation({ kind: "uploaded", fileId: validationFile });
      setBusy("Creating the job…");
      const params: JobCreateParams = {
        model,
        training_file: trainingFile,
        ...(validationFile ? { validation_file: validationFile } : {}),
        ...(suffix.trim() ? { suffix: suffix.trim() } : {}),
        ...(seed.trim() ? { seed: Number(seed) } : {}),
        ...(metadata.ok && Object.keys(metadata.metadata).length ? { metadata: metadata.metadata } : {}),
        method:
          method === "reinforcement"
            ? { type: "reinforcement", reinforcement: { grader: graderValue as never, hyperparameters } }
            : method === "dpo"
              ? { type: "dpo", dpo: { hyperparameters } }
              : { type: "supervised", supervised: { hyperparameters } },
      };
      const job = await projectOpenAI(projectId).fineTuning.jobs.create(params);
      await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.fineTuningJobs(projectId) });
      router.push(`/${projectId}/fine-tuning/${job.id}`);
    } catch (error) {
      setFailure(`The job was not created: ${describeApiError(error)}`);
      setBusy(null);
    }
  }

  const modelOptions = [...tunable.map((id) => ({ value: id, label: id })), { value: OTHER, label: "Another model id…" }];

  return (
    <form onSubmit={submit} noValidate className="flex max-w-3xl flex-col gap-6">
      <Card title="Model and method">
        <div className="flex flex-col gap-4">
          {models.isError ? (
            <Alert>The upstream did not list its models ({describeApiError(models.error)}); type the model id below.</Alert>
          ) : null}
          <SelectField
            label="Base model"
            options={modelOptions}
            value={modelChoice || (tunable[0] ?? OTHER)}
            onChange={(event) => setModelChoice(event.target.value)}
            hint="The upstream's models that can be fine-tuned."
            error={submitted && modelChoice !== OTHER ? errors.model : undefined}
          />
          {modelChoice === OTHER || (!tunable.length && !models.isPending) ? (
            <TextField
              label="Model id"
              value={otherModel}
              placeholder="gpt-4.1-mini-2025-04-14"
              onChange={(event) => {
                setModelChoice(OTHER);
                setOtherModel(event.target.value);
              }}
              error={submitted ? errors.model : undefined}
            />
          ) : null}
          <fieldset className="flex flex-col gap-1.5">
            <legend className="mb-1.5 text-sm font-medium">Method</legend>
            <div className="flex flex-wrap gap-4">
              {(["supervised", "dpo", "reinforcement"] as const).map((m) => (
                <label key={m} className={`flex items-center gap-2 text-sm ${methods.includes(m) ? "" : "opacity-50"}`}>
                  <input
                    type="radio"
                    name="method"
                    value={m}
                    checked={method === m}
                    disabled={!methods.includes(m)}
                    onChange={() => setMethodChoice(m)}
                  />
                  {METHOD_LABELS[m]}
                </label>
              ))}
            </div>
            <p className="text-xs text-fg-muted">
              {model ? `${model} can be fine-tuned with: ${methods.map((m) => METHOD_LABELS[m]).join(", ")}.` : "Choose a model first."}
            </p>
          </fieldset>
        </div>
      </Card>

      <Card title="Data" description="Every line is checked here, in the format of the method, before anything is sent.">
        <div className="flex flex-col gap-5">
          <TrainingFileField
            label="Training file"
            use="training"
            method={method}
            files={files.data ?? []}
            source={training}
            check={trainingCheck}
            onChange={setTraining}
            required
          />
          {submitted && errors.training ? (
            <p role="alert" className="-mt-3 text-xs text-danger">
              {errors.training}
            </p>
          ) : null}
          <TrainingFileField
            label="Validation file (optional)"
            use="validation"
            method={method}
            files={files.data ?? []}
            source={validation}
            check={validationCheck}
            onChange={setValidation}
            required={false}
          />
        </div>
      </Card>

      <Card title="Hyperparameters" description="Leave a field empty for auto: the upstream picks a value from the data.">
        <div className="grid gap-4 sm:grid-cols-2">
          {METHOD_HYPERPARAMETERS[method].map((key) => (
            <TextField
              key={key}
              label={HYPERPARAMETER_RULES[key].label}
              inputMode="decimal"
              placeholder="auto"
              value={hyper[key] ?? ""}
              onChange={(event) => setHyper({ ...hyper, [key]: event.target.value })}
              hint={HYPERPARAMETER_RULES[key].hint}
              error={hyperErrors[key]}
            />
          ))}
          {method === "reinforcement" ? (
            <SelectField
              label="Reasoning effort"
              value={reasoningEffort}
              onChange={(event) => setReasoningEffort(event.target.value)}
              options={["default", "low", "medium", "high"].map((v) => ({ value: v, label: v }))}
            />
          ) : null}
        </div>
        {method === "reinforcement" ? (
          <div className="mt-4">
            <Field
              label="Grader (JSON)"
              error={graderError}
              hint="How each sampled answer is scored, e.g. a string check against a field of the example."
            >
              {(props) => (
                <textarea
                  {...props}
                  className={`${inputClass} h-40 py-2 font-mono text-xs`}
                  value={grader}
                  onChange={(event) => setGrader(event.target.value)}
                />
              )}
            </Field>
          </div>
        ) : null}
      </Card>

      <Card title="Name and tracking">
        <div className="flex flex-col gap-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label="Suffix"
              value={suffix}
              placeholder="support-bot"
              onChange={(event) => setSuffix(event.target.value)}
              hint="Up to 64 characters, added to the model's name."
              error={suffixError ?? undefined}
            />
            <TextField
              label="Seed"
              inputMode="numeric"
              value={seed}
              placeholder="random"
              onChange={(event) => setSeed(event.target.value)}
              hint="The same seed and data give the same run."
              error={seedError ?? undefined}
            />
          </div>
          <MetadataRows rows={metadataRows} errors={metadata.ok ? {} : metadata.errors} onChange={setMetadataRows} />
          {!metadata.ok && metadata.message ? <p className="text-xs text-danger">{metadata.message}</p> : null}
        </div>
      </Card>

      {failure ? <Alert>{failure}</Alert> : null}
      <div className="flex items-center gap-3">
        <Button type="submit" loading={busy !== null} disabled={busy !== null}>
          Create job
        </Button>
        {busy ? <span className="text-sm text-fg-muted">{busy}</span> : null}
        {submitted && blocked && !busy ? <span className="text-sm text-danger">Fix what is marked above first.</span> : null}
      </div>
    </form>
  );
}
