/** The Chromium binary and its version, or why there is none (browser.mjs). */
export function findChromium(): { path: string; version: string } | { skip: string };
/** Runs the smoke in headless Chromium against the mock; its result, or `{ error }`. */
export function runChromium(options: {
  chromiumPath: string;
  smokeFile: string;
  mockURL: string;
  timeoutMs: number;
}): Promise<{ steps: Record<string, string> } | { error: string }>;
