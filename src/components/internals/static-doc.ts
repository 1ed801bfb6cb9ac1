/**
 * The data a static (build-time) token figure and the island's first render share: the
 * document's tokens with their log-probabilities from the figures model (the embedded one by default).
 */

/** One token of the static figure. */
export interface StaticToken {
  /** Token id. */
  id: number;
  /** Vocabulary string. */
  token: string;
  /** Text it contributes. */
  text: string;
  /** Whether it is a special token (role marker). */
  special: boolean;
  /** log p given everything before it (nats). */
  logprob: number;
}

/** A rendered, scored document. */
export interface StaticDoc {
  /** The model that computed it. */
  modelId: string;
  /** The document text. */
  text: string;
  /** Its tokens (the start token the model sees first is not listed). */
  tokens: StaticToken[];
}
