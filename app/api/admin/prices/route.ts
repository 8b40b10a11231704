// /api/admin/prices: the price table with its history and the unpriced models; admins add a price row.

import { readJson } from "@/lib/http/body";
import { json, withUser } from "@/lib/http/handler";
import { addPrice, listPrices } from "@/lib/usage/prices";
import { priceInput } from "@/lib/usage/schema";

export const dynamic = "force-dynamic";

export const GET = withUser(async () => listPrices(), { permission: "instance.prices.manage" });

export const POST = withUser(
  async ({ request, user, meta }) => json(await addPrice(user, await readJson(request, priceInput), meta), 201),
  {
    permission: "instance.prices.manage",
  },
);
