/** ONNX file suffix per dtype (as `dtypeSuffix` in src/lib/lm/registry.ts). */
export declare const DTYPE_SUFFIX: Record<string, string>;
/** The dtype used when --dtype is not given. */
export declare const DEFAULT_DTYPE: string;
/** The longest context the runtime feeds an added model. */
export declare const RUNTIME_CONTEXT_CAP: number;
/** A problem reported in one plain line. */
export declare class AddError extends Error {}
/** The context window a config declares, or null. */
export declare function contextLengthOf(config: unknown): number | null;
/** The token to score after, with the reason it was picked, or null. */
export declare function pickBosToken(config: unknown, tokenizerConfig: unknown, tokenizer: unknown): { token: string; why: string } | null;
/** The licence in a model card's front matter, or undefined. */
export declare function licenceFromReadme(text: string): string | undefined;
/** The Hub host with a trailing slash: the flag, else $HF_ENDPOINT, else site.config.ts's hubHost. */
export declare function hubHost(flag: string | undefined, env?: Record<string, string | undefined>): string;
