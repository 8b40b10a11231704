// What to do about an upstream error, in the words of someone who knows the API. The upstream's
// own message is shown as it is; this adds the next step.

export interface UpstreamFailure {
  status: number | null;
  code: string | null;
  param: string | null;
  message: string;
}

export function adviceFor(failure: UpstreamFailure): string {
  const { status, code, message } = failure;
  if (code === "context_length_exceeded" || /context length|maximum context|too many tokens/i.test(message)) {
    return "The conversation is longer than the model can read: delete or shorten earlier messages, lower max output tokens, or pick a model with a larger context window.";
  }
  if (status === 429 || code === "rate_limit_exceeded") {
    return /quota|billing/i.test(message)
      ? "The upstream account is out of quota: a project admin needs to check its billing or limits."
      : "The upstream is rate limiting this project: wait a moment and run again. Your messages are kept.";
  }
  if (code === "model_not_found" || (status === 404 && /model/i.test(message))) {
    return "This upstream does not serve that model, or this key may not use it: pick another model from the list.";
  }
  if (code === "content_policy_violation" || code === "content_filter" || /safety|content policy|flagged/i.test(message)) {
    return "The upstream refused the content: rephrase the messages or instructions and run again.";
  }
  if (status === 401 || status === 403) {
    return "The upstream refused this project's key: a project admin can check the connection in the project settings.";
  }
  if (status === 400) {
    return failure.param
      ? `Change "${failure.param}" and run again (the model or API may not take it).`
      : "The upstream refused a setting of this turn: change it and run again.";
  }
  if (status !== null && status >= 500) return "The upstream failed on its side: run again in a moment.";
  if (status === null) return "The connection to the upstream broke: check that it is reachable and run again.";
  return "Change the setup and run again.";
}
