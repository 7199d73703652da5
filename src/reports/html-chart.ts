import type { PillarScore } from "../model/report.ts";
import { escapeXml } from "./escape.ts";
import { scoreText } from "./finding-order.ts";

// Inline SVG charts for the HTML report: no script, no external asset, readable without color
// (every bar carries its number).

/** Fill for a score: green from 80, amber from 50, red below, grey when nothing was judged. */
export function scoreColor(score: number | null): string {
  if (score === null) return "#94a3b8";
  return score >= 80 ? "#15803d" : score >= 50 ? "#b45309" : "#b91c1c";
}

const LABEL_WIDTH = 110;
const BAR_WIDTH = 600;
const ROW_HEIGHT = 34;
const TOP = 24;

/** Horizontal bars, one per pillar, on a 0-100 axis. */
export function pillarChart(scores: readonly PillarScore[]): string {
  const height = TOP + scores.length * ROW_HEIGHT + 8;
  const width = LABEL_WIDTH + BAR_WIDTH + 70;
  const grid = [0, 25, 50, 75, 100]
    .map((tick) => {
      const x = LABEL_WIDTH + (tick / 100) * BAR_WIDTH;
      return `<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${height - 8}" stroke="#e2e8f0"/><text x="${x}" y="${TOP - 10}" text-anchor="middle" class="tick">${tick}</text>`;
    })
    .join("");
  const bars = scores
    .map((score, index) => {
      const y = TOP + index * ROW_HEIGHT;
      const value = score.score ?? 0;
      const barWidth = Math.max((value / 100) * BAR_WIDTH, score.score === null ? 0 : 2);
      const label = score.score === null ? "n/a" : `${scoreText(score)}`;
      return [
        `<g><title>${escapeXml(`${score.pillar}: ${label} (${score.passed} passed, ${score.failed} failed)`)}</title>`,
        `<text x="${LABEL_WIDTH - 12}" y="${y + 21}" text-anchor="end" class="label">${escapeXml(score.pillar)}</text>`,
        `<rect x="${LABEL_WIDTH}" y="${y + 6}" width="${BAR_WIDTH}" height="20" rx="4" fill="#f1f5f9"/>`,
        `<rect x="${LABEL_WIDTH}" y="${y + 6}" width="${barWidth.toFixed(1)}" height="20" rx="4" fill="${scoreColor(score.score)}"/>`,
        `<text x="${LABEL_WIDTH + BAR_WIDTH + 12}" y="${y + 21}" class="value">${label}</text></g>`,
      ].join("");
    })
    .join("");
  return `<svg class="chart" role="img" aria-label="Score per pillar, 0 to 100" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${grid}${bars}</svg>`;
}

/** A ring gauge for the overall score. */
export function scoreRing(score: number | null): string {
  const radius = 52;
  const circumference = 2 * Math.PI * radius;
  const filled = ((score ?? 0) / 100) * circumference;
  const text = score === null ? "n/a" : String(Math.round(score));
  return `<svg class="ring" role="img" aria-label="Overall score ${text} of 100" viewBox="0 0 128 128" width="128" height="128" xmlns="http://www.w3.org/2000/svg"><circle cx="64" cy="64" r="${radius}" fill="none" stroke="#e2e8f0" stroke-width="12"/><circle cx="64" cy="64" r="${radius}" fill="none" stroke="${scoreColor(score)}" stroke-width="12" stroke-linecap="round" stroke-dasharray="${filled.toFixed(2)} ${circumference.toFixed(2)}" transform="rotate(-90 64 64)"/><text x="64" y="70" text-anchor="middle" class="ring-value">${text}</text><text x="64" y="90" text-anchor="middle" class="ring-unit">/ 100</text></svg>`;
}
