/**
 * Site-wide settings an instructor may change. This is the ONE place that picks the model the
 * live figures use by default, and where models from the Hugging Face Hub are downloaded from.
 */
export interface SiteConfig {
  /**
   * Registry id of the model every live figure uses unless the reader picks another one on the
   * "The model" page. `lm-notes-tiny` ships with the site and works offline; a Hub model
   * (see `src/lib/lm/registry.ts`) is downloaded on first use; a model added with
   * `npm run model:add` is served by the site.
   */
  defaultModel: string;
  /**
   * Registry id of the model the build-time static figures (no JavaScript, print, PDF, Perusall)
   * are computed with; it must be served by the site (`lm-notes-tiny` or a model added with
   * `npm run model:add`), else the build stops. The environment variable
   * `LM_NOTES_FIGURES_MODEL` overrides it for one build.
   */
  figuresModel: string;
  /**
   * Where Hub models are downloaded from, with a trailing slash. Files are fetched from
   * `{hubHost}{repo}/resolve/main/{file}`, so a mirror with the same layout works too.
   */
  hubHost: string;
  /**
   * Class servers (vLLM's OpenAI-compatible API) the model picker offers, in order. Empty: the
   * picker offers none, and a reader can still add one by its address.
   */
  servers: ClassServerConfig[];
}

/** One class server: a vLLM (or compatible) server the whole class shares. */
export interface ClassServerConfig {
  /** Short unique name, used in the model id `server:{name}` (letters, digits, `-`). */
  name: string;
  /** Base URL without `/v1` (`https://lm.example.edu`); the site calls `{url}/tokenize`, `{url}/v1/completions`. */
  url: string;
  /** The model id the server serves (`--served-model-name`), as `/v1/models` lists it. */
  model: string;
  /** What the picker calls it (`Qwen3 8B on the class server`). */
  label: string;
  /** Sent as `Authorization: Bearer {apiKey}` when set. Visible to every reader: use a class key, never a personal one. */
  apiKey?: string;
  /** Token put before a text when scoring it (default: the bos the server's tokenizer adds, if any). */
  bosToken?: string;
}

/** The settings in force for this site. */
export const siteConfig: SiteConfig = {
  defaultModel: 'lm-notes-tiny',
  figuresModel: 'lm-notes-tiny',
  hubHost: 'https://huggingface.co/',
  servers: [],
};
