/**
 * Incremental decoding with a key/value cache: feed tokens, keep the attention keys and values
 * of everything fed so far in a transformers.js `DynamicCache`, and get logits for the new
 * positions without recomputing the old ones. Used by generation and by "append a token"
 * widgets (the engine reuses one session while the context only grows).
 */
import { DynamicCache, Tensor } from '@huggingface/transformers';
import type { PreTrainedModel } from '@huggingface/transformers';
import { LmError } from './errors';

/** Logits for some consecutive positions: row r is `data[r*vocab .. (r+1)*vocab)`. */
export interface LogitRows {
  /** Row-major logits, float32. */
  data: Float32Array;
  /** Number of rows (positions). */
  rows: number;
  /** Logits per row. */
  vocab: number;
}

/** One row of a LogitRows block (a view, not a copy). */
export function logitRow(block: LogitRows, r: number): Float32Array {
  return block.data.subarray(r * block.vocab, (r + 1) * block.vocab);
}

/** Names of the model's ONNX inputs. */
function inputNames(model: PreTrainedModel): string[] {
  const session = (model.sessions['model'] ?? model.sessions['decoder_model_merged']) as { inputNames?: string[] } | undefined;
  return session?.inputNames ?? [];
}

/**
 * A growing token sequence with its KV cache. `append` never lets the model see more than
 * `contextLength` positions: it throws `context-too-long` instead (callers slide first).
 */
export class DecodeSession {
  /** Every id fed so far, in order. */
  readonly ids: number[] = [];
  private cache: DynamicCache | null = null;
  private last: Float32Array | null = null;
  private readonly hasLogitsToKeep: boolean;

  /** A session over `model` with at most `contextLength` positions. */
  constructor(
    private readonly model: PreTrainedModel,
    readonly contextLength: number,
  ) {
    this.hasLogitsToKeep = inputNames(model).includes('num_logits_to_keep');
  }

  /** Logits of the last position fed (null before the first append). */
  get lastLogits(): Float32Array | null {
    return this.last;
  }

  /** Number of positions in the cache. */
  get length(): number {
    return this.ids.length;
  }

  /**
   * Feeds `ids` after everything fed so far (in one forward pass) and returns their logits:
   * every row when `allRows`, else only the last one.
   */
  async append(ids: readonly number[], allRows = false): Promise<LogitRows> {
    if (ids.length === 0) throw new LmError('empty-input');
    const past = this.ids.length;
    const total = past + ids.length;
    if (total > this.contextLength) {
      throw new LmError(
        'context-too-long',
        `The model can look at ${this.contextLength} tokens at once; this would make ${total}.`,
      );
    }
    const inputs: Record<string, unknown> = {
      input_ids: new Tensor('int64', BigInt64Array.from(ids, (x) => BigInt(x)), [1, ids.length]),
      attention_mask: new Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]),
    };
    if (this.cache) inputs['past_key_values'] = this.cache;
    if (this.hasLogitsToKeep) {
      inputs['num_logits_to_keep'] = new Tensor('int64', BigInt64Array.of(allRows ? 0n : 1n), []);
    }
    const out = (await this.model.forward(inputs)) as Record<string, Tensor>;
    const present: Record<string, Tensor> = {};
    for (const name of Object.keys(out)) {
      if (name.startsWith('present')) present[name.replace('present', 'past_key_values')] = out[name] as Tensor;
    }
    if (this.cache) this.cache.update(present);
    else this.cache = new DynamicCache(present);
    this.ids.push(...ids);

    const logits = out['logits'];
    if (!logits) throw new LmError('internal', 'The model returned no logits.');
    const f32 = logits.type === 'float32' ? logits : logits.to('float32');
    const data = f32.data as Float32Array;
    const dims = f32.dims;
    const vocab = dims.at(-1);
    if (vocab === undefined || !(vocab > 0) || data.length % vocab !== 0) {
      throw new LmError('internal', `The model returned logits of an unexpected shape [${dims.join(', ')}].`);
    }
    const rows = data.length / vocab;
    this.last = data.slice((rows - 1) * vocab, rows * vocab);
    if (allRows) return { data, rows, vocab };
    return { data: this.last, rows: 1, vocab };
  }

  /** Forgets everything fed (and frees GPU cache buffers). */
  async reset(): Promise<void> {
    const cache = this.cache;
    this.cache = null;
    this.last = null;
    this.ids.length = 0;
    if (cache) await cache.dispose();
  }

  /** Same as reset; call when the session is no longer needed. */
  async dispose(): Promise<void> {
    await this.reset();
  }
}
