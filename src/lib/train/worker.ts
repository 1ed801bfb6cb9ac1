/**
 * The training worker: a Web Worker that trains the reader's models off the page's main thread,
 * so the page stays responsive while the loss falls. All the logic is in `TrainingSession`; this
 * file only connects it to the worker's message port and clock.
 */
import { TrainingSession } from './training-session';
import type { TrainReply } from './protocol';

const scope = self as unknown as {
  postMessage(message: TrainReply): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent<unknown>) => void): void;
};

const session = new TrainingSession({
  post: (reply) => scope.postMessage(reply),
  // setTimeout(…, 0) queues the next slice behind any message already waiting, which is what
  // lets "pause" and "sample" in between two slices.
  schedule: (task) => {
    setTimeout(task, 0);
  },
  now: () => performance.now(),
});

scope.addEventListener('message', (ev) => session.handle(ev.data));
