/**
 * The training texts a reader can pick: the toy corpus of the notes, a bundled public-domain
 * text served by the site, or a paragraph of their own.
 */

/** Which training text: the toy sentence, the bundled book excerpt, or the reader's own text. */
export type CorpusChoice = 'toy' | 'book' | 'custom';

/** Display name of each training text (also the `corpusLabel` of models trained on it). */
export const CORPUS_LABELS: Readonly<Record<CorpusChoice, string>> = {
  toy: 'the toy corpus',
  book: 'the Alice excerpt',
  custom: 'your text',
};

/** The toy corpus of the tokenization and bigram pages. */
export const TOY_CORPUS = 'the good, the bad and the ugly';

/** A public-domain text that ships with the site. */
export interface BundledText {
  /** Short name for pickers. */
  title: string;
  /** Path of the plain-text file relative to the site root (no leading slash). */
  path: string;
  /** Where the text comes from and why it may be used. */
  source: string;
}

/** The bundled text: chapter I and the start of chapter II of Alice's Adventures in Wonderland. */
export const BUNDLED_TEXT: BundledText = {
  title: 'Alice’s Adventures in Wonderland (excerpt)',
  path: 'corpora/alice-chapter-1.txt',
  source:
    'Lewis Carroll, Alice’s Adventures in Wonderland (1865): chapter I, “Down the Rabbit-Hole”, and the first paragraphs of chapter II, as transcribed by Project Gutenberg. Public domain.',
};
