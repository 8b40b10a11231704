"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { errorsFromApi, type FieldErrors, validate } from "@/lib/client/form";
import {
  ADMIN_KEY_KINDS,
  type ConnectionSettings,
  type ConnectionTestResult,
  connectionInput,
  OPENAI_DEFAULT_BASE_URL,
  type UpstreamKindName,
} from "@/lib/connection/schema";
import { DeploymentsEditor } from "./deployments-editor";
import { type ConnectionFormState, formFromSettings, inputFromForm, isDirty, keepsStoredKeys } from "./form-state";
import { useConnection, useSaveConnection, useTestConnection } from "./hooks";
import { KindPicker } from "./kind-picker";
import { StoredKeyField } from "./stored-key-field";
import { TestCard } from "./test-card";

export function ConnectionPanel({ projectId, readOnly }: { projectId: string; readOnly: boolean }) {
  const connection = useConnection(projectId);
  if (connection.isPending) {
    return (
      <Card title="API connection">
        <Spinner label="Loading the connection…" />
      </Card>
    );
  }
  if (connection.isError) {
    return (
      <Card title="API connection">
        <div className="flex flex-col items-start gap-3">
          <Alert>{connection.error.message}</Alert>
          <Button variant="secondary" onClick={() => connection.refetch()}>
            Try again
          </Button>
        </div>
      </Card>
    );
  }
  return <ConnectionEditor projectId={projectId} saved={connection.data} readOnly={readOnly} />;
}

// The sandbox's own key is issued by Switchboard and never shown or carried to another upstream.
const NO_KEY = { set: false, masked: null, readable: true };

const BASE_URL_HELP: Record<Exclude<UpstreamKindName, "sandbox">, { placeholder: string; hint: string }> = {
  openai: { placeholder: OPENAI_DEFAULT_BASE_URL, hint: `Leave empty for OpenAI's API (${OPENAI_DEFAULT_BASE_URL}).` },
  azure: {
    placeholder: "https://RESOURCE.openai.azure.com/openai/v1",
    hint: "The resource's endpoint followed by /openai/v1 (or /openai, with an API version and deployments).",
  },
  compatible: {
    placeholder: "http://gpu-box.lan:8000/v1",
    hint: "Where the server's OpenAI API lives, usually ending in /v1. Addresses on a private network work only if the instance owner allows them.",
  },
};

