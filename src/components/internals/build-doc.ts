/**
 * Build-time rendering of a conversation for the static figures: the figures model's chat
 * template (`siteConfig.figuresModel`, the embedded model by default), then one scoring pass. Only imported by `.astro` frontmatter (runs in Node).
 */
import { buildTimeEngine } from '../../lib/static/build-model';
import type { InternalsState } from '../../lib/internals/conversation';
import { layoutDocument, templateInput } from '../../lib/internals/document';
import type { StaticDoc } from './static-doc';

/** The document of `state` as the figures model sees it, with every token's log-probability. */
export async function buildStaticDoc(state: InternalsState): Promise<StaticDoc> {
  const engine = await buildTimeEngine();
  const rendered = engine.chatTemplate(templateInput(state), state.tools.length > 0 ? state.tools : undefined, false);
  const layout = layoutDocument(rendered.text, state.messages, state.draft.content);
  const scored = await engine.score({ text: layout.text }, 1);
  return {
    modelId: engine.info.modelId,
    text: layout.text,
    tokens: scored.tokens.map((t) => ({ id: t.id, token: t.token, text: t.text, special: t.special, logprob: t.logprob })),
  };
}
