/** A plain Edmonds–Karp max flow over an explicit graph: the oracle the staffing is measured against. */
export class MaxFlow {
  private readonly adj: number[][] = [];
  private readonly to: number[] = [];
  private readonly cap: number[] = [];
  constructor(readonly n: number) {
    for (let i = 0; i < n; i++) this.adj.push([]);
  }
  edge(u: number, v: number, c: number): void {
    this.adj[u]!.push(this.to.length);
    this.to.push(v);
    this.cap.push(c);
    this.adj[v]!.push(this.to.length);
    this.to.push(u);
    this.cap.push(0);
  }
  run(s: number, t: number): number {
    let flow = 0;
    for (;;) {
      const prev = new Array<number>(this.n).fill(-1);
      const q = [s];
      prev[s] = -2;
      for (let i = 0; i < q.length && prev[t] === -1; i++) {
        const u = q[i]!;
        for (const e of this.adj[u]!) {
          const v = this.to[e]!;
          if (prev[v] === -1 && this.cap[e]! > 0) {
            prev[v] = e;
            q.push(v);
          }
        }
      }
      if (prev[t] === -1) return flow;
      let f = Number.POSITIVE_INFINITY;
      for (let v = t; v !== s; v = this.to[prev[v]! ^ 1]!) f = Math.min(f, this.cap[prev[v]!]!);
      for (let v = t; v !== s; v = this.to[prev[v]! ^ 1]!) {
        this.cap[prev[v]!]! -= f;
        this.cap[prev[v]! ^ 1]! += f;
      }
      flow += f;
    }
  }
}
