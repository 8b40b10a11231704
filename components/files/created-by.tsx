"use client";

import type { CreatorInfo } from "@/lib/client/creators";

/** "Created by" of an upstream object: a person, a project API key, or made outside Switchboard. */
export function CreatedBy({ creator, loading }: { creator: CreatorInfo | undefined; loading?: boolean }) {
  if (loading) return <span className="text-fg-muted">…</span>;
  if (!creator)
    return (
      <span className="text-fg-muted" title="Created outside Switchboard (or before it kept track)">
        —
      </span>
    );
  if (creator.createdBy) return <span>{creator.createdBy.name}</span>;
  if (creator.apiKeyId) return <span className="text-fg-muted">an API key</span>;
  return (
    <span className="text-fg-muted" title="The person who created it has been removed">
      a former member
    </span>
  );
}
