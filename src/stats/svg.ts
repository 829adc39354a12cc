import { escapeHtml } from "../publish/notice.js";

/** A horizontal bar chart: one row per label, one bar per series. */
export interface BarChart {
  readonly title: string;
  readonly series: readonly string[];
  readonly rows: readonly { readonly label: string; readonly values: readonly number[] }[];
  /** The value of a full-width bar [the largest value]. */
  readonly max?: number;
  /** How a value is written beside its bar [the number]. */
  readonly format?: (v: number) => string;
}

const COLORS = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#c53030"];

/** Approximate width in pixels of a label at 12 px: full-width (CJK) characters 12 px, others 7 px. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\uffff]/.test(ch) ? 12 : 7;
  return w;
}

/**
 * A horizontal bar chart as inline SVG (no script, no external resource; text is escaped), sized to print
 * on A4. Each bar has a `<title>` with its exact value.
 */
export function barChartSvg(c: BarChart): string {
  const labelW = Math.min(340, Math.max(80, ...c.rows.map((r) => textWidth(r.label) + 12)));
  const barW = 380;
  const valueW = 90;
  const bar = 12;
  const gap = 2;
  const rowH = c.series.length * (bar + gap) + 8;
  const legendH = c.series.length > 1 ? 22 : 0;
  const top = 26 + legendH;
  const width = labelW + barW + valueW;
  const height = top + c.rows.length * rowH + 6;
  const max = c.max ?? Math.max(1e-9, ...c.rows.flatMap((r) => r.values));
  const fmt = c.format ?? ((v: number) => String(v));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${escapeHtml(c.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-size="12">`,
    `<title>${escapeHtml(c.title)}</title>`,
    `<text x="0" y="16" font-size="14" font-weight="bold">${escapeHtml(c.title)}</text>`,
  ];
  if (legendH > 0) {
    let x = labelW;
    c.series.forEach((s, j) => {
      out.push(
        `<rect x="${x}" y="26" width="12" height="12" fill="${COLORS[j % COLORS.length]}"/>` +
          `<text x="${x + 16}" y="36">${escapeHtml(s)}</text>`,
      );
      x += 24 + s.length * 13;
    });
  }
  c.rows.forEach((r, i) => {
    const y = top + i * rowH;
    out.push(
      `<text x="${labelW - 6}" y="${y + (rowH - 8) / 2 + 4}" text-anchor="end">${escapeHtml(r.label)}</text>`,
    );
    r.values.forEach((v, j) => {
      const w = Math.max(0, Math.min(1, v / max)) * barW;
      const by = y + j * (bar + gap);
      out.push(
        `<rect class="bar" x="${labelW}" y="${by}" width="${w.toFixed(1)}" height="${bar}" fill="${COLORS[j % COLORS.length]}"><title>${escapeHtml(`${r.label} ${c.series[j] ?? ""} ${fmt(v)}`)}</title></rect>` +
          `<text x="${(labelW + w + 4).toFixed(1)}" y="${by + bar - 2}">${escapeHtml(fmt(v))}</text>`,
      );
    });
  });
  out.push(
    `<line x1="${labelW}" y1="${top - 2}" x2="${labelW}" y2="${height - 4}" stroke="#333" stroke-width="1"/>`,
    "</svg>",
  );
  return out.join("\n");
}
