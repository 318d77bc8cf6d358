import type { RedisOptions } from "bullmq";
import { Redis } from "ioredis";
import { UsageError } from "../errors.js";

/** A Redis server's address as the user gave it, parsed: what to connect with and what may be printed. */
export interface QueueAddress {
  /** The address as given (it may hold a password: never printed or written to disk). */
  url: string;
  /** The address without its password, for messages and for the sweep directory. */
  display: string;
  /** ioredis options for BullMQ's connections. */
  connection: RedisOptions & { host: string; port: number };
}

/**
 * Parses `redis://[user:password@]HOST[:PORT][/DB]` (or `rediss://` for TLS). Anything else is the user's mistake,
 * said in one line (exit 2).
 */
export function parseQueueAddress(text: string): QueueAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `"${text}" is not a Redis address: expected redis://HOST:PORT (e.g. redis://127.0.0.1:6379)`,
    );
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new UsageError(
      `"${text}" is not a Redis address: it must start with redis:// (or rediss:// for TLS), e.g. redis://127.0.0.1:6379`,
    );
  }
  if (url.hostname === "") throw new UsageError(`"${text}" names no host: expected redis://HOST:PORT`);
  const port = url.port === "" ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, "");
  const db = path === "" ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0) {
    throw new UsageError(
      `"${text}": the database after the port must be a whole number, e.g. redis://HOST:6379/0`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const masked = new URL(url.href);
  if (masked.password !== "") masked.password = "***";
  return {
    url: text,
    display: masked.href.replace(/\/$/, ""),
    connection: {
      host,
      port,
      db,
      username: url.username === "" ? undefined : decodeURIComponent(url.username),
      password: url.password === "" ? undefined : decodeURIComponent(url.password),
      tls: url.protocol === "rediss:" ? { servername: host } : undefined,
      // BullMQ's blocking connections (workers, events) must wait for Redis however long it is away.
      maxRetriesPerRequest: null,
      // Reconnect at once, then every second at most: a restarted server is found again within a second.
      retryStrategy: (times: number) => Math.min(times * 100, 1000),
    },
  };
}

/**
 * Checks that the server answers, before anything is submitted or taken: a server that is not there (or refuses
 * the password) is the user's situation, said in one line (exit 2), not an endless retry.
 */
export async function checkReachable(address: QueueAddress, timeoutMs = 5000): Promise<void> {
  const client = new Redis({
    ...address.connection,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  let lastError: Error | undefined;
  client.on("error", (error: Error) => {
    lastError = error;
  });
  try {
    await client.connect();
    await client.ping();
    const info = await client.info("server");
    const version = /redis_version:(\d+)\.(\d+)/.exec(info);
    if (version && Number(version[1]) < 6) {
      throw new UsageError(
        `the Redis server at ${address.display} is version ${version[1]}.${version[2]}; the queue needs Redis 6.2 or later`,
      );
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const reason = describeRedisError((lastError ?? error) as Error);
    throw new UsageError(
      `cannot reach Redis at ${address.display}: ${reason}; start one with ` +
        "`redis-server --bind 127.0.0.1 --port 6379 --appendonly yes`, or give the address of yours",
    );
  } finally {
    client.disconnect();
  }
}

/** A connection error in a few words: the code (ECONNREFUSED) or Redis's own answer (WRONGPASS …). */
export function describeRedisError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return "connection refused (is redis-server running on that port?)";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "no such host";
  if (code === "ETIMEDOUT") return "no answer (timed out)";
  return error.message.split("\n")[0];
}
