/** Raw loader/runtime errors mapped to codes with plain-English messages. */
import { describe, expect, it } from 'vitest';
import { LmError, classifyError, describeError, isLmErrorInfo } from '../../src/lib/lm/errors';

describe('classifyError', () => {
  it('maps the loader messages of transformers.js and ONNX Runtime', () => {
    const notFound = Object.assign(new Error('Could not locate file: "https://huggingface.co/x/y/resolve/main/onnx/model_q4.onnx".'), { name: 'ModelFileNotFoundError' });
    const e1 = classifyError(notFound);
    expect(e1.code).toBe('file-not-found');
    expect(e1.message).toContain('404');
    expect(e1.message).toContain('model_q4.onnx');
    expect(classifyError(new Error("Can't create a session. ERROR_CODE: 7, ERROR_MESSAGE: Failed to load model because protobuf parsing failed.")).code).toBe('corrupt-file');
    expect(classifyError(new SyntaxError('Unexpected end of JSON input')).code).toBe('corrupt-file');
    expect(classifyError(new TypeError('Failed to fetch')).code).toBe('network');
    expect(classifyError(new Error('GPUDevice was lost')).code).toBe('webgpu-lost');
    expect(classifyError(Object.assign(new Error('aborted'), { name: 'AbortError' })).code).toBe('cancelled');
  });
  it('keeps an LmError, rebuilds a serialised one, and wraps anything else as internal with its text', () => {
    const e = new LmError('empty-input');
    expect(classifyError(e)).toBe(e);
    expect(classifyError({ code: 'cancelled', message: 'x' })).toMatchObject({ code: 'cancelled', message: 'x' });
    const odd = classifyError(12345);
    expect(odd.code).toBe('internal');
    expect(odd.message).toContain('12345');
  });
  it('has a plain-English message for every code, and a wire form', () => {
    expect(describeError('worker-crashed')).toMatch(/stopped unexpectedly/);
    expect(new LmError('empty-input').toInfo()).toEqual({ code: 'empty-input', message: describeError('empty-input') });
    expect(isLmErrorInfo({ code: 'nope', message: 'x' })).toBe(false);
  });
});
