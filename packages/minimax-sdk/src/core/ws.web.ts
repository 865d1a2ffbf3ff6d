/**
 * Stands in for the `ws` package in the web build: loading it fails, so the speech socket rejects
 * with its own clear error instead of a bundler pulling Node's `ws` (and its Node-only imports) in.
 */
throw new Error('The "ws" package is not available in this build.');

export {};
