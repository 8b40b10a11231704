"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { AddToDraftButton } from "@/components/batches/add-to-draft-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";
import { describeApiError, projectOpenAI } from "@/lib/client/openai";
import { fetchPrompt, usePrices } from "@/lib/client/playground-hooks";
import { useUpstreamModels } from "@/lib/client/upstream-hooks";
import type { UpstreamFailure } from "@/lib/playground/error-advice";
import { buildRequest } from "@/lib/playground/requests";
import { decodeSetup } from "@/lib/playground/setup-link";
import { readSetup } from "@/lib/playground/setup-schema";
import { canChain, emptySetup, newMessage, type PlaygroundMessage, type PlaygroundSetup, type ResponseChain } from "@/lib/playground/state";
import { AnswerView } from "./answer-view";
import { CodeView } from "./code-view";
import { CompareView } from "./compare-view";
import { ErrorNotice, failureOf } from "./error-notice";
import { FormatPanel, formatProblems } from "./format-panel";
import { ImageAttach } from "./image-attach";
import { MessageEditor } from "./message-editor";
import { type OpenPrompt, PromptsBar } from "./prompts-bar";
import { RawView } from "./raw-view";
import { emptyProgress, runTurn, type TurnProgress, type TurnResult } from "./run-turn";
import { SettingsPanel } from "./settings-panel";
import { functionProblems, ToolsPanel } from "./tools-panel";
import { costLabel, TurnStats } from "./turn-stats";

const EMBEDDING = /embed/i;
const VIEWS = ["Conversation", "Compare", "Raw", "Code"] as const;
type View = (typeof VIEWS)[number];

interface Stored {
  setup: PlaygroundSetup;
  draft: string;
  chain: ResponseChain | null;
  editCount: number;
  prompt: OpenPrompt | null;
}

const storageKey = (projectId: string) => `switchboard:playground:${projectId}`;

function readStored(projectId: string): Partial<Stored> | null {
  try {
    const raw = JSON.parse(localStorage.getItem(storageKey(projectId)) ?? "null");
    const setup = raw ? readSetup(raw.setup) : null;
    if (!setup) return null;
    return {
      setup,
      draft: typeof raw.draft === "string" ? raw.draft : "",
      chain: raw.chain ?? null,
      editCount: Number(raw.editCount) || 0,
      prompt: raw.prompt ?? null,
    };
  } catch {
    return null;
  }
}

