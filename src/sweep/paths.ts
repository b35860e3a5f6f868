/**
 * Dotted paths into a plain configuration object: `cabal.stake`, `subnets.0.tempo`.
 * A path names a field of an object (created when missing) or an existing array element.
 */
export const PATH_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|\d+))*$/;

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Sets `value` at `path` in `target` (mutated); throws an Error naming the path on a clash. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segs = path.split('.');
  let node: unknown = target;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const last = i === segs.length - 1;
    const here = segs.slice(0, i).join('.') || '(the base)';
    if (Array.isArray(node)) {
      const k = Number(seg);
      if (!/^\d+$/.test(seg) || k >= node.length) {
        throw new Error(`${path}: ${here} is a list of ${node.length}; '${seg}' is not an index in it`);
      }
      if (last) node[k] = value;
      else node = node[k];
    } else if (isPlainObject(node)) {
      if (last) node[seg] = value;
      else {
        if (node[seg] === undefined) node[seg] = {};
        node = node[seg];
      }
    } else {
      throw new Error(`${path}: ${here} is a ${typeof node}, not an object, so it has no field '${seg}'`);
    }
  }
}

/** The base with each [path, value] applied, on a copy (the base is not touched). */
export function applyAssignments(
  base: Record<string, unknown>,
  assignments: readonly (readonly [string, unknown])[],
): Record<string, unknown> {
  const config = structuredClone(base);
  for (const [path, value] of assignments) setPath(config, path, value);
  return config;
}
