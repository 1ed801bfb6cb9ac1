/**
 * A Preact hook that follows one slot of the page's shared training client.
 */
import { useEffect, useState } from 'preact/hooks';
import { getTrainingClient } from '../../lib/train/client';
import type { ModelKind } from '../../lib/train/model';
import { emptySlotState, type SlotState } from '../../lib/train/slot-state';

/** The live state of slot `kind` (the empty state before hydration). */
export function useSlot(kind: ModelKind): SlotState {
  const [state, setState] = useState<SlotState>(emptySlotState);
  useEffect(() => getTrainingClient().slots[kind].subscribe(setState), [kind]);
  return state;
}
