// Sets of connections: for each protocol, the ports allowed, as sorted disjoint ranges.

export const PROTOCOLS = ["TCP", "UDP", "SCTP"] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Flat `[lo, hi, lo, hi, ...]`, sorted, disjoint, non-adjacent, inclusive. */
export type PortRanges = readonly number[];

/** Ports allowed per protocol, indexed like PROTOCOLS. Immutable; ALL and NONE are shared. */
export type ConnSet = readonly [PortRanges, PortRanges, PortRanges];

const FULL: PortRanges = [MIN_PORT, MAX_PORT];
export const ALL_CONNS: ConnSet = [FULL, FULL, FULL];
export const NO_CONNS: ConnSet = [[], [], []];

export function protocolIndex(protocol: Protocol): number {
  return PROTOCOLS.indexOf(protocol);
}

export function isProtocol(value: string): value is Protocol {
  return PROTOCOLS.some((protocol) => protocol === value);
}

/** The connections of one protocol on ports `lo..hi` (the whole range when omitted). */
export function connsOf(protocol: Protocol, lo = MIN_PORT, hi = MAX_PORT): ConnSet {
  const sets: [PortRanges, PortRanges, PortRanges] = [[], [], []];
  sets[protocolIndex(protocol)] = lo > hi ? [] : [lo, hi];
  return sets;
}

export function isEmptyConns(set: ConnSet): boolean {
  return set === NO_CONNS || set.every((ranges) => ranges.length === 0);
}

export function isAllConns(set: ConnSet): boolean {
  return (
    set === ALL_CONNS ||
    set.every((ranges) => ranges.length === 2 && ranges[0] === MIN_PORT && ranges[1] === MAX_PORT)
  );
}

export function hasConn(set: ConnSet, protocol: Protocol, port: number): boolean {
  const ranges = set[protocolIndex(protocol)] ?? [];
  for (let i = 0; i < ranges.length; i += 2) {
    if (port >= (ranges[i] ?? 0) && port <= (ranges[i + 1] ?? -1)) return true;
  }
  return false;
}

export function unionConns(a: ConnSet, b: ConnSet): ConnSet {
  if (a === ALL_CONNS || b === ALL_CONNS) return ALL_CONNS;
  if (isEmptyConns(a)) return b;
  if (isEmptyConns(b)) return a;
  return [unionRanges(a[0], b[0]), unionRanges(a[1], b[1]), unionRanges(a[2], b[2])];
}

export function intersectConns(a: ConnSet, b: ConnSet): ConnSet {
  if (a === ALL_CONNS) return b;
  if (b === ALL_CONNS) return a;
  if (a === NO_CONNS || b === NO_CONNS) return NO_CONNS;
  return [intersectRanges(a[0], b[0]), intersectRanges(a[1], b[1]), intersectRanges(a[2], b[2])];
}

/** `a` minus `b`. */
export function subtractConns(a: ConnSet, b: ConnSet): ConnSet {
  if (isEmptyConns(b)) return a;
  return [
    intersectRanges(a[0], complement(b[0])),
    intersectRanges(a[1], complement(b[1])),
    intersectRanges(a[2], complement(b[2])),
  ];
}

export function equalConns(a: ConnSet, b: ConnSet): boolean {
  return a.every((ranges, index) => {
    const other = b[index] ?? [];
    return ranges.length === other.length && ranges.every((value, at) => value === other[at]);
  });
}

/** `All connections`, `none`, or `TCP 80,443-445; UDP 53`. */
export function formatConns(set: ConnSet): string {
  if (isAllConns(set)) return "All connections";
  if (isEmptyConns(set)) return "No connections";
  return PROTOCOLS.flatMap((protocol, index) => {
    const ranges = set[index] ?? [];
    if (ranges.length === 0) return [];
    if (ranges.length === 2 && ranges[0] === MIN_PORT && ranges[1] === MAX_PORT) return [protocol];
    const parts: string[] = [];
    for (let i = 0; i < ranges.length; i += 2) {
      const lo = ranges[i] ?? 0;
      const hi = ranges[i + 1] ?? 0;
      parts.push(lo === hi ? `${lo}` : `${lo}-${hi}`);
    }
    return [`${protocol} ${parts.join(",")}`];
  }).join("; ");
}

function unionRanges(a: PortRanges, b: PortRanges): PortRanges {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const pairs: [number, number][] = [];
  for (const ranges of [a, b]) {
    for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i] ?? 0, ranges[i + 1] ?? 0]);
  }
  pairs.sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] ?? 0) + 1) out[last] = Math.max(out[last] ?? 0, hi);
    else out.push(lo, hi);
  }
  return out;
}

function intersectRanges(a: PortRanges, b: PortRanges): PortRanges {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i] ?? 0, b[j] ?? 0);
    const hi = Math.min(a[i + 1] ?? 0, b[j + 1] ?? 0);
    if (lo <= hi) out.push(lo, hi);
    if ((a[i + 1] ?? 0) < (b[j + 1] ?? 0)) i += 2;
    else j += 2;
  }
  return out;
}

function complement(ranges: PortRanges): PortRanges {
  const out: number[] = [];
  let next = MIN_PORT;
  for (let i = 0; i < ranges.length; i += 2) {
    const lo = ranges[i] ?? 0;
    if (lo > next) out.push(next, lo - 1);
    next = (ranges[i + 1] ?? 0) + 1;
  }
  if (next <= MAX_PORT) out.push(next, MAX_PORT);
  return out;
}
