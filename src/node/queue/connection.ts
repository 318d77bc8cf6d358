import { isIP } from "node:net";
import type { RedisOptions } from "bullmq";
import { UsageError } from "../errors.js";

/** Where a password may be given instead of the address, which `ps` and shell histories show. */
export const PASSWORD_ENV = "CONTROLOCRACY_REDIS_PASSWORD";

/** A Redis server's address as the user gave it, parsed: what to connect with and what may be printed. */
export interface QueueAddress {
  /** The address as given (it may hold a password: never printed or written to disk). */
  url: string;
  /** The address without its password, with its port, for messages and for the sweep directory. */
  display: string;
  /** Whether a password is used (from the address or from CONTROLOCRACY_REDIS_PASSWORD). */
  password: boolean;
  /** ioredis options for BullMQ's connections. */
  connection: RedisOptions & { host: string; port: number; db: number };
}

/**
 * Parses `redis://[user:password@]HOST[:PORT][/DB]` (or `rediss://` for TLS). Anything else is the user's mistake,
 * said in one line (exit 2). A password not in the address is taken from CONTROLOCRACY_REDIS_PASSWORD when set.
 */
export function parseQueueAddress(text: string, env: NodeJS.ProcessEnv = process.env): QueueAddress {
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
  const password = url.password !== "" ? decodeURIComponent(url.password) : env[PASSWORD_ENV] || undefined;
  const user = url.username === "" ? "" : `${url.username}${url.password === "" ? "" : ":***"}@`;
  return {
    url: text,
    display: `${url.protocol}//${user}${url.hostname}:${port}${db === 0 ? "" : `/${db}`}`,
    password: password !== undefined,
    connection: {
      host,
      port,
      db,
      username: url.username === "" ? undefined : decodeURIComponent(url.username),
      password,
      // A certificate names a host, not an address: the server name is sent only for a host name.
      tls: url.protocol === "rediss:" ? (isIP(host) === 0 ? { servername: host } : {}) : undefined,
      // BullMQ's blocking connections (workers, events) must wait for Redis however long it is away.
      maxRetriesPerRequest: null,
      // Reconnect at once, then every second at most: a restarted server is found again within a second.
      retryStrategy: (times: number) => Math.min(times * 100, 1000),
    },
  };
}

/** Whether two addresses name the same server and database (whatever their passwords). */
export function sameServer(a: QueueAddress, b: QueueAddress): boolean {
  return (
    a.connection.host === b.connection.host &&
    a.connection.port === b.connection.port &&
    a.connection.db === b.connection.db
  );
}

/**
 * Checks that the server answers, with its password and database, before anything is submitted or taken: a server
 * that is not there, or refuses, is the user's situation, said in one line (exit 2), not an endless retry.
 */
export async function checkReachable(address: QueueAddress, timeoutMs = 5000): Promise<void> {
  const { db, ...options } = address.connection;
  // The client's code is loaded here, not with the module: parsing an address needs none of it.
  const { Redis } = await import("ioredis");
  const client = new Redis({
    ...options,
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
    if (db !== 0) {
      try {
        await client.select(db);
      } catch (error) {
        throw new UsageError(
          `the Redis server at ${address.display} has no database ${db} (${describeRedisError(error as Error)}): ` +
            "choose one it has (0 to 15 by default)",
        );
      }
    }
    const info = await client.info("server");
    const version = /redis_version:(\d+)\.(\d+)/.exec(info);
    if (version && (Number(version[1]) < 6 || (Number(version[1]) === 6 && Number(version[2]) < 2))) {
      throw new UsageError(
        `the Redis server at ${address.display} is version ${version[1]}.${version[2]}; the queue needs Redis 6.2 or later`,
      );
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `cannot use Redis at ${address.display}: ${advice(address, (lastError ?? error) as Error)}`,
    );
  } finally {
    client.disconnect();
  }
}

/** What a refused connection means for the user, and what to do. */
function advice(address: QueueAddress, error: Error): string {
  const text = error.message;
  if (/NOAUTH/.test(text)) {
    return (
      "the server asks for a password: give it in the address (redis://:PASSWORD@HOST:PORT) or in " +
      `${PASSWORD_ENV}`
    );
  }
  if (/WRONGPASS|invalid password|invalid username-password/i.test(text)) {
    return `the server refused the password${address.connection.username ? " (or the user name)" : ""}`;
  }
  if ((error as NodeJS.ErrnoException).code === "ECONNREFUSED") {
    const { host, port } = address.connection;
    const local = host === "127.0.0.1" || host === "localhost" || host === "::1";
    return (
      `connection refused: no server listens on ${host} port ${port}` +
      (local ? `; start one with \`redis-server --bind 127.0.0.1 --port ${port} --appendonly yes\`` : "")
    );
  }
  return describeRedisError(error);
}

/** A connection error in a few words: the code (ECONNREFUSED) or Redis's own answer (WRONGPASS …). */
export function describeRedisError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "no such host";
  if (code === "ETIMEDOUT") return "no answer (timed out)";
  return error.message.split("\n")[0].replace(/\.$/, "");
}
