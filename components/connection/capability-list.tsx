import { Badge } from "@/components/ui/badge";
import { CAPABILITIES, CAPABILITY_LABELS, type Capabilities, type CapabilityStatus } from "@/lib/connection/capabilities";

const STATUS: Record<CapabilityStatus, { tone: "success" | "neutral" | "warning"; text: string }> = {
  available: { tone: "success", text: "available" },
  missing: { tone: "neutral", text: "not offered by this upstream" },
  unknown: { tone: "warning", text: "unknown" },
};

/** What the upstream answers, one badge per area. */
export function CapabilityList({ capabilities }: { capabilities: Capabilities }) {
  return (
    <ul aria-label="Capabilities" className="grid max-w-2xl gap-x-10 gap-y-1.5 sm:grid-cols-2">
      {CAPABILITIES.map((capability) => (
        <li key={capability} className="flex items-center justify-between gap-3 text-sm">
          <span>{CAPABILITY_LABELS[capability]}</span>
          <Badge tone={STATUS[capabilities[capability]].tone}>{STATUS[capabilities[capability]].text}</Badge>
        </li>
      ))}
    </ul>
  );
}
