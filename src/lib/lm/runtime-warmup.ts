/**
 * Setting ONNX Runtime up while the model's files load. ONNX Runtime prepares itself (fetches and
 * instantiates its WebAssembly, starts its runtime) when it creates its first session, which in
 * a plain load happens only after config.json and the whole model file have arrived. Creating a
 * session for a one-node model right away does that work alongside those downloads; the model's
 * own session then finds the runtime ready, since ONNX Runtime sets a backend up once and every
 * session shares it (and a set-up still under way is awaited, not started twice).
 */

/**
 * An ONNX model with a single Identity node (float[1] `x` → `y`), opset 13, IR version 8: the
 * smallest model ONNX Runtime accepts (written with `onnx.helper`; tests/unit/runtime-warmup.test.ts
 * runs it).
 */
export const IDENTITY_MODEL: Uint8Array = Uint8Array.from([
  8, 8, 18, 8, 108, 109, 45, 110, 111, 116, 101, 115, 58, 60, 10, 16, 10, 1, 120, 18, 1, 121, 34, 8, 73, 100, 101, 110, 116, 105, 116, 121, 18, 6,
  119, 97, 114, 109, 117, 112, 90, 15, 10, 1, 120, 18, 10, 10, 8, 8, 1, 18, 4, 10, 2, 8, 1, 98, 15, 10, 1, 121, 18, 10, 10, 8, 8, 1, 18, 4, 10, 2,
  8, 1, 66, 4, 10, 0, 16, 13,
]);

/** What this module needs of ONNX Runtime's `InferenceSession`. */
export interface SessionMaker {
  create(model: Uint8Array, options: { executionProviders: string[] }): Promise<{ release(): Promise<void> }>;
}

/**
 * Starts ONNX Runtime's WebAssembly backend now, without waiting for it. A failure is left to
 * the model's own load, which meets the same failure and reports it.
 */
export function startWasmRuntime(sessions: SessionMaker): Promise<void> {
  return sessions.create(IDENTITY_MODEL, { executionProviders: ['wasm'] }).then(
    (s) => s.release(),
    () => undefined,
  );
}
