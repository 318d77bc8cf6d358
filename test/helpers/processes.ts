import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** A process of the real executable, `bin/controlocracy.js`, with its output gathered as it comes. */
export interface Spawned {
  child: ChildProcess;
  pid: number;
  /** stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
  /** Waits until stderr (or stdout) contains `text`; fails if the process exits first or after `timeoutMs`. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
}

/**
 * Starts `bin/controlocracy.js ARGS` in a process group of its own (`detached`), so that `killGroup` also ends the
 * children it forks (a queue worker's sandboxed processors).
 */
export function spawnBin(args: string[], env: NodeJS.ProcessEnv = {}): Spawned {
  const child = spawn(process.execPath, ["bin/controlocracy.js", ...args], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once("close", (code, signal) => resolve(code ?? signal ?? -1));
  });
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const has = (text: string | RegExp) => {
    const all = stdout + stderr;
    return typeof text === "string" ? all.includes(text) : text.test(all);
  };
  return {
    child,
    pid: child.pid as number,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitFor: async (text, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!has(text)) {
        if (done) throw new Error(`exited before saying ${text}:\n${stdout}${stderr}`);
        if (Date.now() > deadline) throw new Error(`did not say ${text} in time:\n${stdout}${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/**
 * Ends a spawned process and everything it forked, at once (nothing if it is gone already): its group, and its
 * children that run in groups of their own (a queue worker's run processes).
 */
export function killGroup(spawned: Spawned): void {
  for (const child of childrenOf(spawned.pid)) killPid(child);
  try {
    process.kill(-spawned.pid, "SIGKILL");
  } catch {
    // Gone already.
  }
}

/** Ends one process at once (nothing if it is gone already). */
export function killPid(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Gone already.
  }
}

/** Whether a process is alive (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` every 50 ms until it returns true; fails after `timeoutMs` with `what`. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The ids of a process's children (none when it has none or is gone). */
export function childrenOf(pid: number): number[] {
  try {
    return execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" })
      .split("\n")
      .map((line) => Number(line.trim()))
      .filter((child) => child > 0);
  } catch {
    return [];
  }
}

/** The process's exit code once it has exited, or "still running after N s" if it has not within `timeoutMs`. */
export function exitWithin(spawned: Spawned, timeoutMs: number): Promise<number | string> {
  return Promise.race([
    spawned.exited,
    new Promise<string>((resolve) =>
      setTimeout(() => resolve(`still running after ${timeoutMs / 1000} s`), timeoutMs).unref(),
    ),
  ]);
}
