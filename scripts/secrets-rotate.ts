// `npm run secrets:rotate`: re-encrypts every stored secret (upstream API and admin keys) from the
// previous server secret to the new one. Stop Switchboard first (the embedded database admits one
// process at a time, and a running server keeps the secret it started with). Either
//   SWITCHBOARD_PREVIOUS_SECRET=<old> SWITCHBOARD_SECRET=<new> npm run secrets:rotate
// or, for the secret generated into the data directory,
//   npm run secrets:rotate -- --generate

import { RotationError, rotateServerSecret } from "@/lib/crypto/secret-rotation";
import { closeDatabase } from "@/lib/db/client";

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== "--generate");
if (unknown.length > 0) {
  console.error(`Unknown argument ${unknown[0]}. Usage: npm run secrets:rotate [-- --generate]`);
  process.exit(2);
}

try {
  const outcome = await rotateServerSecret({ generate: args.includes("--generate") }, (line) => console.log(line));
  console.log(
    outcome.reencrypted > 0
      ? `Re-encrypted ${outcome.reencrypted} stored secret(s) with the new server secret (${outcome.alreadyCurrent} already were).`
      : `Nothing to re-encrypt: all ${outcome.alreadyCurrent} stored secret(s) are already sealed with the new server secret.`,
  );
  for (const line of outcome.next) console.log(line);
} catch (error) {
  console.error(error instanceof RotationError || error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
