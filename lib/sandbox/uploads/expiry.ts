import "server-only";
import { registerSandboxWorker } from "../workers";
import { sweepExpiredUploads } from "./store";

// A pending upload past its hour already answers as expired; this worker marks it so and frees
// its parts' blobs.
registerSandboxWorker({
  everyMs: 60_000,
  name: "uploads-expiry",
  tick: async () => (await sweepExpiredUploads()) > 0,
});
