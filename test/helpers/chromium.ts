import { CHROMIUM } from "../../scripts/site.js";

// The Chromium and flags the browser tests use are those of scripts/site.js, shared with `npm run bench:web`.
export { CHROMIUM, CHROMIUM_ARGS } from "../../scripts/site.js";

/** What a browser test says when there is no Chromium (it fails; it never skips). */
export const MISSING_CHROMIUM = `no Chromium at ${CHROMIUM}: run npm test (which installs it), or apt-get install -y --no-install-recommends chromium`;
