import "server-only";
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function base62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  for (let i = 0; out.length < length; i++) {
    const byte = bytes[i % bytes.length];
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

// Identifiers shaped like the real API's, so clients that sniff prefixes behave the same.
export const newId = {
  file: () => `file-${base62(22)}`,
  upload: () => `upload_${base62(24)}`,
  part: () => `part_${base62(24)}`,
  response: () => `resp_${randomBytes(24).toString("hex")}`,
  message: () => `msg_${randomBytes(24).toString("hex")}`,
  reasoning: () => `rs_${randomBytes(24).toString("hex")}`,
  functionCall: () => `fc_${randomBytes(24).toString("hex")}`,
  callId: () => `call_${base62(24)}`,
  fileSearchCall: () => `fs_${randomBytes(24).toString("hex")}`,
  chatCompletion: () => `chatcmpl-${base62(29)}`,
  vectorStore: () => `vs_${base62(24)}`,
  fileBatch: () => `vsfb_${base62(24)}`,
  batch: () => `batch_${randomBytes(16).toString("hex")}`,
  batchRequest: () => `batch_req_${randomBytes(16).toString("hex")}`,
  fineTuningJob: () => `ftjob-${base62(24)}`,
  fineTuningEvent: () => `ftevent-${base62(24)}`,
  fineTuningCheckpoint: () => `ftckpt_${base62(24)}`,
  /** The last part of a fine-tuned model's name: `ft:<base>:<org>:<suffix>:<this>`. */
  fineTunedModel: () => base62(8),
  request: () => `req_${randomBytes(16).toString("hex")}`,
  apiKey: () => `sk-sandbox-${base62(40)}`,
  adminKey: () => `sk-sandbox-admin-${base62(40)}`,
  keyId: () => `key_${base62(16)}`,
  project: () => `proj_${base62(24)}`,
  serviceAccount: () => `svc_acct_${base62(24)}`,
  orgUser: () => `user-${base62(24)}`,
  spendAlert: () => `alert_${base62(24)}`,
};

export function unixSeconds(date: Date = new Date()): number {
  return Math.floor(date.getTime() / 1000);
}
