/** The headless Chromium the browser tests drive: Debian's (`npm test` installs it when it can), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Its flags: headless, offline, nothing started in the background. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** What a browser test says when there is no Chromium (it fails; it never skips). */
export const MISSING_CHROMIUM = `no Chromium at ${CHROMIUM}: run npm test (which installs it), or apt-get install -y --no-install-recommends chromium`;
