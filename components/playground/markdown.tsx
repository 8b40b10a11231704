"use client";

import { Fragment, memo, type ReactNode, useState } from "react";
import renderMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { highlight, splitBlocks, splitParagraph, type TokenKind } from "@/lib/playground/highlight";

// Model output is untrusted. react-markdown never renders raw HTML (it shows it as text) and drops
// javascript: and other unsafe URLs; on top of that, images are not fetched until the reader asks,
// so text a prompt injection planted cannot leak data through an image URL.

function BlockedImage({ src, alt }: { src?: string | Blob; alt?: string }) {
  const [shown, setShown] = useState(false);
  const url = typeof src === "string" ? src : "";
  let host = "";
  try {
    host = new URL(url).host;
  } catch {
    host = "";
  }
  if (!url) return null;
  // next/image would proxy and cache the remote image through our server: not for untrusted output.
  // biome-ignore lint/performance/noImgElement: see above
  if (shown) return <img src={url} alt={alt ?? ""} className="max-w-full rounded" referrerPolicy="no-referrer" />;
  return (
    <button
      type="button"
      onClick={() => setShown(true)}
      className="my-1 inline-flex items-center gap-2 rounded border border-dashed border-border px-2 py-1 text-xs text-fg-muted hover:bg-surface-2"
    >
      Image{alt ? ` “${alt}”` : ""} from {host || "an unknown address"} — not loaded. Load it
    </button>
  );
}

const TOKEN_CLASS: Record<TokenKind, string | undefined> = {
  comment: "text-fg-muted italic",
  string: "text-success",
  number: "text-warning",
  keyword: "text-accent font-semibold",
  plain: undefined,
};

function CodeBlock({ children }: { children: React.ReactNode }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="group relative my-2">
      <pre className="overflow-x-auto rounded-md bg-surface-2 p-3 text-[13px] leading-relaxed">{children}</pre>
      <button
        type="button"
        className="absolute right-2 top-2 rounded border border-border bg-surface px-1.5 py-0.5 text-xs opacity-70 hover:opacity-100 focus-visible:opacity-100"
        onClick={(event) => {
          const text = event.currentTarget.parentElement?.querySelector("pre")?.textContent ?? "";
          void navigator.clipboard?.writeText(text).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          });
        }}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}

const components: Components = {
  img: ({ src, alt }) => <BlockedImage src={src} alt={alt} />,
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-accent underline">
      {children}
    </a>
  ),
  pre: ({ children }) => <CodeBlock>{children}</CodeBlock>,
  code: ({ className, children }) => {
    const language = /language-([\w+-]+)/.exec(className ?? "")?.[1];
    if (!language || typeof children !== "string") return <code className={className}>{children}</code>;
    return (
      <code className={className} data-language={language}>
        {highlight(children, language).map((token, i) =>
          token.kind === "plain" ? (
            token.text
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: tokens of one string, in order
            <span key={i} className={TOKEN_CLASS[token.kind]}>
              {token.text}
            </span>
          ),
        )}
      </code>
    );
  },
};

// Pieces of one paragraph render inside a single <p>.
const inlineComponents: Components = { ...components, p: ({ children }) => <Fragment>{children}</Fragment> };
const plugins = [remarkGfm];

// Parsed Markdown by source text, shared by every view: the answer streaming in and the message it
// becomes are the same text, so finishing a turn does not parse a long answer again.
const parsed = new Map<string, ReactNode>();
const PARSED_LIMIT = 2000;

function rendered(text: string, inline: boolean): ReactNode {
  const key = `${inline ? "i" : "b"}\u0000${text}`;
  let node = parsed.get(key);
  if (node === undefined) {
    node = renderMarkdown({ children: text, remarkPlugins: plugins, components: inline ? inlineComponents : components });
    if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value as string);
    parsed.set(key, node);
  }
  return node;
}

function Block({ text }: { text: string }) {
  const pieces = splitParagraph(text);
  if (pieces.length === 1) return <>{rendered(text, false)}</>;
  return (
    <p>
      {pieces.map((piece, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: pieces only grow at the end while streaming
        <Fragment key={i}>{rendered(piece, true)}</Fragment>
      ))}
    </p>
  );
}

/**
 * Markdown rendered a block (and a long paragraph a few sentences) at a time: while an answer
 * streams, only its last piece is parsed again.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const blocks = splitBlocks(text);
  return (
    <div className="markdown flex flex-col gap-2 text-sm leading-relaxed [&_code]:font-mono [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5">
      {blocks.map((block, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blocks only grow at the end while streaming
        <Block key={i} text={block} />
      ))}
    </div>
  );
});
