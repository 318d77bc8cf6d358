import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The redis-server the queue's tests start (scripts/ensure-test-tools.sh makes sure there is one). */
export function redisServerPath(): string {
  if (process.env.REDIS_SERVER_PATH) return process.env.REDIS_SERVER_PATH;
  try {
    return execFileSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      "the queue's tests need redis-server: run 'sudo apt-get install redis-server' (or set REDIS_SERVER_PATH)",
    );
  }
}

/** A free TCP port on 127.0.0.1 (free when asked; the server binds it right after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A Redis server of the test's own: localhost only, a free port, its append-only file in a folder of its own. */
export interface TestRedis {
  port: number;
  url: string;
  directory: string;
  /** Stops the server (SIGTERM: it writes its append-only file and exits). */
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port and data. */
  restart(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${log()}`);
    if (log().includes("Ready to accept connections")) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not start on port ${port}: ${log()}`);
}

/** Starts one; `extra` adds options (`--requirepass SECRET`). */
export async function startRedis(extra: string[] = []): Promise<TestRedis> {
  const path = redisServerPath();
  const port = await freePort();
  const directory = mkdtempSync(join(tmpdir(), "redis-"));
  let child: ChildProcess | undefined;
  const start = async () => {
    let output = "";
    const server = spawn(
      path,
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        directory,
        "--save",
        "",
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--daemonize",
        "no",
        "--protected-mode",
        "yes",
        ...extra,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    server.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    server.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child = server;
    await waitForPort(port, server, () => output);
  };
  const stop = async () => {
    const server = child;
    child = undefined;
    if (server === undefined || server.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      server.once("exit", () => resolve());
      server.kill("SIGTERM");
    });
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    directory,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    close: async () => {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
