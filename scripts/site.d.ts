// The types of scripts/site.js, for the TypeScript tests that use it.
import type { Server } from "node:http";

export const CHROMIUM: string;
export const CHROMIUM_ARGS: string[];
export function buildAndServeSite(site: string): Promise<{ server: Server; base: string }>;
