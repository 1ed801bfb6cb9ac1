/**
 * The model tests skip, saying so, when the embedded model is missing on a developer's machine,
 * and fail under CI (`CI` set), where a missing model is a broken checkout.
 */
import { describe, expect, it } from 'vitest';
import { missingModelVerdict } from './lm-engine-helpers';

describe('model tests when the model is missing', () => {
  it('run when nothing is missing, with or without CI', () => {
    expect(missingModelVerdict([], {})).toBe('ok');
    expect(missingModelVerdict([], { CI: '1' })).toBe('ok');
  });
  it('skip on a developer machine and fail under CI', () => {
    expect(missingModelVerdict(['onnx/model.onnx'], {})).toBe('skip');
    expect(missingModelVerdict(['onnx/model.onnx'], { CI: '' })).toBe('skip');
    expect(missingModelVerdict(['onnx/model.onnx'], { CI: '1' })).toBe('fail');
    expect(missingModelVerdict(['onnx/model.onnx'], { CI: 'true' })).toBe('fail');
  });
});
