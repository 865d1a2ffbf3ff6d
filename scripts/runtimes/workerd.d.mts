/** The workerd binary in `binDir` and its version, or why it cannot be used (workerd.mjs). */
export function findWorkerd(binDir: string): { path: string; version: string } | { skip: string };
/** Runs the smoke as a workerd worker against the mock; its result, or `{ error }`. */
export function runWorkerd(options: {
  workerdPath: string;
  smokeFile: string;
  mockURL: string;
  workDir: string;
  timeoutMs: number;
}): Promise<{ steps: Record<string, string> } | { error: string }>;