export function Playground({ projectId, canRun }: { projectId: string; canRun: boolean }) {
  const models = useUpstreamModels(projectId);
  const [setup, setSetup] = useState<PlaygroundSetup>(() => emptySetup());
  const [draft, setDraft] = useState("");
  const [draftImages, setDraftImages] = useState<string[]>([]);
  const [editCount, setEditCount] = useState(0);
  const [chain, setChain] = useState<ResponseChain | null>(null);
  const [prompt, setPrompt] = useState<OpenPrompt | null>(null);
  const [restored, setRestored] = useState(false);
  const [running, setRunning] = useState(false);
  const [live, setLive] = useState<TurnProgress | null>(null);
  const [last, setLast] = useState<TurnResult | null>(null);
  const [failure, setFailure] = useState<UpstreamFailure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [view, setView] = useState<View>("Conversation");
  const abort = useRef<AbortController | null>(null);
  const pending = useRef<TurnProgress | null>(null);
  const frame = useRef<number | null>(null);

  const chatModels = (models.data ?? []).filter((m) => !EMBEDDING.test(m.id)).map((m) => m.id);
  const prices = usePrices(projectId, [setup.model]);

  const update = useCallback((change: Partial<PlaygroundSetup>) => setSetup((current) => ({ ...current, ...change })), []);

  const openPrompt = useCallback(
    async (promptId: string, version: number | null) => {
      try {
        const found = await fetchPrompt(projectId, promptId, version);
        const saved = readSetup(found.setup);
        if (!saved) throw new Error("This saved prompt is not a setup this page can open.");
        setSetup(saved);
        setChain(null);
        setLast(null);
        setFailure(null);
        setEditCount((count) => count + 1);
        const opened = { id: found.id, name: found.name, version: found.version };
        setPrompt(opened);
        window.history.replaceState(null, "", `?prompt=${encodeURIComponent(found.id)}&version=${found.version}`);
        setNotice(null);
      } catch (error) {
        setNotice(`The saved prompt did not open: ${describeApiError(error)}`);
      }
    },
    [projectId],
  );

  // The page's state survives a reload (localStorage, per project); a link with ?prompt= opens a
  // saved prompt, ?setup= a whole setup (a logged request), and ?tools=file_search&vector_store_ids=… or ?model=… adjust the setup.
  useEffect(() => {
    const stored = readStored(projectId);
    if (stored?.setup) {
      setSetup(stored.setup);
      setDraft(stored.draft ?? "");
      setChain(stored.chain ?? null);
      setEditCount(stored.editCount ?? 0);
      setPrompt(stored.prompt ?? null);
    }
    const query = new URLSearchParams(window.location.search);
    const promptId = query.get("prompt");
    if (promptId) void openPrompt(promptId, Number(query.get("version")) || null);
    // A logged request opened here ("open in playground"): its setup, as a new conversation.
    const linked = query.get("setup") ? decodeSetup(query.get("setup") ?? "") : null;
    if (linked) {
      setSetup(linked);
      setChain(null);
      setPrompt(null);
    }
    const model = query.get("model");
    if (model) setSetup((current) => ({ ...current, model }));
    if (query.get("tools")?.split(",").includes("file_search")) {
      const ids = (query.get("vector_store_ids") ?? "").split(",").filter(Boolean);
      setSetup((current) => ({
        ...current,
        api: "responses",
        tools: {
          ...current.tools,
          fileSearch: { enabled: true, vectorStoreIds: [...new Set([...current.tools.fileSearch.vectorStoreIds, ...ids])] },
        },
      }));
    }
    setRestored(true);
  }, [projectId, openPrompt]);

  useEffect(() => {
    if (!restored) return;
    const timer = setTimeout(() => {
      try {
        localStorage.setItem(storageKey(projectId), JSON.stringify({ setup, draft, chain, editCount, prompt } satisfies Stored));
      } catch {
        // Over the storage quota (large images): the page still works, it just won't survive a reload.
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [restored, projectId, setup, draft, chain, editCount, prompt]);

  useEffect(() => {
    if (restored && !setup.model && chatModels.length)
      update({ model: chatModels.includes("sandbox-chat") ? "sandbox-chat" : chatModels[0] });
  }, [restored, setup.model, chatModels, update]);

  // Deltas arrive faster than the screen refreshes: render at most once per frame.
  const showProgress = useCallback((progress: TurnProgress) => {
    pending.current = progress;
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setLive(pending.current);
    });
  }, []);

  /** Edits of messages the chained response already covers break the chain; later ones do not. */
  const editMessages = (next: PlaygroundMessage[], index: number) => {
    update({ messages: next });
    if (!chain || index < chain.messageCount) setEditCount((count) => count + 1);
  };

  const problems = [
    ...setup.tools.functions.flatMap((tool) =>
      functionProblems(
        tool,
        setup.tools.functions.filter((f) => f.id !== tool.id).map((f) => f.name),
      ).map((p) => `${tool.name || "A function"}: ${p}`),
    ),
    ...formatProblems(setup.format).map((p) => `Output format: ${p}`),
  ];
  const withDraft =
    draft.trim() || draftImages.length
      ? [...setup.messages, newMessage("user", draft, draftImages.length ? { images: draftImages } : {})]
      : setup.messages;

  const run = async () => {
    if (running || !setup.model) return;
    setNotice(null);
    if (problems.length) {
      setNotice(`Fix the setup first: ${problems[0]}`);
      return;
    }
    const conversation = withDraft;
    if (conversation.length === 0) {
      setNotice("Write a message first.");
      return;
    }
    const waiting = conversation.find((m) => m.role === "tool" && !m.content.trim());
    if (waiting) {
      setNotice(`Type what ${waiting.toolName} returned first.`);
      return;
    }
    const sent: PlaygroundSetup = { ...setup, messages: conversation };
    const keptDraft = { text: draft, images: draftImages };
    update({ messages: conversation });
    setDraft("");
    setDraftImages([]);
    setFailure(null);
    setRunning(true);
    setLive(emptyProgress());
    const controller = new AbortController();
    abort.current = controller;
    try {
      const result = await runTurn(projectOpenAI(projectId), sent, setup.api === "responses" ? chain : null, editCount, {
        signal: controller.signal,
        onProgress: showProgress,
      });
      setLast(result);
      if (result.text || result.toolCalls.length || result.status !== "stopped") {
        const answer = newMessage("assistant", result.text, {
          ...(result.toolCalls.length ? { toolCalls: result.toolCalls } : {}),
          ...(result.reasoning ? { reasoning: result.reasoning } : {}),
        });
        const answered = [...conversation, answer];
        // Each function call waits for its output, typed by the user, before the turn goes on.
        const outputs =
          result.status === "stopped"
            ? []
            : result.toolCalls.map((call) => newMessage("tool", "", { toolCallId: call.callId, toolName: call.name }));
        update({ messages: [...answered, ...outputs] });
        setChain(
          result.responseId && setup.api === "responses" && setup.params.store && result.status !== "stopped"
            ? { responseId: result.responseId, messageCount: answered.length, editCount }
            : null,
        );
      }
    } catch (error) {
      // Nothing typed is lost: the conversation is as it was and the message goes back in the box.
      update({ messages: setup.messages });
      setDraft(keptDraft.text);
      setDraftImages(keptDraft.images);
      setFailure(failureOf(error));
    } finally {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
      setLive(null);
      setRunning(false);
      abort.current = null;
    }
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && view === "Conversation") {
      event.preventDefault();
      void run();
    }
  };

  const nextRequest = buildRequest({ ...setup, messages: withDraft }, setup.api === "responses" ? chain : null, editCount);
  const continues =
    setup.api === "responses" && canChain({ ...setup, messages: [...setup.messages, newMessage("user", "x")] }, chain, editCount);
  const waitingTool = setup.messages.find((m) => m.role === "tool" && !m.content.trim());

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the shortcut works from any field of the page
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]" onKeyDown={onKeyDown}>
      <div className="flex min-w-0 flex-col gap-4">
        <PromptsBar
          projectId={projectId}
          setup={setup}
          current={prompt}
          canSave={canRun}
          onOpen={(id, version) => void openPrompt(id, version)}
          onSaved={(saved) => {
            setPrompt(saved);
            window.history.replaceState(null, "", `?prompt=${encodeURIComponent(saved.id)}&version=${saved.version}`);
          }}
        />
        {notice ? <Alert>{notice}</Alert> : null}
        <div className="flex flex-wrap items-end gap-3">
          <fieldset className="flex overflow-hidden rounded-md border border-border">
            <legend className="sr-only">API</legend>
            {(["responses", "chat"] as const).map((value) => (
              <label
                key={value}
                className="cursor-pointer px-3 py-1.5 text-sm has-[:checked]:bg-accent has-[:checked]:text-accent-fg has-[:focus-visible]:outline-2"
              >
                <input
                  type="radio"
                  name="api"
                  value={value}
                  checked={setup.api === value}
                  onChange={() => update({ api: value })}
                  className="sr-only"
                />
                {value === "responses" ? "Responses" : "Chat Completions"}
              </label>
            ))}
          </fieldset>
          <label className="flex flex-col gap-1 text-sm font-medium">
            Model
            <input
              aria-label="Model"
              list="playground-models"
              className={cn(inputClass, "w-64")}
              value={setup.model}
              placeholder={models.isPending ? "Loading models…" : "Search models"}
              onChange={(event) => update({ model: event.target.value })}
              onFocus={(event) => event.target.select()}
            />
            <datalist id="playground-models">
              {chatModels.map((id) => (
                <option key={id} value={id} />
              ))}
            </datalist>
          </label>
          <div className="ml-auto flex gap-2">
            <Button
              variant="secondary"
              onClick={() => {
                update({ messages: [] });
                setChain(null);
                setLast(null);
                setFailure(null);
                setNotice(null);
                setEditCount((c) => c + 1);
              }}
              disabled={running}
            >
              Clear
            </Button>
            {running ? (
              <Button variant="danger" onClick={() => abort.current?.abort()}>
                Stop
              </Button>
            ) : (
              <Button onClick={() => void run()} disabled={!canRun || !setup.model} title="Ctrl+Enter">
                Run
              </Button>
            )}
          </div>
        </div>
        {models.isError ? <Alert>The upstream did not list its models: {describeApiError(models.error)}</Alert> : null}
        {models.data && setup.model && !chatModels.includes(setup.model) ? (
          <p className="text-xs text-warning">This upstream does not list “{setup.model}”: the call may fail with “model not found”.</p>
        ) : null}
        <div role="tablist" aria-label="View" className="flex gap-1 border-b border-border">
          {VIEWS.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              aria-selected={view === name}
              className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${view === name ? "border-accent font-medium" : "border-transparent text-fg-muted hover:text-fg"}`}
              onClick={() => setView(name)}
            >
              {name}
            </button>
          ))}
        </div>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {setup.api === "responses" ? "Instructions" : "Developer message"}
          <textarea
            className={`${inputClass} h-auto min-h-16 py-2 font-normal`}
            value={setup.instructions}
            onChange={(event) => update({ instructions: event.target.value })}
            placeholder="You are a helpful assistant."
          />
        </label>
        {view === "Conversation" ? (
          <>
            <ol aria-label="Conversation" className="flex flex-col gap-3">
              {setup.messages.map((message, index) => (
                <MessageEditor
                  key={message.id}
                  message={message}
                  index={index}
                  count={setup.messages.length}
                  format={setup.format}
                  onChange={(next) =>
                    editMessages(
                      setup.messages.map((m) => (m.id === next.id ? next : m)),
                      index,
                    )
                  }
                  onDelete={() =>
                    editMessages(
                      setup.messages.filter((m) => m.id !== message.id),
                      index,
                    )
                  }
                  onMove={(offset) => {
                    const next = [...setup.messages];
                    const [moved] = next.splice(index, 1);
                    next.splice(index + offset, 0, moved);
                    editMessages(next, Math.min(index, index + offset));
                  }}
                />
              ))}
              {live ? (
                <li aria-label="Answer in progress" aria-busy="true" className="rounded-lg border border-accent/40 bg-surface p-3">
                  <p className="mb-1 text-xs font-medium uppercase tracking-wide text-fg-muted">assistant · writing…</p>
                  <AnswerView {...live} format={setup.format} final={false} />
                </li>
              ) : null}
            </ol>
            {failure ? <ErrorNotice failure={failure} /> : null}
            {last && !running ? <TurnStats result={last} cost={costLabel(last, prices.data?.get(setup.model), prices.isPending)} /> : null}
            <label className="flex flex-col gap-1 text-sm font-medium">
              Your message
              <textarea
                className={`${inputClass} h-auto min-h-24 py-2 font-normal`}
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
                placeholder={
                  waitingTool ? `Type the output of ${waitingTool.toolName} above, then run` : "Ask something… (Ctrl+Enter to run)"
                }
              />
            </label>
            <ImageAttach label="Your message" images={draftImages} onChange={setDraftImages} />
            <p className="text-xs text-fg-muted">
              {continues
                ? `The next turn continues response ${chain?.responseId} (previous_response_id).`
                : setup.api === "responses"
                  ? "The next turn sends the whole conversation."
                  : "Chat Completions sends the whole conversation every turn."}
              {canRun ? null : " Viewers can look but not run: ask a project admin for the member role."}
            </p>
          </>
        ) : null}
        {view === "Compare" ? (
          <CompareView projectId={projectId} setup={{ ...setup, messages: withDraft }} models={chatModels} canRun={canRun} />
        ) : null}
        {view === "Raw" ? <RawView next={nextRequest} last={last} /> : null}
        {view === "Code" ? (
          <>
            <CodeView api={setup.api} body={last?.request ?? nextRequest} fromLastTurn={!!last} />
            <div>
              <AddToDraftButton
                projectId={projectId}
                endpoint={setup.api === "responses" ? "/v1/responses" : "/v1/chat/completions"}
                body={setup.model ? ({ ...nextRequest, model: setup.model } as Record<string, unknown> & { model: string }) : null}
              />
            </div>
          </>
        ) : null}
        {problems.length ? (
          <div role="status" className="text-xs text-danger">
            Before running: {problems.slice(0, 3).join(" · ")}
          </div>
        ) : null}
      </div>
      <aside className="flex flex-col gap-6">
        <SettingsPanel api={setup.api} model={setup.model} params={setup.params} onChange={(params) => update({ params })} />
        <ToolsPanel projectId={projectId} api={setup.api} tools={setup.tools} onChange={(tools) => update({ tools })} />
        <FormatPanel format={setup.format} onChange={(format) => update({ format })} />
      </aside>
    </div>
  );
}
