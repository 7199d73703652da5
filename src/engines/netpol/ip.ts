// IPv4 and IPv6 addresses and CIDRs as bigints, so one comparison works for both families.

/** An address: the family and its value as an unsigned integer. */
export interface IpAddress {
  readonly v6: boolean;
  readonly value: bigint;
}

/** A CIDR with its host bits cleared, as the apiserver normalizes `10.0.0.1/24`. */
export interface Cidr {
  readonly v6: boolean;
  readonly base: bigint;
  readonly bits: number;
  readonly text: string;
}

// Dotted quad, each part 0-255 without a leading zero (the apiserver rejects `010.0.0.1`).
const V4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX = /^[0-9a-fA-F]{1,4}$/;

export function parseIp(text: string): IpAddress | undefined {
  if (V4.test(text)) {
    const value = text.split(".").reduce((sum, part) => (sum << 8n) + BigInt(Number(part)), 0n);
    return { v6: false, value };
  }
  return parseIpv6(text);
}

function parseIpv6(text: string): IpAddress | undefined {
  if (!text.includes(":")) return undefined;
  let head = text;
  let tail4: IpAddress | undefined;
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    // An embedded IPv4 tail (`::ffff:10.0.0.1`) counts as two groups.
    tail4 = parseIp(text.slice(lastColon + 1));
    if (tail4 === undefined || tail4.v6) return undefined;
    head = `${text.slice(0, lastColon + 1)}${tail4 === undefined ? "" : "0:0"}`;
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined): string[] | undefined =>
    part === undefined || part === "" ? [] : part.split(":");
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  if (left === undefined || right === undefined) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...left, ...Array<string>(Math.max(missing, 0)).fill("0"), ...right];
  if (!all.every((group) => HEX.test(group))) return undefined;
  let value = all.reduce((sum, group) => (sum << 16n) + BigInt(parseInt(group, 16)), 0n);
  if (tail4 !== undefined) value = (value & ~0xffffffffn) | tail4.value;
  return { v6: true, value };
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const address = parseIp(text.slice(0, slash));
  const bitsText = text.slice(slash + 1);
  if (address === undefined || !/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  const width = address.v6 ? 128 : 32;
  if (bits > width) return undefined;
  const shift = BigInt(width - bits);
  return { v6: address.v6, base: (address.value >> shift) << shift, bits, text };
}

export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.v6 !== ip.v6) return false;
  const shift = BigInt((cidr.v6 ? 128 : 32) - cidr.bits);
  return ip.value >> shift === cidr.base >> shift;
}
