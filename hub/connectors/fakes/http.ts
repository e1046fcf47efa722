/**
 * What the vendor fakes share: a node:http server on 127.0.0.1, a request log, scripted faults,
 * and cursor expectations that fail the test when a connector sends a cursor other than the one
 * the hub stored ("the fake fails the test if the cursor parameter is not the stored one").
 *
 * Test code only (tests, bench, e2e); never imported by the hub itself.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ScriptedFault {
  /** Which requests it applies to. */
  match: (request: FakeRequest) => boolean;
  /** Answered instead of the real response, once per matching request, in order. */
  responses: FakeResponse[];
  /** Matching requests to let through before the first fault. */
  after?: number;
}

export interface CursorExpectation {
  /** Which request carries the cursor (the first matching one after the expectation is set). */
  match: (request: FakeRequest) => boolean;
  /** The cursor as the request states it, e.g. `{ since: '0', afterId: '0' }`. */
  read: (request: FakeRequest) => Record<string, string | undefined>;
  expected: Record<string, string | undefined>;
  label: string;
}

export type Handler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export class FakeVendor {
  readonly requests: FakeRequest[] = [];
  /** Cursor mismatches and other protocol violations: a test asserts this stays empty. */
  readonly failures: string[] = [];
  private faults: ScriptedFault[] = [];
  private expectations: CursorExpectation[] = [];
  private server: Server | undefined;
  url = '';
  /** Set by tests that kill a run mid-stream: called after each answered request. */
  onAnswered: ((request: FakeRequest, count: number) => void) | undefined;
  /** Extra headers on every answer (daily quota headers, Sforce-Limit-Info). */
  everyAnswer: (request: FakeRequest) => Record<string, string> = () => ({});

  constructor(
    readonly label: string,
    private readonly handle: Handler,
  ) {}

  async start(port = 0): Promise<string> {
    this.server = createServer((incoming, outgoing) => void this.serve(incoming, outgoing));
    // Keep-alive connections from clients must not keep the test process open after close().
    this.server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  inject(fault: ScriptedFault): void {
    this.faults.push({ ...fault, responses: [...fault.responses] });
  }

  clearFaults(): void {
    this.faults = [];
  }

  expectCursor(expectation: CursorExpectation): void {
    this.expectations.push(expectation);
  }

  /** Expectations set but never met: the connector did not even send the request. */
  unmetExpectations(): string[] {
    return this.expectations.map((expectation) => `${this.label}: expected a ${expectation.label} request with cursor ${JSON.stringify(expectation.expected)}, none came`);
  }

  count(match: (request: FakeRequest) => boolean): number {
    return this.requests.filter(match).length;
  }

  private async serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url ?? '/', 'http://fake');
    const request: FakeRequest = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: Date.now(),
    };
    this.requests.push(request);
    let response: FakeResponse;
    try {
      response = this.checkCursor(request) ?? this.scripted(request) ?? (await this.handle(request));
    } catch (error) {
      response = { status: 500, body: { message: `fake ${this.label} failed: ${(error as Error).message}` } };
    }
    const body = response.body === undefined ? '' : typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    outgoing.writeHead(response.status, {
      'Content-Type': typeof response.body === 'string' && !/^[[{]/.test(response.body) ? 'text/plain' : 'application/json;charset=UTF-8',
      ...this.everyAnswer(request),
      ...response.headers,
    });
    outgoing.end(body);
    this.onAnswered?.(request, this.requests.length);
  }

  private checkCursor(request: FakeRequest): FakeResponse | undefined {
    const index = this.expectations.findIndex((expectation) => expectation.match(request));
    if (index < 0) return undefined;
    const [expectation] = this.expectations.splice(index, 1);
    const actual = expectation!.read(request);
    const mismatch = Object.entries(expectation!.expected).filter(([key, value]) => (actual[key] ?? undefined) !== (value ?? undefined));
    if (mismatch.length === 0) return undefined;
    const words = `${this.label}: ${expectation!.label} request carried ${JSON.stringify(actual)}, but the stored cursor is ${JSON.stringify(expectation!.expected)}`;
    this.failures.push(words);
    return { status: 400, body: { status: 'error', message: words } };
  }

  private scripted(request: FakeRequest): FakeResponse | undefined {
    for (const fault of this.faults) {
      if (fault.responses.length === 0 || !fault.match(request)) continue;
      if (fault.after && fault.after > 0) {
        fault.after--;
        continue;
      }
      return fault.responses.shift();
    }
    return undefined;
  }
}

export function json(status: number, body: unknown, headers?: Record<string, string>): FakeResponse {
  return { status, body, headers };
}
