/** Stop strings found even when split across tokens. */
import { describe, expect, it } from 'vitest';
import { findStop } from '../../src/lib/lm/stop-strings';

describe('findStop', () => {
  it('finds a stop string that spans the previous and the newest piece', () => {
    const before = 'Hello\n';
    expect(findStop(`${before}\nUser:`, ['\n\n'], before.length)).toEqual({ stop: '\n\n', index: 5 });
  });
  it('picks the earliest of several, ignores empty ones, and returns null when absent', () => {
    expect(findStop('a END b STOP', ['STOP', 'END', ''], 0)).toEqual({ stop: 'END', index: 2 });
    expect(findStop('nothing here', ['STOP'], 0)).toBeNull();
  });
  it('does not re-report a match that ended before the newest piece', () => {
    expect(findStop('xSTOPyyyy', ['STOP'], 8)).toBeNull();
  });
});
