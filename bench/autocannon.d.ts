// autocannon ships without types; the benchmark uses this much of it.
declare module 'autocannon' {
  interface Req {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    setupRequest?: (req: Req) => Req;
  }
  interface Result {
    latency: { p50: number; p99: number };
    requests: { average: number };
    errors: number;
    non2xx: number;
  }
  export default function autocannon(opts: {
    url: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
    requests?: Req[];
  }): Promise<Result>;
}
