"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { describeApiError, projectOpenAI } from "@/lib/client/openai";
import { useUpstreamModels } from "@/lib/client/upstream-hooks";
import {
  canChain,
  DEFAULT_PARAMS,
  newMessage,
  type PlaygroundApi,
  type PlaygroundMessage,
  type PlaygroundSetup,
  type ResponseChain,
} from "@/lib/playground/state";
import { Markdown } from "./markdown";
import { MessageEditor } from "./message-editor";
import { runTurn, type TurnProgress, type TurnResult } from "./run-turn";
import { SettingsPanel } from "./settings-panel";
import { TurnStats } from "./turn-stats";

const EMBEDDING = /embed/i;

export function Playground({ projectId, canRun }: { projectId: string; canRun: boolean }) {
  const models = useUpstreamModels(projectId);
  const [api, setApi] = useState<PlaygroundApi>("responses");
  const [model, setModel] = useState("");
  const [instructions, setInstructions] = useState("");
  const [messages, setMessages] = useState<PlaygroundMessage[]>([]);
  const [draft, setDraft] = useState("");
  const [params, setParams] = useState(DEFAULT_PARAMS);
  const [editCount, setEditCount] = useState(0);
  const [chain, setChain] = useState<ResponseChain | null>(null);
  const [running, setRunning] = useState(false);
  const [live, setLive] = useState<TurnProgress | null>(null);
  const [last, setLast] = useState<TurnResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const pending = useRef<TurnProgress | null>(null);
  const frame = useRef<number | null>(null);

  const chatModels = (models.data ?? []).filter((m) => !EMBEDDING.test(m.id));
  useEffect(() => {
    if (!model && chatModels.length) setModel(chatModels.find((m) => m.id === "sandbox-chat")?.id ?? chatModels[0].id);
  }, [model, chatModels]);

  // Deltas arrive faster than the screen refreshes: render at most once per frame.
  const showProgress = useCallback((progress: TurnProgress) => {
    pending.current = progress;
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setLive(pending.current);
    });
  }, []);

  const editMessages = (next: PlaygroundMessage[]) => {
    setMessages(next);
    setEditCount((count) => count + 1);
  };

  const run = async () => {
    if (running || !model) return;
    const conversation = draft.trim() ? [...messages, newMessage("user", draft)] : messages;
    if (conversation.length === 0) {
      setError("Write a message first.");
      return;
    }
    const setup: PlaygroundSetup = { api, model, instructions, messages: conversation, params };
    setMessages(conversation);
    setDraft("");
    setError(null);
    setRunning(true);
    setLive({ text: "", reasoning: "" });
    const controller = new AbortController();
    abort.current = controller;
    try {
      const result = await runTurn(projectOpenAI(projectId), setup, api === "responses" ? chain : null, editCount, {
        signal: controller.signal,
        onProgress: showProgress,
      });
      setLast(result);
      if (result.text || result.status !== "stopped") {
        const answered = [...conversation, newMessage("assistant", result.text)];
        setMessages(answered);
        setChain(
          result.responseId && params.store && result.status !== "stopped"
            ? { responseId: result.responseId, messageCount: answered.length, editCount }
            : null,
        );
      }
    } catch (failure) {
      // The conversation stays as it was sent, so nothing typed is lost.
      setError(describeApiError(failure));
    } finally {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
      setLive(null);
      setRunning(false);
      abort.current = null;
    }
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void run();
    }
  };

  const setup: PlaygroundSetup = { api, model, instructions, messages, params };
  const continues = api === "responses" && canChain({ ...setup, messages: [...messages, newMessage("user", "x")] }, chain, editCount);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the shortcut works from any field of the page
    <div className="grid gap-6 lg:grid-cols-[1fr_16rem]" onKeyDown={onKeyDown}>
      <div className="flex min-w-0 flex-col gap-4">
        <div className="flex flex-wrap items-end gap-3">
          <fieldset className="flex overflow-hidden rounded-md border border-border">
            <legend className="sr-only">API</legend>
            {(["responses", "chat"] as const).map((value) => (
              <label
                key={value}
                className={`cursor-pointer px-3 py-1.5 text-sm has-[:checked]:bg-accent has-[:checked]:text-accent-fg has-[:focus-visible]:outline-2`}
              >
                <input type="radio" name="api" value={value} checked={api === value} onChange={() => setApi(value)} className="sr-only" />
                {value === "responses" ? "Responses" : "Chat Completions"}
              </label>
            ))}
          </fieldset>
          <label className="flex flex-col gap-1 text-sm font-medium">
            Model
            <select
              aria-label="Model"
              className={`${inputClass} w-64`}
              value={model}
              onChange={(event) => setModel(event.target.value)}
              disabled={!models.data}
            >
              {models.isPending ? <option>Loading models…</option> : null}
              {chatModels.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.id}
                </option>
              ))}
            </select>
          </label>
          <div className="ml-auto flex gap-2">
            <Button
              variant="secondary"
              onClick={() => {
                setMessages([]);
                setChain(null);
                setLast(null);
                setError(null);
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
              <Button onClick={() => void run()} disabled={!canRun || !model} title="Ctrl+Enter">
                Run
              </Button>
            )}
          </div>
        </div>
        {models.isError ? <Alert>The upstream did not list its models: {describeApiError(models.error)}</Alert> : null}
        <label className="flex flex-col gap-1 text-sm font-medium">
          {api === "responses" ? "Instructions" : "Developer message"}
          <textarea
            className={`${inputClass} h-auto min-h-16 py-2 font-normal`}
            value={instructions}
            onChange={(event) => setInstructions(event.target.value)}
            placeholder="You are a helpful assistant."
          />
        </label>
        <ol aria-label="Conversation" className="flex flex-col gap-3">
          {messages.map((message, index) => (
            <MessageEditor
              key={message.id}
              message={message}
              index={index}
              count={messages.length}
              onChange={(next) => editMessages(messages.map((m) => (m.id === next.id ? next : m)))}
              onDelete={() => editMessages(messages.filter((m) => m.id !== message.id))}
              onMove={(offset) => {
                const next = [...messages];
                const [moved] = next.splice(index, 1);
                next.splice(index + offset, 0, moved);
                editMessages(next);
              }}
            />
          ))}
          {live ? (
            <li aria-label="Answer in progress" aria-busy="true" className="rounded-lg border border-accent/40 bg-surface p-3">
              <p className="mb-1 text-xs font-medium uppercase tracking-wide text-fg-muted">assistant · writing…</p>
              {live.reasoning ? (
                <details className="mb-2 text-xs text-fg-muted">
                  <summary>Reasoning</summary>
                  <p className="whitespace-pre-wrap">{live.reasoning}</p>
                </details>
              ) : null}
              <Markdown text={live.text} />
            </li>
          ) : null}
        </ol>
        {error ? <Alert>{error}</Alert> : null}
        {last && !running ? <TurnStats result={last} /> : null}
        <label className="flex flex-col gap-1 text-sm font-medium">
          Your message
          <textarea
            className={`${inputClass} h-auto min-h-24 py-2 font-normal`}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            placeholder="Ask something… (Ctrl+Enter to run)"
          />
        </label>
        <p className="text-xs text-fg-muted">
          {continues
            ? `The next turn continues response ${chain?.responseId} (previous_response_id).`
            : api === "responses"
              ? "The next turn sends the whole conversation."
              : "Chat Completions sends the whole conversation every turn."}
          {canRun ? null : " Viewers can look but not run: ask a project admin for the member role."}
        </p>
      </div>
      <aside className="flex flex-col gap-6">
        <SettingsPanel api={api} params={params} onChange={setParams} />
      </aside>
    </div>
  );
}
