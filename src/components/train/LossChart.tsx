/**
 * The loss curve of a training run as an inline SVG line chart (no chart library): loss in bits
 * per token against the step, with two dashed reference lines, the uniform guess log₂|V| (where
 * training starts) and the best loss any bigram model can reach on the text.
 *
 * The SVG is an image for assistive technology; its text alternative is the caption the parent
 * passes in (`describedBy`), which states the current loss in words.
 */
import type { LossPoint } from '../../lib/train/protocol';
import { formatBits } from '../../lib/format/numbers';
import { TRAIN_BITS } from './format';

/** Props of the loss chart. */
export interface LossChartProps {
  /** Points of the curve, in step order. */
  points: LossPoint[];
  /** Right end of the x axis (the step at which the run stops). */
  maxStep: number;
  /** log₂|V|: the loss of a uniform guess, drawn as a reference line (null to leave out). */
  uniformBits: number | null;
  /** The best bigram loss on the text, drawn as a reference line (null to leave out). */
  bestBigramBits: number | null;
  /** Id of the element that describes the chart in words. */
  describedBy: string;
  /** Short accessible name of the chart. */
  label: string;
}

const W = 600;
const H = 240;
const PAD = { left: 48, right: 16, top: 12, bottom: 36 };

/** "Nice" tick values from 0 up to the first one ≥ `max`. */
function ticks(max: number, count: number): number[] {
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [0];
  while ((out.at(-1) as number) < max - 1e-9) out.push(Number((out.length * step).toPrecision(6)));
  return out;
}

/** The loss chart. */
export default function LossChart({ points, maxStep, uniformBits, bestBigramBits, describedBy, label }: LossChartProps) {
  const xMax = Math.max(1, maxStep, points.at(-1)?.step ?? 0);
  const highest = Math.max(1, uniformBits ?? 0, ...points.map((p) => (Number.isFinite(p.bits) ? p.bits : 0)));
  const yTicks = ticks(highest * 1.05, 5);
  const yMax = yTicks.at(-1) as number;
  const xTicks = ticks(xMax, 4).filter((t) => t <= xMax + 1e-9);
  const x = (step: number): number => PAD.left + (step / xMax) * (W - PAD.left - PAD.right);
  const y = (bits: number): number => H - PAD.bottom - (Math.min(bits, yMax) / yMax) * (H - PAD.top - PAD.bottom);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.step).toFixed(1)},${y(p.bits).toFixed(1)}`).join('');
  const last = points.at(-1);

  return (
    <svg class="train-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} aria-describedby={describedBy} preserveAspectRatio="xMidYMid meet">
      <g class="train-chart__grid" aria-hidden="true">
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end">
              {t}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} x={x(t)} y={H - PAD.bottom + 16} text-anchor="middle">
            {t.toLocaleString('en')}
          </text>
        ))}
        <text x={(PAD.left + W - PAD.right) / 2} y={H - 4} text-anchor="middle">
          training step
        </text>
        <text x={12} y={(PAD.top + H - PAD.bottom) / 2} text-anchor="middle" transform={`rotate(-90 12 ${(PAD.top + H - PAD.bottom) / 2})`}>
          bits per token
        </text>
      </g>
      {uniformBits !== null && (
        <g class="train-chart__ref train-chart__ref--uniform" aria-hidden="true">
          <line x1={PAD.left} x2={W - PAD.right} y1={y(uniformBits)} y2={y(uniformBits)} />
          <text x={W - PAD.right - 4} y={y(uniformBits) - 5} text-anchor="end">
            uniform guess: {formatBits(uniformBits, ...TRAIN_BITS)}
          </text>
        </g>
      )}
      {bestBigramBits !== null && (
        <g class="train-chart__ref train-chart__ref--best" aria-hidden="true">
          <line x1={PAD.left} x2={W - PAD.right} y1={y(bestBigramBits)} y2={y(bestBigramBits)} />
          <text x={W - PAD.right - 4} y={y(bestBigramBits) - 5} text-anchor="end">
            best possible bigram: {formatBits(bestBigramBits, ...TRAIN_BITS)}
          </text>
        </g>
      )}
      {path && <path class="train-chart__line" d={path} aria-hidden="true" />}
      {last && <circle class="train-chart__dot" cx={x(last.step)} cy={y(last.bits)} r={4} aria-hidden="true" />}
    </svg>
  );
}
