// IPv4 and IPv6 addresses and CIDRs as bigints, so one comparison works for both families.

/**
 * An address as an unsigned integer: a number for IPv4 (fast, and exact below 2^53), a bigint
 * for IPv6.
 */
export type IpAddress =
  { readonly v6: false; readonly value: number } | { readonly v6: true; readonly value: bigint };

/** A CIDR with its host bits cleared, as the apiserver normalizes `10.0.0.1/24`. */
export type Cidr = (
  | { readonly v6: false; readonly base: number; readonly size: number }
  | { readonly v6: true; readonly base: bigint; readonly shift: bigint }
) & { readonly bits: number; readonly text: string };

const HEX = /^[0-9a-fA-F]{1,4}$/;

export function parseIp(text: string): IpAddress | undefined {
  const value = parseIpv4(text);
  if (value !== undefined) return { v6: false, value };
  return parseIpv6(text);
}

/**
 * A dotted quad, each part 0-255 without a leading zero (the apiserver rejects `010.0.0.1`), by
 * hand rather than a regex and a split: every pod has an address, so this runs 100k times.
 */
function parseIpv4(text: string): number | undefined {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= text.length; i += 1) {
    const code = i < text.length ? text.charCodeAt(i) : 46;
    if (code === 46) {
      if (digits === 0 || parts === 4) return undefined;
      value = value * 256 + part;
      parts += 1;
      part = 0;
      digits = 0;
    } else if (code >= 48 && code <= 57) {
      // No leading zero: the apiserver rejects `010.0.0.1`.
      if (digits === 1 && part === 0) return undefined;
      part = part * 10 + (code - 48);
      digits += 1;
      if (part > 255) return undefined;
    } else {
      return undefined;
    }
  }
  return parts === 4 ? value : undefined;
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
  if (tail4 !== undefined && !tail4.v6) value = (value & ~0xffffffffn) | BigInt(tail4.value);
  return { v6: true, value };
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const address = parseIp(text.slice(0, slash));
  const bitsText = text.slice(slash + 1);
  if (address === undefined || !/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (!address.v6) {
    if (bits > 32) return undefined;
    const size = 2 ** (32 - bits);
    return { v6: false, base: Math.floor(address.value / size), size, bits, text };
  }
  if (bits > 128) return undefined;
  const shift = BigInt(128 - bits);
  return { v6: true, base: address.value >> shift, shift, bits, text };
}

export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (!cidr.v6) return !ip.v6 && Math.floor(ip.value / cidr.size) === cidr.base;
  return ip.v6 && ip.value >> cidr.shift === cidr.base;
}
