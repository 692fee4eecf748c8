import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

export interface StartOptions {
  seed?: string[];           // seed files or folders (dynemu --seed)
  binary?: string;           // default: DYNEMU_BIN or `dynemu` on PATH
  endpoint?: string;         // use a running dynemu (default: DYNEMU_TEST_ENDPOINT)
  region?: string;           // default us-east-1
  startupTimeoutMs?: number; // default 10000
  ttlSweepSeconds?: number | null; // background TTL sweep period; default 0 (only sweepTtl()); null: dynemu's own default
}

export interface ClockState { now: number; real: boolean; frozen: boolean; }
export interface TtlSweep { deleted: number; tables: Record<string, number>; }

export interface Fault {
  operation: string; error?: string; count?: number; table?: string;
  latencyMs?: number; message?: string; status?: number;
}

export interface RequestRecord {
  sequence: number; operation: string; table: string; tables: string[]; index: string;
  keyCondition: boolean; scan: boolean; itemsRead: number; itemsReturned: number;
  readUnits: number; writeUnits: number;
  status: number; error: string; injected: boolean; durationMs: number;
}

// One test's figures (or the run's, without a name): request units as DynamoDB bills them on demand.
export interface TestCost {
  name?: string;             // "" for requests made outside a named test
  requests: number;
  operations: Record<string, number>;
  touched: string[];         // "Table" or "Table/Index"
  scans: number; itemsScanned: number; itemsReturned: number;
  readRequestUnits: number; writeRequestUnits: number;
  costPerMillionRuns: number; // US dollars
}

export interface CostReport {
  format: "dynemu-cost-report/1";
  rates: { currency: "USD"; readRequestUnitsPerMillion: number; writeRequestUnitsPerMillion: number };
  run: TestCost;
  tests: TestCost[];
}

export interface ReportOptions {
  readUnitPrice?: number;    // US dollars per million read request units (default 0.25)
  writeUnitPrice?: number;   // US dollars per million write request units (default 1.25)
  top?: number;              // tests in the text table's most-expensive list (default 10)
}

export declare class Dynemu {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  environment(): Record<string, string>;
  health(): Promise<{ status: string; version: string; tables: number; snapshot: boolean }>;
  snapshot(): Promise<unknown>;
  reset(testName?: string): Promise<unknown>;
  beginTest(name: string): Promise<{ test: string }>;
  report(options?: ReportOptions & { format?: "json" }): Promise<CostReport>;
  report(options: ReportOptions & { format: "text" | "markdown" }): Promise<string>;
  clearReport(): Promise<unknown>;
  requests(): Promise<RequestRecord[]>;
  addFault(fault: Fault): Promise<Fault[]>;
  clearFaults(): Promise<unknown>;
  clock(): Promise<ClockState>;
  setClock(epochSeconds: number, options?: { freeze?: boolean }): Promise<ClockState>;
  advanceClock(seconds: number): Promise<ClockState>;
  realClock(): Promise<ClockState>;
  sweepTtl(): Promise<TtlSweep>;
  stop(): Promise<void>;
}

export declare function startDynemu(options?: StartOptions): Promise<Dynemu>;
