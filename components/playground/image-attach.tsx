"use client";

import { useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";

// Images for a user message: a file becomes a data: URL (sent inline, nothing uploaded anywhere
// else), or an https: URL the upstream fetches itself.

const MAX_IMAGE_BYTES = 4 * 1024 * 1024;

export function ImageAttach({ images, onChange, label }: { images: string[]; onChange: (images: string[]) => void; label: string }) {
  const file = useRef<HTMLInputElement>(null);
  const [url, setUrl] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const addFiles = async (files: FileList | null) => {
    setProblem(null);
    const added: string[] = [];
    for (const f of Array.from(files ?? [])) {
      if (!f.type.startsWith("image/")) {
        setProblem(`${f.name} is not an image.`);
        continue;
      }
      if (f.size > MAX_IMAGE_BYTES) {
        setProblem(`${f.name} is over 4 MB: use a smaller image or a URL.`);
        continue;
      }
      added.push(
        await new Promise<string>((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(String(reader.result));
          reader.onerror = () => reject(reader.error);
          reader.readAsDataURL(f);
        }),
      );
    }
    if (added.length) onChange([...images, ...added]);
  };

  const addUrl = () => {
    const value = url.trim();
    if (!/^https?:\/\/\S+$/.test(value)) {
      setProblem("Give an http(s) address of an image.");
      return;
    }
    setProblem(null);
    onChange([...images, value]);
    setUrl("");
  };

  return (
    <div className="flex flex-col gap-1.5">
      {images.length ? (
        <ul aria-label={`${label} images`} className="flex flex-wrap gap-2">
          {images.map((image, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same image may be attached twice
            <li key={`${i}-${image.slice(-16)}`} className="relative">
              {image.startsWith("data:") ? (
                // biome-ignore lint/performance/noImgElement: a data: URL the user attached, shown as is
                <img src={image} alt={`Attachment ${i + 1}`} className="h-16 w-16 rounded border border-border object-cover" />
              ) : (
                <span className="flex h-16 max-w-40 items-center truncate rounded border border-border px-2 text-xs" title={image}>
                  {image}
                </span>
              )}
              <button
                type="button"
                className="absolute -right-1.5 -top-1.5 rounded-full border border-border bg-surface px-1 text-xs"
                aria-label={`Remove image ${i + 1}`}
                onClick={() => onChange(images.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <button type="button" className="rounded border border-border px-2 py-1 hover:bg-surface-2" onClick={() => file.current?.click()}>
          Attach image
        </button>
        <input
          ref={file}
          type="file"
          accept="image/*"
          multiple
          className="sr-only"
          aria-label={`${label}: image file`}
          tabIndex={-1}
          onChange={(event) => {
            void addFiles(event.target.files);
            event.target.value = "";
          }}
        />
        <input
          aria-label={`${label}: image URL`}
          className={cn(inputClass, "h-7 w-56 text-xs")}
          placeholder="or an image URL"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
              event.preventDefault();
              addUrl();
            }
          }}
        />
        {url ? (
          <button type="button" className="rounded border border-border px-2 py-1 hover:bg-surface-2" onClick={addUrl}>
            Add
          </button>
        ) : null}
      </div>
      {problem ? <p className="text-xs text-danger">{problem}</p> : null}
    </div>
  );
}
