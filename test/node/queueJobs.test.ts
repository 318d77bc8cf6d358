import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/node/errors.js";
import { parseQueueAddress } from "../../src/node/queue/connection.js";
import { checkRunJob, JOB_FORMAT, runJob, runJobId } from "../../src/node/queue/jobs.js";
import { loadScenario } from "../../src/node/scenarios.js";

const scenario = loadScenario("china-2020", [{ assignment: "population.size=1000", label: "test" }]);
const measures = [{ kind: "summary" as const, id: "wrongfulShare" }];

describe("a run's job", () => {
  it("is named by a digest of the version, the resolved scenario, the seed, the measures and the outputs", () => {
    const job = runJob(scenario, 7, measures, { version: "1.0.0", outputs: false, label: "a" });
    expect(job.id).toMatch(/^run-[0-9a-f]{40}$/);
    // The label does not name the run: the same run from another sweep is the same job.
    expect(runJob(scenario, 7, measures, { version: "1.0.0", outputs: false, label: "b" }).id).toBe(job.id);
    for (const other of [
      runJob(scenario, 8, measures, { version: "1.0.0", outputs: false, label: "a" }),
      runJob(scenario, 7, measures, { version: "1.0.1", outputs: false, label: "a" }),
      runJob(scenario, 7, measures, { version: "1.0.0", outputs: true, label: "a" }),
      runJob(scenario, 7, [{ kind: "summary", id: "recall" }], {
        version: "1.0.0",
        outputs: false,
        label: "a",
      }),
      runJob({ ...scenario, population: { ...scenario.population, size: 1001 } }, 7, measures, {
        version: "1.0.0",
        outputs: false,
        label: "a",
      }),
    ]) {
      expect(other.id).not.toBe(job.id);
    }
  });

  it("is checked by a worker: its scenario validated again, as the same scenario", () => {
    const job = runJob(scenario, 7, measures, { version: "1.0.0", outputs: false, label: "a" });
    const checked = checkRunJob(job.data, "1.0.0", job.id);
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.scenario).toEqual(scenario);
  });

  it("is refused when malformed (never retried), of another version (retried) or named otherwise", () => {
    const job = runJob(scenario, 7, measures, { version: "1.0.0", outputs: false, label: "a" });
    expect(checkRunJob({ hello: "world" }, "1.0.0")).toMatchObject({ ok: false, retry: false });
    expect(checkRunJob({ ...job.data, scenario: "not json" }, "1.0.0")).toEqual({
      ok: false,
      retry: false,
      reason: "malformed job payload: its scenario is not JSON",
    });
    const invalid = { ...job.data, scenario: JSON.stringify({ ...scenario, population: { size: -1 } }) };
    const refused = checkRunJob(invalid, "1.0.0");
    expect(refused).toMatchObject({ ok: false, retry: false });
    expect(!refused.ok && refused.reason).toMatch(/^the job's scenario is not valid .*population\.size/);
    expect(checkRunJob(job.data, "2.0.0", job.id)).toEqual({
      ok: false,
      retry: true,
      reason:
        "refused: this worker runs controlocracy 2.0.0, the job was submitted by 1.0.0, whose results could " +
        "differ: start a worker of 1.0.0",
    });
    expect(checkRunJob(job.data, "1.0.0", "../../etc")).toEqual({
      ok: false,
      retry: false,
      reason: 'malformed job: its id "../../etc" is not the digest of its payload',
    });
    expect(runJobId({ ...job.data, format: JOB_FORMAT })).toBe(job.id);
  });
});

describe("a queue's address", () => {
  it("takes redis:// and rediss:// with a user, a password and a database, and never shows the password", () => {
    const plain = parseQueueAddress("redis://127.0.0.1:6390");
    expect(plain.connection).toMatchObject({
      host: "127.0.0.1",
      port: 6390,
      db: 0,
      maxRetriesPerRequest: null,
    });
    expect(plain.display).toBe("redis://127.0.0.1:6390");
    const secret = parseQueueAddress("rediss://me:s%40cret@queue.example:7000/2");
    expect(secret.connection).toMatchObject({ host: "queue.example", port: 7000, db: 2, username: "me" });
    expect(secret.connection.password).toBe("s@cret");
    expect(secret.connection.tls).toEqual({ servername: "queue.example" });
    expect(secret.display).toBe("rediss://me:***@queue.example:7000/2");
    expect(parseQueueAddress("redis://localhost").connection.port).toBe(6379);
  });

  it("refuses anything else in one line", () => {
    const message = (text: string) => {
      try {
        parseQueueAddress(text);
        return "accepted";
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
    };
    expect(message("http://127.0.0.1:6379")).toBe(
      '"http://127.0.0.1:6379" is not a Redis address: it must start with redis:// (or rediss:// for TLS), e.g. redis://127.0.0.1:6379',
    );
    expect(message("127.0.0.1:6379")).toMatch(/is not a Redis address/);
    expect(message("redis://host:6379/x")).toBe(
      '"redis://host:6379/x": the database after the port must be a whole number, e.g. redis://HOST:6379/0',
    );
  });
});
