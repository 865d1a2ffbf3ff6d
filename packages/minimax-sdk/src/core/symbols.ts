/**
 * Node's `util.inspect` hook without defeating tree shaking: a `Symbol.for(...)` key written in a
 * class body counts as a side effect to bundlers and keeps the class alive even when nobody
 * imports it. The hook lives on a base class made by a call marked pure, which they can drop.
 */

/** What `console.log(x)` shows in Node for an `Inspectable`. */
interface InspectTarget {
  /** @internal */
  _inspect(): string;
}

function inspectableBase(): abstract new () => object {
  abstract class Inspectable {
    [Symbol.for('nodejs.util.inspect.custom')](this: InspectTarget): string {
      return this._inspect();
    }
  }
  return Inspectable;
}

/** Base class of the objects whose Node inspection is their `_inspect()` (never a secret). */
export const Inspectable = /* @__PURE__ */ inspectableBase();

declare global {
  // Declared here as well as in newer `lib` files (the same way @types/node does), so projects
  // whose `lib` predates disposables, a DOM-only one included, still compile the declarations.
  interface SymbolConstructor {
    readonly asyncDispose: unique symbol;
  }
}
