import "server-only";
import { db } from "@/lib/db/client";

// How a project API key is named in usage views and logs: its name and last four characters. A
// key deleted since (or an id from elsewhere) is shown by a short form of its id.
export async function apiKeyLabels(ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter(Boolean))];
  const labels = new Map<string, string>();
  if (!wanted.length) return labels;
  const prisma = await db();
  const keys = await prisma.apiKey.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, lastFour: true } });
  const byId = new Map(keys.map((key) => [key.id, `${key.name} (…${key.lastFour})`]));
  for (const id of wanted) labels.set(id, byId.get(id) ?? `key …${id.slice(-6)}`);
  return labels;
}
