import { createHash } from "node:crypto";
import type { JobsOptions } from "bullmq";
import { z } from "zod";
import { formatPath, issueMessage, type Scenario, validateScenario } from "../../core/scenario/index.js";
import type { SweepMeasure } from "../../core/sweep/types.js";

/** The one queue every sweep's runs go through (jobs of different sweeps are told apart by their ids). */
export const QUEUE_NAME = "controlocracy-runs";

/** The payload's format: a worker refuses a payload of another format, as it refuses malformed ones. */
export const JOB_FORMAT = 1;

/**
 * One run as a job carries it: data, never code. The scenario is the validated, fully resolved scenario as JSON
 * text (the worker validates it again before running it); `label` only says which sweep's run it is, in logs.
 */
export interface RunJobData {
  format: typeof JOB_FORMAT;
  version: string;
  scenario: string;
  seed: number;
  measures: SweepMeasure[];
  /** Whether the worker also writes the run's full directory under its --results directory, named by the job id. */
  outputs: boolean;
  label: string;
}

/** What a job returns: the run's measures, or the error the run itself failed with (deterministic, not retried). */
export type RunJobResult = { values: (number | null)[]; seconds: number } | { error: string };

/**
 * The job's id: a digest of everything its result depends on (the engine's version, the resolved scenario, the seed,
 * the measures and whether full outputs are written). Submitting the same run twice, from the same sweep or another,
 * names the same job, which the queue adds once.
 */
export function runJobId(data: RunJobData): string {
  const digest = createHash("sha256")
    .update(
      JSON.stringify([data.format, data.version, data.scenario, data.seed, data.measures, data.outputs]),
    )
    .digest("hex");
  return `run-${digest.slice(0, 40)}`;
}

/** The job for one run of a resolved scenario on a seed. */
export function runJob(
  scenario: Scenario,
  seed: number,
  measures: SweepMeasure[],
  options: { version: string; outputs: boolean; label: string },
): { id: string; data: RunJobData } {
  const data: RunJobData = {
    format: JOB_FORMAT,
    version: options.version,
    scenario: JSON.stringify(scenario),
    seed,
    measures,
    outputs: options.outputs,
    label: options.label,
  };
  return { id: runJobId(data), data };
}

/**
 * How the queue treats a run's job: a run that fails for the machine's sake (its worker died, its payload was
 * refused by a worker of another version) is tried again with back-off; finished jobs are kept for 7 days, so
 * that `sweep collect` finds them and a resubmitted sweep reuses them.
 */
export const RUN_JOB_OPTIONS: JobsOptions = {
  attempts: 4,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

const measureSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("summary"), id: z.string().min(1) }),
  z.strictObject({
    kind: z.literal("series"),
    measure: z.string().min(1),
    day: z.number().int().min(0),
    id: z.string().min(1),
  }),
  z.strictObject({ kind: z.literal("function"), id: z.literal("y") }),
]);

const payloadSchema = z.strictObject({
  format: z.literal(JOB_FORMAT),
  version: z.string().min(1),
  scenario: z.string().min(2),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  measures: z.array(measureSchema).max(256),
  outputs: z.boolean(),
  label: z.string().max(500),
});

/**
 * How the reason of a job a worker refused for its own sake (another version; no --results directory) begins: a
 * sweep does not log such a run as failed, since another worker may run it; it stops and says why.
 */
export const REFUSED = "refused: ";

/** A payload checked and its scenario validated, or why the worker refuses it. */
export type CheckedJob =
  | { ok: true; data: RunJobData; scenario: Scenario }
  | { ok: false; reason: string; retry: boolean };

/**
 * Checks a job's payload as a worker must before running anything: its shape, its id (the digest of the payload,
 * which names its output directory), the engine version it was submitted for (another version's results could differ: refused, so that a worker of that version takes it), and its
 * scenario, validated as a scenario file is.
 */
export function checkRunJob(payload: unknown, version: string, id?: string): CheckedJob {
  const shape = payloadSchema.safeParse(payload);
  if (!shape.success) {
    const first = shape.error.issues[0];
    const at = first.path.length > 0 ? ` at ${first.path.join(".")}` : "";
    return { ok: false, retry: false, reason: `malformed job payload${at}: ${first.message}` };
  }
  const data = shape.data as RunJobData;
  // The id names the run's output directory: it must be the digest of the payload, nothing a submitter chose.
  if (id !== undefined && id !== runJobId(data)) {
    return {
      ok: false,
      retry: false,
      reason: `malformed job: its id ${JSON.stringify(id).slice(0, 80)} is not the digest of its payload`,
    };
  }
  if (data.version !== version) {
    return {
      ok: false,
      retry: true,
      reason:
        `${REFUSED}this worker runs controlocracy ${version}, the job was submitted by ${data.version}, whose ` +
        `results could differ: start a worker of ${data.version}`,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.scenario);
  } catch {
    return { ok: false, retry: false, reason: "malformed job payload: its scenario is not JSON" };
  }
  const validated = validateScenario(parsed);
  if (!validated.ok) {
    const first = validated.issues[0];
    return {
      ok: false,
      retry: false,
      reason: `the job's scenario is not valid (${validated.issues.length} problem(s)); first at ${formatPath(first.path) || "its root"}: ${issueMessage(first)}`,
    };
  }
  return { ok: true, data, scenario: validated.scenario };
}
