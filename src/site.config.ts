/**
 * Site-wide settings an instructor may change. This is the ONE place that picks the model the
 * live figures use by default, and where models from the Hugging Face Hub are downloaded from.
 */
export interface SiteConfig {
  /**
   * Registry id of the model every live figure uses unless the reader picks another one on the
   * "The model" page. `lm-notes-tiny` ships with the site and works offline; a Hub model
   * (see `src/lib/lm/registry.ts`) is downloaded on first use.
   */
  defaultModel: string;
  /**
   * Where Hub models are downloaded from, with a trailing slash. Files are fetched from
   * `{hubHost}{repo}/resolve/main/{file}`, so a mirror with the same layout works too.
   */
  hubHost: string;
}

/** The settings in force for this site. */
export const siteConfig: SiteConfig = {
  defaultModel: 'lm-notes-tiny',
  hubHost: 'https://huggingface.co/',
};
