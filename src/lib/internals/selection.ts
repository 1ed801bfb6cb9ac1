/**
 * Moved: the token selection of the LM internals' strip is the one of the surprisal figures,
 * `lib/selection/token-selection`. This file only forwards to it until the internals components
 * import that module directly (then delete it); it holds no logic of its own.
 */
export { clampSelection, selectionRange, moveSelectionBy as moveSelection } from '../selection/token-selection';
export type { TokenSelection } from '../selection/token-selection';
