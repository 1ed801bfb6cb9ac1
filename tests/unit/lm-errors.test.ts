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
  it('recognises a missing file by its error kind and HTTP status, not by a number in the text', () => {
    // transformers.js: ModelFileNotFoundError (local file missing: no status; Hub: 401/403/404).
    const local = Object.assign(new Error('`local_files_only=true` or `env.allowRemoteModels=false` and file was not found locally at "/models/x/config.json".'), { name: 'ModelFileNotFoundError', status: null });
    expect(classifyError(local).code).toBe('file-not-found');
    expect(classifyError(local).message).toContain('config.json');
    for (const status of [401, 403, 404]) {
      expect(classifyError(Object.assign(new Error('Unauthorized access to file'), { name: 'ModelFileNotFoundError', status })).code).toBe('file-not-found');
      expect(classifyError(Object.assign(new Error('request failed'), { status })).code, `status ${status}`).toBe('file-not-found');
    }
    expect(classifyError(Object.assign(new Error('request failed'), { response: { status: 404 } })).code).toBe('file-not-found');
    expect(classifyError(new Error('wrapped', { cause: Object.assign(new Error('x'), { status: 404 }) })).code).toBe('file-not-found');
    expect(classifyError(Object.assign(new Error("ENOENT: no such file or directory, open 'x/onnx/model.onnx'"), { code: 'ENOENT' })).code).toBe('file-not-found');
    // A 404 in the text alone is not a missing file.
    expect(classifyError(new Error('Token id 404 is not in the vocabulary (0 to 4095).')).code).toBe('internal');
    expect(classifyError(new Error('Expected 404 tokens, got 403.')).code).toBe('internal');
    expect(classifyError(new Error('Could not locate file: "x/onnx/model.onnx".')).code).toBe('internal');
    // Other statuses are not "not found".
    expect(classifyError(Object.assign(new Error('Internal server error'), { status: 500 })).code).not.toBe('file-not-found');
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
