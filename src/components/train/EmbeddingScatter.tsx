/**
 * The learned token vectors as a 2-D scatter plot with token labels (inline SVG). With d = 2 the
 * embeddings are drawn as they are; otherwise (the bigram model's |V|-long columns, or d > 2) the
 * parent passes a principal-component projection. A table of the coordinates is the text
 * alternative.
 */
import type { EmbeddingPoint } from '../../lib/train/protocol';
import type { TokenizerKind } from '../../lib/train/tokenizers';
import { tokenLabel } from './format';
import { TableScroll } from '../widgets/shared/TableScroll';

/** Props of the scatter plot. */
export interface EmbeddingScatterProps {
  /** One point per token. */
  points: EmbeddingPoint[];
  /** `raw`: the axes are the two embedding dimensions; `projected`: principal directions. */
  view: 'raw' | 'projected';
  /** How tokens are shown (character tokens get a visible space). */
  tokenizer: TokenizerKind;
  /** Id of the element that describes the plot in words. */
  describedBy: string;
}

const W = 420;
const H = 300;
const PAD = 28;

/** The scatter plot of token vectors. */
export default function EmbeddingScatter({ points, view, tokenizer, describedBy }: EmbeddingScatterProps) {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const span = (v: number[]): [number, number] => {
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    const pad = Math.max((hi - lo) * 0.08, 1e-6);
    return [lo - pad, hi + pad];
  };
  const [x0, x1] = span(xs);
  const [y0, y1] = span(ys);
  const sx = (v: number): number => PAD + ((v - x0) / (x1 - x0)) * (W - 2 * PAD);
  const sy = (v: number): number => H - PAD - ((v - y0) / (y1 - y0)) * (H - 2 * PAD);
  const axis = view === 'raw' ? ['dimension 1', 'dimension 2'] : ['first principal direction', 'second principal direction'];
  const zeroX = x0 < 0 && x1 > 0 ? sx(0) : null;
  const zeroY = y0 < 0 && y1 > 0 ? sy(0) : null;

  return (
    <div class="train-scatter">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Token vectors in 2-D (${axis[0]} across, ${axis[1]} up)`} aria-describedby={describedBy}>
        <g aria-hidden="true">
          <rect class="train-scatter__frame" x={PAD} y={PAD} width={W - 2 * PAD} height={H - 2 * PAD} />
          {zeroX !== null && <line class="train-scatter__axis" x1={zeroX} x2={zeroX} y1={PAD} y2={H - PAD} />}
          {zeroY !== null && <line class="train-scatter__axis" x1={PAD} x2={W - PAD} y1={zeroY} y2={zeroY} />}
          <text x={W / 2} y={H - 8} text-anchor="middle">
            {axis[0]}
          </text>
          <text x={12} y={H / 2} text-anchor="middle" transform={`rotate(-90 12 ${H / 2})`}>
            {axis[1]}
          </text>
          {points.map((p) => (
            <g key={p.token}>
              <circle class="train-scatter__dot" cx={sx(p.x)} cy={sy(p.y)} r={4} />
              <text class="train-scatter__label" x={sx(p.x) + 6} y={sy(p.y) - 6}>
                {tokenLabel(p.token, tokenizer)}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <details class="train-details">
        <summary>Coordinates as a table</summary>
        <TableScroll label="Embedding coordinates">
          <table>
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col" class="lm-num">
                  {axis[0]}
                </th>
                <th scope="col" class="lm-num">
                  {axis[1]}
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.token}>
                  <td>
                    <span class="lm-token">{tokenLabel(p.token, tokenizer)}</span>
                  </td>
                  <td class="lm-num">{p.x.toFixed(3)}</td>
                  <td class="lm-num">{p.y.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </div>
  );
}
