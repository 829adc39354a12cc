"""The bare draw a person would write by hand, the yardstick of bench/scale.bench.mjs.

Reads the entity CSV with the csv module, computes each ticket with hashlib (SPEC §5: K = SHA-256(seed),
D = SHA-256(K || task id || 0x00 || id), first 13 hex digits), sorts each risk-class stratum by
(ticket, id), takes ceil(N_h * rate) and writes the selected ids with their tickets. No validation, no
exclusions, no teams, no schedule, no publication: the floor a full plan is measured against.

Usage: python3 bench/bare_draw.py entities.csv seed task-id rate-per-mille out.csv
"""

import csv
import hashlib
import sys
import unicodedata


def main() -> None:
    path, seed, task_id, per_mille, out = sys.argv[1:6]
    per_mille = int(per_mille)
    k = hashlib.sha256(unicodedata.normalize("NFC", seed).encode("utf-8")).digest()
    prefix = hashlib.sha256(k + task_id.encode("utf-8") + b"\x00")  # copied per id: the same as hashing K ‖ scope ‖ 0 ‖ id
    strata: dict[str, list[tuple[str, str]]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        i_id = header.index("id")
        i_class = header.index("riskClass")
        for row in rows:
            h = prefix.copy()
            h.update(row[i_id].encode("utf-8"))
            strata.setdefault(row[i_class], []).append((h.hexdigest()[:13], row[i_id]))
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["stratum", "id", "ticket"])
        for key in sorted(strata):
            units = strata[key]
            units.sort()
            n = -(-len(units) * per_mille // 1000)  # ceil, exact
            for ticket, id_ in units[:n]:
                w.writerow([key, id_, ticket])


if __name__ == "__main__":
    main()