function ConnectionEditor({ projectId, saved, readOnly }: { projectId: string; saved: ConnectionSettings; readOnly: boolean }) {
  const router = useRouter();
  const save = useSaveConnection(projectId);
  const test = useTestConnection(projectId);
  const [form, setForm] = useState<ConnectionFormState>(() => formFromSettings(saved));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [testError, setTestError] = useState<string | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(saved.adminKey.set);
  const dirty = isDirty(form, saved);
  const reusable = keepsStoredKeys(form, saved);
  const kind = form.kind;

  // What was saved or tested no longer describes the form once it changes.
  function change(patch: Partial<ConnectionFormState>) {
    setForm((current) => ({ ...current, ...patch }));
    setNotice(null);
    setResult(null);
    setTestError(null);
  }

  function showErrors(found: FieldErrors) {
    setErrors(found);
    if (found.adminKey) setAdvancedOpen(true);
  }

  /** The form as a request body, or null (with the errors shown) when it is not valid. */
  function checkedInput() {
    const input = inputFromForm(form);
    const { data, errors: invalid } = validate(connectionInput, input);
    showErrors(invalid);
    return data ? input : null;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    const input = checkedInput();
    if (!input) return;
    try {
      const next = await save.mutateAsync(input);
      setForm(formFromSettings(next));
      setResult(null);
      setTestError(null);
      setNotice("Saved.");
      router.refresh();
    } catch (error) {
      showErrors(errorsFromApi(error));
    }
  }

  async function onTest() {
    setResult(null);
    setTestError(null);
    const draft = dirty ? checkedInput() : null;
    if (dirty && !draft) return;
    try {
      setResult(await test.mutateAsync(draft));
    } catch (error) {
      const found = errorsFromApi(error);
      if (found._form) setTestError(found._form);
      else {
        showErrors(found);
        setTestError("Correct the settings above to test them.");
      }
    }
  }

  function discard() {
    setForm(formFromSettings(saved));
    setErrors({});
    setNotice(null);
    setResult(null);
    setTestError(null);
  }

  return (
    <>
      <Card
        title="API connection"
        description="Where this project's API calls go, and the key they carry. Keys are stored encrypted and never shown again."
      >
        <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
          {readOnly ? <Alert tone="info">This project is archived: its connection cannot be changed.</Alert> : null}
          {errors._form ? <Alert>{errors._form}</Alert> : null}
          <fieldset disabled={readOnly} className="flex min-w-0 flex-col gap-5">
            <KindPicker
              value={kind}
              onChange={(next) => {
                change({ kind: next });
                setErrors({});
              }}
            />
            {kind === "sandbox" ? (
              <p className="text-sm text-fg-muted">
                The sandbox needs no settings. Its models (sandbox-chat, sandbox-embed-small, …) answer deterministically, deriving their
                text from the input: good for trying Switchboard and for tests, never a real model's answer.
              </p>
            ) : (
              <div className="flex max-w-xl flex-col gap-4">
                <TextField
                  label="Base URL"
                  name="baseUrl"
                  inputMode="url"
                  autoComplete="off"
                  spellCheck={false}
                  value={form.baseUrls[kind]}
                  onChange={(event) => change({ baseUrls: { ...form.baseUrls, [kind]: event.target.value } })}
                  placeholder={BASE_URL_HELP[kind].placeholder}
                  hint={BASE_URL_HELP[kind].hint}
                  error={errors.baseUrl}
                  required={kind !== "openai"}
                />
                <StoredKeyField
                  label="API key"
                  stored={saved.kind === "sandbox" ? NO_KEY : saved.apiKey}
                  reusable={reusable}
                  removable={kind === "compatible"}
                  state={form.apiKey}
                  onChange={(apiKey) => change({ apiKey })}
                  error={errors.apiKey}
                  placeholder={kind === "azure" ? "The resource's key" : "sk-…"}
                  hint={kind === "compatible" ? "Leave empty if the server needs none (Ollama, for one)." : undefined}
                />
                {kind === "openai" ? (
                  <>
                    <TextField
                      label="Organization ID (optional)"
                      name="organization"
                      autoComplete="off"
                      value={form.organization}
                      onChange={(event) => change({ organization: event.target.value })}
                      placeholder="org-…"
                      hint="Sent as the OpenAI-Organization header."
                      error={errors.organization}
                    />
                    <TextField
                      label="Project ID (optional)"
                      name="openaiProject"
                      autoComplete="off"
                      value={form.openaiProject}
                      onChange={(event) => change({ openaiProject: event.target.value })}
                      placeholder="proj_…"
                      hint="Sent as the OpenAI-Project header."
                      error={errors.openaiProject}
                    />
                  </>
                ) : null}
                {kind === "azure" ? (
                  <>
                    <TextField
                      label="API version (optional)"
                      name="azureApiVersion"
                      autoComplete="off"
                      value={form.azureApiVersion}
                      onChange={(event) => change({ azureApiVersion: event.target.value })}
                      placeholder="2024-10-21"
                      hint="Sent as ?api-version=…; needed for …/openai URLs, optional for …/openai/v1."
                      error={errors.azureApiVersion}
                    />
                    <DeploymentsEditor
                      rows={form.deployments}
                      onChange={(deployments) => change({ deployments })}
                      errors={errors}
                      disabled={readOnly}
                    />
                  </>
                ) : null}
                {ADMIN_KEY_KINDS.includes(kind) ? (
                  <details
                    open={advancedOpen}
                    onToggle={(event) => setAdvancedOpen(event.currentTarget.open)}
                    className="rounded-md border border-border px-3 py-2"
                  >
                    <summary className="cursor-pointer text-sm font-medium">Advanced: admin key</summary>
                    <div className="mt-3 flex flex-col gap-2">
                      <p className="text-xs text-fg-muted">
                        An organization admin key (sk-admin-…) lets Switchboard read the organization's usage and costs and manage its
                        projects and keys. Optional; leave it out unless you need those pages.
                      </p>
                      <StoredKeyField
                        label="Admin key"
                        stored={saved.adminKey}
                        reusable={reusable}
                        removable
                        state={form.adminKey}
                        onChange={(adminKey) => change({ adminKey })}
                        error={errors.adminKey}
                        placeholder="sk-admin-…"
                      />
                    </div>
                  </details>
                ) : null}
              </div>
            )}
          </fieldset>
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" loading={save.isPending} disabled={readOnly}>
              Save connection
            </Button>
            {dirty && !readOnly ? (
              <Button variant="ghost" onClick={discard}>
                Discard changes
              </Button>
            ) : null}
            {notice ? (
              <p role="status" className="text-sm text-success">
                {notice}
              </p>
            ) : null}
          </div>
        </form>
      </Card>
      <TestCard
        onTest={onTest}
        testing={test.isPending}
        disabled={readOnly}
        draft={dirty}
        result={result}
        requestError={testError}
        stored={{ capabilities: saved.capabilities, testedAt: saved.testedAt }}
      />
    </>
  );
}
