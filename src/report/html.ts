/**
 * Self-contained HTML reports: one file with inline CSS and inline SVG plots, readable offline and printable.
 */

/** One block of a report. */
export type ReportBlock =
  | { kind: 'text'; html: string }
  | { kind: 'plot'; svg: string; caption?: string }
  | { kind: 'table'; header: string[]; rows: Array<Array<string | number>>; caption?: string }
  | { kind: 'figures'; items: Array<{ label: string; value: string }> };

/** A titled section of a report. */
export interface ReportSection {
  heading: string;
  blocks: ReportBlock[];
}

/** A report: title, a line of context, sections. */
export interface Report {
  title: string;
  subtitle?: string;
  sections: ReportSection[];
  /** Shown at the bottom: command line, seed, version, date. */
  footer?: string;
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function formatCell(x: string | number): string {
  if (typeof x === 'string') return escapeHtml(x);
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(1) : a >= 1 ? x.toFixed(3) : x.toPrecision(3);
}

const STYLE = `
  body { font: 15px/1.5 Helvetica, Arial, sans-serif; color: #1d1d1f; margin: 0; background: #fafafa; }
  main { max-width: 1080px; margin: 0 auto; padding: 24px 32px 48px; background: white; }
  h1 { font-size: 26px; margin: 8px 0 2px; }
  .subtitle { color: #555; margin: 0 0 16px; }
  h2 { font-size: 19px; border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
  figure { margin: 12px 0 20px; }
  figure svg { max-width: 100%; height: auto; }
  figcaption { color: #555; font-size: 13px; }
  table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
  th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 10px; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  th { background: #f3f3f3; }
  .figures { display: flex; flex-wrap: wrap; gap: 10px 28px; margin: 8px 0 16px; }
  .figures div { min-width: 120px; }
  .figures .v { font-size: 20px; font-weight: 600; }
  .figures .l { color: #666; font-size: 12px; }
  footer { color: #777; font-size: 12px; margin-top: 40px; border-top: 1px solid #eee; padding-top: 8px; }
`;

/**
 * Renders a report as one HTML string.
 * @example
 * const html = reportHtml({ title: 'Analysis', sections: [{ heading: 'Numbers', blocks: [{ kind: 'text', html: '<p>ok</p>' }] }] });
 */
export function reportHtml(report: Report): string {
  const blocks = (b: ReportBlock): string => {
    switch (b.kind) {
      case 'text':
        return b.html;
      case 'plot':
        return `<figure>${b.svg}${b.caption ? `<figcaption>${escapeHtml(b.caption)}</figcaption>` : ''}</figure>`;
      case 'table':
        return `<table>${b.caption ? `<caption>${escapeHtml(b.caption)}</caption>` : ''}<thead><tr>${b.header
          .map((h) => `<th>${escapeHtml(h)}</th>`)
          .join('')}</tr></thead><tbody>${b.rows
          .map((r) => `<tr>${r.map((c) => `<td>${formatCell(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
      case 'figures':
        return `<div class="figures">${b.items
          .map((i) => `<div><div class="v">${escapeHtml(i.value)}</div><div class="l">${escapeHtml(i.label)}</div></div>`)
          .join('')}</div>`;
    }
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${escapeHtml(report.title)}</h1>
${report.subtitle ? `<p class="subtitle">${escapeHtml(report.subtitle)}</p>` : ''}
${report.sections.map((s) => `<section><h2>${escapeHtml(s.heading)}</h2>\n${s.blocks.map(blocks).join('\n')}</section>`).join('\n')}
${report.footer ? `<footer>${escapeHtml(report.footer)}</footer>` : ''}
</main></body></html>
`;
}
