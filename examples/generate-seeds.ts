// Deterministic generator of the demo 一单两库 (one city: 福州市) and of large directories for benchmarks.
// Usage: tsx examples/generate-seeds.ts <dir> [--entities N] [--inspectors N] [--only-entities]
// The same arguments always give byte-identical files (seedrandom with a fixed seed; not the draw's SHA-256 tickets).
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import seedrandom from "seedrandom";
import { usccCheckChar } from "../src/model/uscc.js";

const args = process.argv.slice(2);
const dir = args[0] ?? "seeds";
const opt = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N_ENTITIES = opt("--entities", 2400);
const N_INSPECTORS = opt("--inspectors", 60);
const ONLY_ENTITIES = args.includes("--only-entities");

// seedrandom's default (ARC4) generator with a fixed seed: for data generation only, never for the draw
const rnd = seedrandom("double-random demo 20261121");
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const pad = (n: number, w: number) => String(n).padStart(w, "0");

// GB/T 2260 districts of 福州市
const DISTRICTS = [
  ["350102", "鼓楼区"],
  ["350103", "台江区"],
  ["350104", "仓山区"],
  ["350105", "马尾区"],
  ["350111", "晋安区"],
  ["350112", "长乐区"],
  ["350121", "闽侯县"],
  ["350122", "连江县"],
  ["350123", "罗源县"],
  ["350124", "闽清县"],
  ["350125", "永泰县"],
  ["350128", "平潭县"],
  ["350181", "福清市"],
] as const;
// GB/T 4754 industry codes with a word for names
const INDUSTRIES = [
  ["5211", "百货", "商贸"],
  ["5212", "超市", "商贸"],
  ["6210", "餐饮", "餐饮"],
  ["6220", "快餐", "餐饮"],
  ["1391", "食品", "食品"],
  ["3411", "机械", "机械"],
  ["3130", "钢铁", "制造"],
  ["7020", "物业", "服务"],
  ["6513", "软件", "科技"],
  ["5261", "汽车销售", "商贸"],
] as const;
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘";
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀兰霞平刚桂英华建国志鹏辉玲婷燕文斌";
const WORDS = "闽榕鑫盛华兴恒通达远泰丰源瑞祥宏福隆昌和顺新海峡鼓山闽江";
const person = () => pick([...SURNAMES]) + pick([...GIVEN]) + (rnd() < 0.6 ? pick([...GIVEN]) : "");
const brand = () => pick([...WORDS]) + pick([...WORDS]);

const GB11714 = [3, 7, 9, 10, 5, 8, 4, 2];
function uscc(kindDigit: string, region: string, serial: number): string {
  const body8 = pad(serial, 8);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body8[i]) * GB11714[i]!;
  const c = 11 - (sum % 11);
  const check9 = c === 10 ? "X" : c === 11 ? "0" : String(c);
  const body17 = `9${kindDigit}${region}${body8}${check9}`;
  return body17 + usccCheckChar(body17);
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}
const line = (cells: readonly string[]) => `${cells.map(csvCell).join(",")}\n`;

mkdirSync(dir, { recursive: true });
const ids: { id: string; kind: string }[] = [];
const out = createWriteStream(join(dir, "entities.csv"));
out.write(
  line(["id", "name", "kind", "region", "industry", "riskClass", "weight", "status", "registeredOn", "tags"]),
);
const used = new Set<string>();
let buffer = "";
for (let i = 0; i < N_ENTITIES; i++) {
  const [region, district] = pick(DISTRICTS);
  const r = rnd();
  const kind = r < 0.62 ? "enterprise" : r < 0.95 ? "individual" : r < 0.98 ? "cooperative" : "other";
  const kindDigit =
    kind === "enterprise" ? "1" : kind === "individual" ? "2" : kind === "cooperative" ? "3" : "9";
  let serial = Math.floor(rnd() * 1e8);
  let id = uscc(kindDigit, region, serial);
  while (used.has(id)) id = uscc(kindDigit, region, ++serial % 1e8);
  used.add(id);
  const [industry, word] = pick(INDUSTRIES);
  const name =
    kind === "enterprise"
      ? `福州${brand()}${word}有限公司`
      : kind === "individual"
        ? rnd() < 0.4
          ? person()
          : `${district}${brand()}${word}店`
        : kind === "cooperative"
          ? `${district}${brand()}农民专业合作社`
          : `福州${brand()}${word}（分支机构）`;
  const rc = rnd();
  const riskClass = rc < 0.3 ? "A" : rc < 0.75 ? "B" : rc < 0.95 ? "C" : "D";
  const weight = String({ A: 1, B: 2, C: 5, D: 10 }[riskClass]! * (1 + Math.floor(rnd() * 10)));
  const st = rnd();
  const status = st < 0.94 ? "存续" : st < 0.97 ? "注销" : st < 0.99 ? "吊销" : "迁出";
  const year = 2000 + Math.floor(rnd() * 26);
  const registeredOn = `${year}-${pad(1 + Math.floor(rnd() * 12), 2)}-${pad(1 + Math.floor(rnd() * 28), 2)}`;
  const tags: string[] = [];
  if (rnd() < 0.04) tags.push("经营异常名录");
  if (rnd() < 0.004) tags.push("严重违法失信名单");
  if (rnd() < 0.02) tags.push("投诉举报");
  if (ids.length < 50_000) ids.push({ id, kind });
  buffer += line([id, name, kind, region, industry, riskClass, weight, status, registeredOn, tags.join(";")]);
  if (buffer.length > 1 << 20) {
    out.write(buffer);
    buffer = "";
  }
}
out.end(buffer);

