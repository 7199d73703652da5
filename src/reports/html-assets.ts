// The HTML report's only style sheet and script, inlined so the file works offline and from
// an artifact store. The page's Content-Security-Policy allows exactly these two by hash.

export const STYLE = `
:root { --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --bg: #f8fafc; --card: #fff;
  --accent: #4338ca; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font-size: 14px; line-height: 1.45; }
header { background: #1e1b4b; color: #fff; padding: 20px 32px; }
header h1 { margin: 0; font-size: 20px; font-weight: 650; letter-spacing: .2px; }
header .meta { color: #c7d2fe; font-size: 13px; margin-top: 4px; word-break: break-all; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 32px 48px; }
.banner { background: #fef2f2; border: 1px solid #fecaca; color: #991b1b; padding: 12px 16px;
  border-radius: 8px; margin-bottom: 20px; font-weight: 600; }
.grid { display: grid; grid-template-columns: 300px 1fr; gap: 20px; margin-bottom: 20px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; }
.card h2 { margin: 0 0 12px; font-size: 15px; font-weight: 650; }
.overall { display: flex; flex-direction: column; align-items: center; gap: 10px; }
.ring-value { font-size: 34px; font-weight: 700; fill: var(--ink); }
.ring-unit, .tick { font-size: 11px; fill: var(--muted); }
.label { font-size: 13px; fill: var(--ink); text-transform: capitalize; }
.value { font-size: 13px; font-weight: 650; fill: var(--ink); }
.chart { width: 100%; height: auto; }
.stats { display: grid; grid-template-columns: repeat(2, 1fr); gap: 6px 16px; width: 100%; font-size: 13px; }
.stats dt { color: var(--muted); } .stats dd { margin: 0; text-align: right; font-weight: 600; }
.sev-row { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 14px; }
.sev-box { flex: 1; min-width: 90px; border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
.sev-box b { display: block; font-size: 22px; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600;
  white-space: nowrap; border: 1px solid transparent; }
.sev-critical { background: #7f1d1d; color: #fff; } .sev-high { background: #dc2626; color: #fff; }
.sev-medium { background: #f59e0b; color: #1c1917; } .sev-low { background: #dbeafe; color: #1e3a8a; }
.sev-info { background: #f1f5f9; color: #334155; }
.st-fail { background: #fee2e2; color: #991b1b; } .st-error { background: #f3e8ff; color: #6b21a8; }
.st-skip { background: #f1f5f9; color: #475569; } .st-pass { background: #dcfce7; color: #166534; }
.st-suppressed { background: #fff; color: #475569; border-color: #cbd5e1; }
.filters { display: flex; gap: 10px; flex-wrap: wrap; align-items: center; margin-bottom: 12px; }
.filters select, .filters input { font: inherit; padding: 6px 8px; border: 1px solid #cbd5e1;
  border-radius: 6px; background: #fff; }
.filters input { flex: 1; min-width: 220px; }
.count { color: var(--muted); margin-left: auto; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th { text-align: left; color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--line);
  padding: 8px; position: sticky; top: 0; background: var(--card); }
td { border-bottom: 1px solid var(--line); padding: 8px; vertical-align: top; }
td.res { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; width: 26%;
  overflow-wrap: anywhere; }
td.ctl code { overflow-wrap: anywhere; }
td .fix { color: var(--muted); margin-top: 4px; }
tr[hidden] { display: none; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.empty { color: var(--muted); padding: 16px 8px; }
ul.diag { margin: 0; padding-left: 18px; } ul.diag li { margin: 4px 0; }
.diag-error { color: #991b1b; } .diag-warning { color: #92400e; }
section.block { margin-bottom: 20px; }
.hint { color: var(--muted); margin: -6px 0 10px; font-size: 13px; }
td.cap { text-transform: capitalize; }
.stage-traditional { background: #f1f5f9; color: #334155; } .stage-initial { background: #fef3c7; color: #92400e; }
.stage-advanced { background: #dbeafe; color: #1e40af; } .stage-optimal { background: #dcfce7; color: #166534; }
.notes h3 { font-size: 13px; margin: 12px 0 4px; color: var(--muted); font-weight: 600; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
@media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
`;

// Filters rows by their data attributes and text; no markup is ever built from data here.
export const SCRIPT = `
(() => {
  const byId = (id) => document.getElementById(id);
  const rows = Array.from(document.querySelectorAll("#findings tbody tr"));
  const fields = ["f-pillar", "f-severity", "f-status", "f-text"].map(byId);
  const matchesStatus = (wanted, status) =>
    wanted === "all" || (wanted === "problems" ? status === "fail" || status === "error" : status === wanted);
  const apply = () => {
    const [pillar, severity, status, text] = fields.map((field) => field.value.trim().toLowerCase());
    let shown = 0;
    for (const row of rows) {
      const data = row.dataset;
      const visible = (pillar === "" || data.pillar === pillar) &&
        (severity === "" || data.severity === severity) && matchesStatus(status, data.status) &&
        (text === "" || row.textContent.toLowerCase().includes(text));
      row.hidden = !visible;
      if (visible) shown += 1;
    }
    byId("f-count").textContent = shown + " of " + rows.length + " shown";
    byId("f-empty").hidden = shown !== 0;
  };
  for (const field of fields) field.addEventListener("input", apply);
  apply();
})();
`;
