/** Small charts as plain SVG elements: no chart library, nothing but React. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const width = 96;
  const height = 24;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((value, index) => `${(index * step).toFixed(1)},${(height - 2 - (value / max) * (height - 4)).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}: ${values.join(', ')} per week`}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

export function BarChart({ bars, label }: { bars: { key: string; label: string; value: number }[]; label: string }) {
  const width = 560;
  const barHeight = 18;
  const gap = 6;
  const labelWidth = 150;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const height = bars.length * (barHeight + gap);
  return (
    <svg className="bars" width="100%" viewBox={`0 0 ${width} ${Math.max(height, barHeight)}`} role="img" aria-label={label}>
      {bars.map((bar, index) => {
        const y = index * (barHeight + gap);
        const w = ((width - labelWidth - 40) * bar.value) / max;
        return (
          <g key={bar.key}>
            <text x={0} y={y + 13} fontSize="12" fill="currentColor">
              {bar.label.length > 22 ? `${bar.label.slice(0, 21)}…` : bar.label}
            </text>
            <rect x={labelWidth} y={y} width={Math.max(w, 1)} height={barHeight} rx="3" className="bar" />
            <text x={labelWidth + w + 6} y={y + 13} fontSize="12" fill="currentColor">
              {bar.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
