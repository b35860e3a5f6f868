/**
 * Assembles the self-contained report page: the charting libraries' browser builds, the data
 * and the chart specifications are all inlined, and nothing is fetched when it opens.
 * Pure: the library texts are passed in (libraries.ts reads them from node_modules).
 */
import type { Chart, ChartSet } from './charts.ts';
import { MAX_SERIES_POINTS, SIG_DIGITS } from './downsample.ts';
import type { ParameterRow } from './parameters.ts';
import type { RunReportData } from './run-data.ts';
import type { StudyReportData } from './study-data.ts';
import type { SweepReportData } from './sweep-data.ts';

export interface ChartLibraries {
  /** name@version of each, for the page's footer. */
  versions: string[];
  /** Script texts in load order (vega, vega-lite, vega-embed). */
  scripts: string[];
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text safe inside a <script> element. */
function scriptSafe(js: string): string {
  if (js.includes('<!--')) throw new Error('a chart library contains "<!--", which cannot be inlined in a <script> safely');
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

/** JSON safe inside a <script type="application/json"> element. */
function jsonSafe(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function table(rows: { name: string; value: string }[], head: [string, string]): string {
  const body = rows.map((r) => `<tr><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.value)}</td></tr>`).join('\n');
  return `<table><thead><tr><th>${escapeHtml(head[0])}</th><th>${escapeHtml(head[1])}</th></tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function parameterTable(rows: ParameterRow[]): string {
  return table(rows.map((r) => ({ name: r.path, value: r.value })), ['parameter', 'value']);
}

function chartBlock(c: Chart): string {
  return `<figure class="chart-box"><figcaption><b>${escapeHtml(c.title)}</b><br><span>${escapeHtml(c.note)}</span></figcaption>` +
    `<div class="chart" id="${escapeHtml(c.id)}" data-chart="${escapeHtml(c.id)}"></div></figure>`;
}

function chartSections(charts: Chart[]): string {
  const sections: string[] = [];
  for (const c of charts) if (!sections.includes(c.section)) sections.push(c.section);
  return sections
    .map((s) => `<section><h2>${escapeHtml(s)}</h2><div class="grid">${charts.filter((c) => c.section === s).map(chartBlock).join('\n')}</div></section>`)
    .join('\n');
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1f2d3d;color:#fff;padding:16px 28px}header h1{margin:0 0 4px;font-size:22px}header p{margin:0;opacity:.85}
main{padding:8px 28px 28px}h2{font-size:17px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:26px}
.grid{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}.chart-box{margin:0;background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:10px 12px}
figcaption{margin-bottom:6px;max-width:640px}figcaption span{color:#555;font-size:12.5px}
table{border-collapse:collapse;background:#fff;font-size:13px}td,th{border:1px solid #e3e3e3;padding:3px 10px;text-align:left}
td:last-child{font-family:ui-monospace,Menlo,Consolas,monospace}th{background:#f0f2f5}
.status{display:inline-block;padding:8px 14px;border-radius:6px;font-weight:600}.ok{background:#e3f4e8;color:#1e6b34}.bad{background:#fde8e6;color:#a12a1d}
.tables{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}footer{color:#666;font-size:12px;padding:0 28px 24px}
.chart-error{color:#a12a1d;font-weight:600}
`;

/** Renders each chart, marks it data-rendered="true" (or "error"), then body data-ready="true". */
const BOOT = `
(function(){
  var R = JSON.parse(document.getElementById('taosim-report-data').textContent);
  var jobs = R.charts.map(function(c){
    var el = document.getElementById(c.id);
    var spec = c.spec; spec.datasets = {};
    c.uses.forEach(function(n){ spec.datasets[n] = R.datasets[n]; });
    return vegaEmbed(el, spec, {mode:'vega-lite', renderer:'svg', actions:false})
      .then(function(){ el.setAttribute('data-rendered','true'); })
      .catch(function(e){ el.setAttribute('data-rendered','error'); el.className += ' chart-error';
        el.textContent = 'This chart failed to draw: ' + e.message; console.error('chart ' + c.id + ': ' + e.message); });
  });
  Promise.all(jobs).then(function(){ document.body.setAttribute('data-ready','true'); });
})();
`;

function runBody(d: RunReportData): string {
  const c = d.conservation;
  const status = c.ok
    ? `<span class="status ok">Conservation holds: every rao accounted for at all ${c.checkedBlocks} checked blocks.</span>`
    : `<span class="status bad">Conservation FAILED (${c.checkedBlocks} blocks checked). First failure: ${escapeHtml(c.firstFailure ?? 'not given')}</span>`;
  const cabal = d.hasCabal ? '' : '<p>No agent kind starting with <code>cabal</code> in epochs.csv: the cabal charts are left out.</p>';
  return `<section><h2>Conservation check</h2>${status}</section>
${cabal}
<section><h2>Totals and gaming metrics</h2><div class="tables">${table(d.totals, ['total', 'value'])}${table(d.gaming, ['metric', 'value'])}</div></section>`;
}

function runFooter(d: RunReportData): string {
  const s = d.sizes;
  const shown = s.subnetsShown.length < s.subnets ? ` Subnet charts show the ${s.subnetsShown.length} subnets with the largest mean emission share of ${s.subnets}.` : '';
  const merged = s.epochsPerPoint > 1 ? ` Epoch charts merge ${s.epochsPerPoint} consecutive epochs per point.` : '';
  return `Data: network.csv ${s.networkRows} rows drawn as ${s.networkPoints} points; blocks.csv ${s.blockRows} rows drawn as ${s.blockPoints} points; ` +
    `epochs.csv ${s.epochRows} rows summarised into ${s.epochGroups} epoch points.${shown}${merged}`;
}

function sweepBody(d: SweepReportData): string {
  const params = d.parameters.map((p) => ({
    name: p.name,
    value: `${p.tiedTo !== null ? `derived, tied to ${p.tiedTo}` : p.varied ? 'varied' : 'fixed'}: ${p.values.join(', ')}`,
  }));
  return `<section><h2>Parameters and metrics</h2><div class="tables">${table(params, ['parameter', 'values'])}` +
    `<table><thead><tr><th>metric</th></tr></thead><tbody>${d.metrics.map((m) => `<tr><td>${escapeHtml(m)}</td></tr>`).join('')}</tbody></table></div></section>`;
}

const threshold = (x: number): string => (Number.isNaN(x) ? 'none' : x.toFixed(3));

function studyBody(d: StudyReportData): string {
  const n = d.table.config.replicates;
  const head = '<tr><th>major stake S_H</th><th>W_H to retain (mean)</th><th>min</th><th>max</th><th>replicates with a threshold</th></tr>';
  const body = d.summary
    .map((s) => `<tr><td>${s.majorStake}</td><td>${threshold(s.mean)}</td><td>${threshold(s.min)}</td><td>${threshold(s.max)}</td><td>${s.n}/${n}</td></tr>`)
    .join('\n');
  return `<section><h2>Study parameters (study.json)</h2><div class="tables">${table(d.parameters, ['parameter', 'value'])}` +
    `<table class="retention"><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>` +
    '<p>The threshold is the least honest utility W_H from which, walking down from W_H = 1, the honest emission share stays at or above the honest stake against every cabal self-weight W_C, interpolated to where the worst case crosses the stake (retention.csv; see docs/study.md). \u201cnone\u201d: even W_H = 1 loses stake.</p></section>';
}

type ReportData = RunReportData | SweepReportData | StudyReportData;

function subtitleOf(d: ReportData): string {
  if (d.kind === 'run') {
    return `scenario <b>${escapeHtml(d.meta.scenarioName)}</b> · seed ${escapeHtml(d.meta.seed)} · blocks ${d.meta.startBlock}\u2013${d.meta.endBlock} (${d.meta.blocks}) · taosim ${escapeHtml(d.meta.taosimVersion)}`;
  }
  if (d.kind === 'sweep') return `${d.sizes.runs} runs at ${d.sizes.points} parameter points · ${d.metrics.length} metrics`;
  return escapeHtml(d.description);
}

/** The whole page for a report. `charts` come from reportCharts(data). */
export function renderReportHtml(d: ReportData, set: ChartSet, libs: ChartLibraries): string {
  const subtitle = subtitleOf(d);
  const top = d.kind === 'run' ? runBody(d) : d.kind === 'sweep' ? sweepBody(d) : studyBody(d);
  const params = d.kind === 'run'
    ? `<section><h2>Scenario parameters (scenario.resolved.yaml)</h2>${parameterTable(d.parameters)}</section>`
    : d.kind === 'sweep' ? `<section><h2>Sweep as run (sweep.resolved.yaml)</h2>${parameterTable(d.sweepParameters)}</section>` : '';
  const sizes = d.kind === 'run' ? runFooter(d)
    : d.kind === 'sweep' ? `Data: runs.csv ${d.sizes.runs} runs; summary.csv ${d.sizes.summaryRows} rows.`
    : `Data: grid.csv ${d.sizes.gridRows} rows (charts use the mean over replicates per grid point); retention.csv ${d.sizes.retentionRows} rows.`;
  const payload = { charts: set.charts.map((c) => ({ id: c.id, uses: c.uses, spec: c.spec })), datasets: set.datasets };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(d.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(d.title)}</h1><p>${subtitle}</p></header>
<main>
${top}
${chartSections(set.charts)}
${params}
</main>
<footer>${escapeHtml(sizes)}${d.kind === 'study' ? ' Every grid point is drawn; floats are embedded to 10 significant digits.' : ` Time series longer than ${MAX_SERIES_POINTS} points keep, per bucket of rows, the first, last, lowest and highest (see docs/report.md); floats are embedded to ${SIG_DIGITS} significant digits.`} The CSVs hold the exact values. Charts: ${escapeHtml(libs.versions.join(', '))}.</footer>
<script type="application/json" id="taosim-report-data">${jsonSafe(payload)}</script>
${libs.scripts.map((s) => `<script>${scriptSafe(s)}</script>`).join('\n')}
<script>${BOOT}</script>
</body>
</html>
`;
}
