import {
  ADMIN_KEY_KINDS,
  type ConnectionInputDraft,
  type ConnectionSettings,
  OPENAI_DEFAULT_BASE_URL,
  type UpstreamKindName,
} from "@/lib/connection/schema";

// The form's state, and the request body it stands for. Each kind remembers its own base URL, so
// trying another kind and coming back does not lose what was typed.

export interface DeploymentRowState {
  id: number;
  model: string;
  deployment: string;
}

export interface KeyState {
  /** What was typed; empty keeps the stored key (when it may be kept). */
  value: string;
  /** The person chose "Replace": show an input instead of the masked key. */
  replacing: boolean;
  /** The person chose "Remove": the stored key goes when the form is saved. */
  removing: boolean;
}

export interface ConnectionFormState {
  kind: UpstreamKindName;
  baseUrls: Record<UpstreamKindName, string>;
  apiKey: KeyState;
  adminKey: KeyState;
  organization: string;
  openaiProject: string;
  azureApiVersion: string;
  deployments: DeploymentRowState[];
}

const EMPTY_KEY: KeyState = { value: "", replacing: false, removing: false };
let rowIds = 0;

export function newDeploymentRow(model = "", deployment = ""): DeploymentRowState {
  rowIds += 1;
  return { id: rowIds, model, deployment };
}

export function formFromSettings(settings: ConnectionSettings): ConnectionFormState {
  const baseUrls: Record<UpstreamKindName, string> = { sandbox: "", openai: "", azure: "", compatible: "" };
  if (settings.baseUrl && !(settings.kind === "openai" && settings.baseUrl === OPENAI_DEFAULT_BASE_URL)) {
    baseUrls[settings.kind] = settings.baseUrl;
  }
  return {
    kind: settings.kind,
    baseUrls,
    apiKey: EMPTY_KEY,
    adminKey: EMPTY_KEY,
    organization: settings.organization ?? "",
    openaiProject: settings.openaiProject ?? "",
    azureApiVersion: settings.azureApiVersion ?? "",
    deployments: settings.azureDeployments.map((row) => newDeploymentRow(row.model, row.deployment)),
  };
}

/** The request body for PUT (and for testing a draft): only what the chosen kind uses. */
export function inputFromForm(form: ConnectionFormState): ConnectionInputDraft {
  const kind = form.kind;
  if (kind === "sandbox") return { kind };
  const input: ConnectionInputDraft = { kind, baseUrl: form.baseUrls[kind].trim() };
  if (form.apiKey.value.trim()) input.apiKey = form.apiKey.value.trim();
  else if (form.apiKey.removing) input.removeApiKey = true;
  if (kind === "openai") {
    input.organization = form.organization.trim();
    input.openaiProject = form.openaiProject.trim();
  }
  if (kind === "azure") {
    input.azureApiVersion = form.azureApiVersion.trim();
    input.azureDeployments = form.deployments
      .filter((row) => row.model.trim() || row.deployment.trim())
      .map((row) => ({ model: row.model.trim(), deployment: row.deployment.trim() }));
  }
  if (ADMIN_KEY_KINDS.includes(kind)) {
    if (form.adminKey.value.trim()) input.adminKey = form.adminKey.value.trim();
    else if (form.adminKey.removing) input.removeAdminKey = true;
  }
  return input;
}

function originOf(kind: UpstreamKindName, baseUrl: string | null): string | null {
  if (kind === "sandbox") return "sandbox";
  try {
    return new URL(baseUrl || (kind === "openai" ? OPENAI_DEFAULT_BASE_URL : "")).origin;
  } catch {
    return null;
  }
}

/** Whether saving would keep the stored keys: the same kind and the same scheme, host and port. */
export function keepsStoredKeys(form: ConnectionFormState, saved: ConnectionSettings): boolean {
  if (form.kind !== saved.kind) return false;
  const origin = originOf(form.kind, form.baseUrls[form.kind].trim());
  return origin !== null && origin === originOf(saved.kind, saved.baseUrl);
}

export function isDirty(form: ConnectionFormState, saved: ConnectionSettings): boolean {
  const current = inputFromForm(form);
  const stored = inputFromForm(formFromSettings(saved));
  const normalise = (input: ConnectionInputDraft) =>
    JSON.stringify({ ...input, baseUrl: input.kind === "openai" && input.baseUrl === OPENAI_DEFAULT_BASE_URL ? "" : input.baseUrl });
  return normalise(current) !== normalise(stored);
}