if (!ONLY_ENTITIES) {
  const DEPTS = ["福州市市场监督管理局", "福州市应急管理局"];
  const UNITS: Record<string, string[]> = {
    福州市市场监督管理局: [
      "信用监管科",
      "食品经营科",
      "特种设备科",
      "产品质量科",
      "价格监督检查科",
      "综合执法支队",
    ],
    福州市应急管理局: ["安全生产执法支队", "危化品监管科"],
  };
  const SPECS = ["企业公示信息", "食品安全", "特种设备", "产品质量", "价格监管", "安全生产"];
  const insp = [
    line([
      "id",
      "name",
      "certificateNo",
      "certificateExpiresOn",
      "department",
      "unit",
      "region",
      "specialties",
      "role",
      "maxTasks",
      "unavailable",
    ]),
  ];
  const inspectorIds: string[] = [];
  for (let i = 0; i < N_INSPECTORS; i++) {
    const dept = i < N_INSPECTORS * 0.8 ? DEPTS[0]! : DEPTS[1]!;
    const unit = pick(UNITS[dept]!);
    const [region] = pick(DISTRICTS);
    const id = `FZ${pad(i + 1, 4)}`;
    inspectorIds.push(id);
    const specs = new Set<string>();
    if (dept === DEPTS[1]) specs.add("安全生产");
    else {
      if (rnd() < 0.7) specs.add("企业公示信息");
      if (rnd() < 0.4) specs.add(pick(SPECS.slice(1, 5)));
    }
    const expert = i % 25 === 24;
    const expiry = i % 17 === 5 ? "2026-06-30" : i % 19 === 7 ? "2026-12-15" : `${2027 + (i % 3)}-12-31`;
    const unavailable =
      i % 11 === 3 ? "2026-12-01~2026-12-05;2026-12-20" : i % 13 === 4 ? "2026-12-01~2026-12-31" : "";
    insp.push(
      line([
        id,
        person(),
        expert ? "" : `闽${pad(35010000 + i * 7, 8)}`,
        expert ? "" : expiry,
        dept,
        unit,
        region,
        [...specs].join(";"),
        expert ? "expert" : "inspector",
        i % 9 === 2 ? "8" : "",
        unavailable,
      ]),
    );
  }
  writeFileSync(join(dir, "inspectors.csv"), insp.join(""));
  writeFileSync(
    join(dir, "items.csv"),
    [
      line(["id", "name", "department", "basis", "content", "method", "category", "specialties"]),
      line([
        "GS-001",
        "企业公示信息抽查",
        "福州市市场监督管理局",
        "《企业信息公示暂行条例》第十四条；《企业公示信息抽查办法》",
        "年度报告、即时信息公示情况",
        "书面检查;实地核查",
        "general",
        "企业公示信息",
      ]),
      line([
        "SP-001",
        "食品经营者落实食品安全主体责任情况检查",
        "福州市市场监督管理局",
        "《中华人民共和国食品安全法》第一百一十条",
        "许可、进货查验、贮存条件",
        "实地检查",
        "key",
        "食品安全",
      ]),
      line([
        "TZ-001",
        "特种设备使用单位监督检查",
        "福州市市场监督管理局",
        "《中华人民共和国特种设备安全法》第五十七条",
        "登记、定期检验、作业人员",
        "实地检查",
        "key",
        "特种设备",
      ]),
      line([
        "AQ-001",
        "工贸企业安全生产监督检查",
        "福州市应急管理局",
        "《中华人民共和国安全生产法》第六十五条",
        "安全生产责任制、隐患排查",
        "实地检查",
        "key",
        "安全生产",
      ]),
    ].join(""),
  );
  const conf = [line(["inspectorId", "entityId", "relation", "until"])];
  const RELS = ["配偶", "直系血亲", "三代以内旁系血亲", "曾在该单位任职", "其他利害关系"];
  for (let i = 0; i < Math.max(10, Math.floor(N_ENTITIES / 30)); i++) {
    conf.push(line([pick(inspectorIds), pick(ids).id, pick(RELS), rnd() < 0.2 ? "2027-06-30" : ""]));
  }
  writeFileSync(join(dir, "conflicts.csv"), conf.join(""));
  const hist = [line(["entityId", "itemId", "inspectedOn", "inspectorIds"])];
  for (let i = 0; i < Math.floor(N_ENTITIES / 12); i++) {
    const y = rnd() < 0.5 ? 2026 : 2025;
    hist.push(
      line([
        pick(ids).id,
        rnd() < 0.7 ? "GS-001" : "SP-001",
        `${y}-${pad(1 + Math.floor(rnd() * 10), 2)}-${pad(1 + Math.floor(rnd() * 28), 2)}`,
        `${pick(inspectorIds)};${pick(inspectorIds)}`,
      ]),
    );
  }
  writeFileSync(join(dir, "history.csv"), hist.join(""));
  writeFileSync(
    join(dir, "calendar-2027.json"),
    `${JSON.stringify(
      {
        format: "double-random/calendar@1",
        note: "演示用的2027年1月放假安排（暂定：元旦 1月1日至3日）。正式使用前请按国务院办公厅发布的2027年部分节假日安排通知替换。",
        years: {
          "2027": {
            holidays: ["2027-01-01", "2027-01-02", "2027-01-03"],
            workdays: [],
            through: "2027-01-31",
          },
        },
      },
      null,
      2,
    )}\n`,
  );
  const task = {
    id: "SJ-2026-Q4-001",
    name: "2026年第四季度企业公示信息随机抽查",
    department: "福州市市场监督管理局",
    items: ["GS-001"],
    inputs: {
      entities: "entities.csv",
      inspectors: "inspectors.csv",
      items: "items.csv",
      conflicts: "conflicts.csv",
      history: "history.csv",
      calendar: "calendar-2027.json",
    },
    scope: { mode: "undirected" },
    exclusions: { sameItemThisYear: true },
    forced: { tags: ["严重违法失信名单"] },
    sampling: {
      stratifyBy: ["riskClass"],
      rates: { A: 0.02, B: "5%", C: 0.1, D: 1 },
      rounding: "ceil",
      reserve: 0.1,
    },
    teams: { size: 2, maxTasksPerInspector: 20, maxTasksPerInspectorPerDay: 2, rotationWithinDays: 365 },
    schedule: { start: "2026-12-01", end: "2026-12-31", publishWithinWorkingDays: 20 },
    publication: { maskIndividualNames: true },
  };
  writeFileSync(join(dir, "task.json"), `${JSON.stringify(task, null, 2)}\n`);
  const joint = {
    ...task,
    id: "SJ-2026-Q4-LH-002",
    name: "2026年第四季度工贸企业部门联合抽查（市场监管+应急管理）",
    items: ["GS-001", "AQ-001"],
    scope: { mode: "directed", filters: { kind: ["enterprise"], industry: ["3411", "3130"] } },
    forced: {},
    sampling: {
      stratifyBy: ["riskClass"],
      rates: { A: 0.05, B: 0.1, C: 0.2, D: 1 },
      rounding: "ceil",
      reserve: 0.2,
    },
    // 联合抽查: each department sends two certified inspectors to every team (抽查办法 第9条)
    teams: {
      size: 4,
      maxTasksPerInspector: 30,
      maxTasksPerInspectorPerDay: 3,
      departments: { 福州市市场监督管理局: 2, 福州市应急管理局: 2 },
    },
  };
  writeFileSync(join(dir, "task-joint.json"), `${JSON.stringify(joint, null, 2)}\n`);
}
console.error(`wrote ${N_ENTITIES} entities${ONLY_ENTITIES ? "" : `, ${N_INSPECTORS} inspectors`} to ${dir}`);
