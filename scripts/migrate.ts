// `npm run db:migrate`: apply pending migrations to the configured database and exit. The app
// also does this at start; this is for deployments that migrate as a separate step.
import { closeDatabase, getDatabase } from "@/lib/db/client";

const database = await getDatabase();
console.log(`Migrations applied (${database.kind}).`);
await closeDatabase();
