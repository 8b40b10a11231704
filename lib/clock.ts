// The clock as Node provides it. Once its server starts, Next.js replaces the global Date with a
// wrapper that looks up its async context on every call (to notice clock reads in prerenders);
// the gateway and the console proxy read the clock several times per call, and the wrapper was a
// few per cent of a gateway call's CPU. Captured when this module is first evaluated: in the
// server bundle that npm start runs, before Next.js starts. In Next.js's own bundle this module may
// capture the wrapper, which gives the same answers, only slower.
const RealDate = Date;
const realNow = Date.now;

/** Milliseconds since the epoch, as Date.now(). */
export function nowMs(): number {
  return realNow();
}

/** A Date for now, or for a given epoch time. */
export function dateAt(ms: number = realNow()): Date {
  return new RealDate(ms);
}
