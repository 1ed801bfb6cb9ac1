/** One request the mock Hub served. */
export interface MockHubRequest {
  /** HTTP method. */
  method: string;
  /** `ok`, `404` or `truncated`. */
  mode: string;
  /** Path without the mode prefix (`/{owner}/{name}/resolve/main/{file}`). */
  path: string;
  /** The Range header, if any. */
  range: string | null;
}

/** A running mock Hub. */
export interface MockHub {
  /** Base URL with trailing slash (`http://127.0.0.1:PORT/`). */
  url: string;
  /** Requests served so far (live array). */
  log: MockHubRequest[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** Options of the mock Hub. */
export interface MockHubOptions {
  /** Serve tests/fixtures/hub/{owner}/{name}/ under its repository id (default false). */
  fixtures?: boolean;
}

/** Starts the mock Hub on `port` (0: any free port). */
export function startMockHub(port?: number, options?: MockHubOptions): Promise<MockHub>;

/** The fixture folder (with trailing slash) of a repository id, or null when there is none. */
export function fixtureDir(repo: string): string | null;
