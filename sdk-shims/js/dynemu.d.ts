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
  keyCondition: boolean; scan: boolean; itemsRead: number; readUnits: number; writeUnits: number;
  status: number; error: string; injected: boolean; durationMs: number;
}

export declare class Dynemu {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  environment(): Record<string, string>;
  health(): Promise<{ status: string; version: string; tables: number; snapshot: boolean }>;
  snapshot(): Promise<unknown>;
  reset(): Promise<unknown>;
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
