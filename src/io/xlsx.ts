import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { WorkbookSpec } from "../publish/files.js";
import { xlsxBytes } from "../publish/xlsx.js";
import type { XlsxJob, XlsxMessage } from "./xlsx-worker.js";

/** Where the worker's script is: beside this module once built (dist/), absent when run from the sources. */
function workerFile(): string | undefined {
  try {
    const f = fileURLToPath(new URL("./xlsx-worker.js", import.meta.url));
    return existsSync(f) ? f : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A workbook's bytes, rendered on a worker thread when its script is found (the built CLI), else here. The rows
 * are made here (cheap) and rendered there (exceljs: seconds for a provincial plan), so the main thread goes on
 * with plan.json meanwhile. The bytes are those of {@link xlsxBytes}, wherever it runs.
 */
export async function* workbookBytes(spec: WorkbookSpec): AsyncGenerator<Uint8Array> {
  const file = workerFile();
  if (file === undefined) {
    yield* xlsxBytes(spec.sheets, spec.date);
    return;
  }
  let job: XlsxJob | undefined = {
    sheets: spec.sheets.map((s) => ({
      name: s.name,
      header: s.header,
      rows: [...s.rows()],
      ...(s.widths === undefined ? {} : { widths: s.widths }),
    })),
    date: spec.date.getTime(),
  };
  const worker = new Worker(file, { workerData: job, execArgv: [] });
  job = undefined; // the worker has its own copy: the rows are garbage here from now on
  const queue: XlsxMessage[] = [];
  let wake: (() => void) | undefined;
  let exited = false;
  const push = (m: XlsxMessage) => {
    queue.push(m);
    wake?.();
  };
  worker.on("message", push);
  worker.on("error", (e) => push({ error: String(e) }));
  worker.on("exit", () => {
    exited = true;
    wake?.();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (m === undefined) {
        if (exited) throw new Error("工作簿生成线程意外退出 / the workbook worker exited early");
        await new Promise<void>((r) => {
          wake = r;
        });
        wake = undefined;
        continue;
      }
      if ("bytes" in m) yield m.bytes;
      else if ("done" in m) return;
      else throw new Error(`工作簿生成失败 / writing a workbook failed: ${m.error}`);
    }
  } finally {
    await worker.terminate();
  }
}
