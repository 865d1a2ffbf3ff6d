/** Renders a report as a console table or a Markdown table. */

function fmt(value) {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function ratio(value) {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '—';
}

/** One line per contender error, as `bullet name [who]: message`. */
function errorLines(report, bullet) {
  return report.cases.flatMap((r) =>
    Object.entries(r.errors ?? {}).map(([who, message]) => `${bullet}${r.name} [${who}]: ${message}`),
  );
}

function cells(r) {
  const names = Object.keys(r.baselines);
  // A row with no target (target null) is reported for comparison only: neither met nor missed.
  const judged = r.target === null ? '—' : r.met ? 'yes' : 'NO';
  const status = r.errors ? (r.ours === null ? 'ERROR' : `${judged === 'NO' ? 'no' : judged}*`) : judged;
  return [
    r.name,
    r.unit,
    fmt(r.ours),
    names.map((n) => `${n} ${fmt(r.baselines[n])}`).join(', ') || '—',
    names.map((n) => `${n} ${ratio(r.ratios[n])}`).join(', ') || '—',
    r.target ?? 'none (for comparison)',
    status,
  ];
}

const HEADER = ['case', 'unit', 'ours', 'baselines', 'ours ÷ baseline', 'target', 'met'];

export function textTable(report) {
  const rows = [HEADER, ...report.cases.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) =>
    r
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  const notes = report.cases.filter((r) => r.note);
  if (notes.length > 0) {
    out.push('', 'notes:');
    for (const r of notes) out.push(`  ${r.name}: ${r.note}`);
  }
  const errors = errorLines(report, '  ');
  if (errors.length > 0) out.push('', '* errors:', ...errors);
  out.push('', `${report.date}  node ${report.node}  ${report.cpu}  scale ${report.scale}`);
  return out.join('\n');
}

export function markdownTable(report) {
  const cell = (c) => String(c).replaceAll('|', '\\|');
  const header = [...HEADER, 'note'];
  const out = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...report.cases.map((r) => `| ${[...cells(r), r.note ?? ''].map(cell).join(' | ')} |`),
  ];
  const errors = errorLines(report, '* ');
  if (errors.length > 0) out.push('', 'Errors:', '', ...errors);
  out.push(
    '',
    `Run: \`${report.command}\` on ${report.date}, Node ${report.node}, ${report.cpu}, ` +
      `${report.platform}, ${report.memory_gib} GiB RAM, scale ${report.scale}, ${report.duration_s} s.`,
  );
  return out.join('\n');
}
