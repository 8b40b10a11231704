import Link from "next/link";
import type { FineTuningJobCheckpoint } from "openai/resources/fine-tuning/jobs/checkpoints";
import { Table, Td, Th } from "@/components/ui/table";
import { playgroundHref } from "@/lib/fine-tuning/display";

const metric = (value: number | undefined, percent = false) =>
  value === undefined ? "—" : percent ? `${(value * 100).toFixed(1)}%` : value.toFixed(3);

export function CheckpointsTable({ projectId, checkpoints }: { projectId: string; checkpoints: readonly FineTuningJobCheckpoint[] }) {
  if (!checkpoints.length) return <p className="text-sm text-fg-muted">A checkpoint is saved at the end of each epoch.</p>;
  return (
    <Table label="Checkpoints">
      <thead>
        <tr>
          <Th>Step</Th>
          <Th>Checkpoint model</Th>
          <Th className="whitespace-nowrap">Train loss</Th>
          <Th className="whitespace-nowrap">Valid loss</Th>
          <Th className="whitespace-nowrap">Full valid loss</Th>
          <Th className="whitespace-nowrap">Train accuracy</Th>
          <Th />
        </tr>
      </thead>
      <tbody>
        {checkpoints.map((checkpoint) => (
          <tr key={checkpoint.id}>
            <Td>{checkpoint.step_number}</Td>
            <Td className="font-mono text-xs break-all">{checkpoint.fine_tuned_model_checkpoint}</Td>
            <Td>{metric(checkpoint.metrics.train_loss)}</Td>
            <Td>{metric(checkpoint.metrics.valid_loss)}</Td>
            <Td>{metric(checkpoint.metrics.full_valid_loss)}</Td>
            <Td>{metric(checkpoint.metrics.train_mean_token_accuracy, true)}</Td>
            <Td className="text-right whitespace-nowrap">
              <Link
                href={playgroundHref(projectId, checkpoint.fine_tuned_model_checkpoint)}
                className="text-sm text-accent hover:underline"
                aria-label={`Open the checkpoint at step ${checkpoint.step_number} in the playground`}
              >
                Open in playground
              </Link>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
