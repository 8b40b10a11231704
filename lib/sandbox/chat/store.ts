import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { invalidRequest, notFound } from "../errors";
import { type ListParams, listPage, pageQuery } from "../pagination";
import type { ChatRequest } from "./request";

// Stored chat completions (SandboxChatCompletion): the completion as returned, the request's
// messages (for /messages) and the metadata the list filters on.

type Body = Record<string, unknown> & { id: string };

const json = (value: unknown) => value as Prisma.InputJsonValue;

export async function storeCompletion(project: string, body: Body, request: ChatRequest): Promise<void> {
  const prisma = await db();
  const messages = request.messages.stored.map((message, i) => ({ id: `${body.id}-${i}`, ...message }));
  await prisma.sandboxChatCompletion.create({
    data: {
      id: body.id,
      project,
      model: request.modelName,
      body: json(body),
      messages: json(messages),
      metadata: request.metadata ? json(request.metadata) : undefined,
      // The real time, not the body's whole seconds: completions made in one second list in order.
      createdAt: new Date(),
    },
  });
}

export function completionNotFound(id: string) {
  return notFound(`Chat completion with id '${id}' not found.`, "completion_id");
}

/** A stored completion of `project`; another project's is not found. */
export async function requireCompletion(project: string, id: string) {
  const prisma = await db();
  const row = await prisma.sandboxChatCompletion.findUnique({ where: { id } });
  if (!row || row.project !== project) throw completionNotFound(id);
  return { body: row.body as Body, messages: row.messages as { id: string }[] };
}

export async function listCompletions(project: string, params: ListParams, filters: { model?: string; metadata: [string, string][] }) {
  const prisma = await db();
  const cursorId = params.after ?? params.before;
  const cursor = cursorId
    ? await prisma.sandboxChatCompletion.findFirst({ where: { id: cursorId, project }, select: { id: true, createdAt: true } })
    : null;
  if (cursorId && !cursor)
    throw invalidRequest(
      `Invalid '${params.after ? "after" : "before"}': no chat completion with id '${cursorId}'.`,
      params.after ? "after" : "before",
      "invalid_value",
    );
  const page = pageQuery(params, cursor);
  const where = {
    AND: [
      { project },
      page.where,
      ...(filters.model ? [{ model: filters.model }] : []),
      ...filters.metadata.map(([key, value]) => ({ metadata: { path: [key], equals: value } })),
    ],
  };
  const rows = await prisma.sandboxChatCompletion.findMany({
    where,
    orderBy: [...page.orderBy],
    take: page.take,
    select: { id: true, body: true },
  });
  const listed = listPage(rows, params, page.reverse);
  return { ...listed, data: listed.data.map((row) => row.body) };
}

export async function updateCompletionMetadata(project: string, id: string, metadata: Record<string, string>) {
  const { body } = await requireCompletion(project, id);
  const updated = { ...body, metadata };
  const prisma = await db();
  await prisma.sandboxChatCompletion.update({ where: { id }, data: { body: json(updated), metadata: json(metadata) } });
  return updated;
}

export async function deleteCompletion(project: string, id: string): Promise<void> {
  const prisma = await db();
  const { count } = await prisma.sandboxChatCompletion.deleteMany({ where: { id, project } });
  if (!count) throw completionNotFound(id);
}
