/** Why the SDK in `sdkDir` needs building, or undefined when its build is fresh (build-state.mjs). */
export function staleBuild(sdkDir: string, root?: string): string | undefined;
