#!/usr/bin/env python3
"""Turns applicants in JSON Lines (`Benchmarks --generate`, or `eval`'s files one per line) into the
CSV `zhengce batch --input csv` reads: a header of fact paths, one column per record field and list
position present in any line (`capital_increases[0].amount`), booleans as true/false, lists of plain
values by position, an absent or null value as an empty cell.

    python3 scripts/population_csv.py population.jsonl > population.csv

Sets of choices are written by position too, which the CSV header does not accept for a set; the
shipped policies declare none. Amounts already received (the top-level `prior_received`, by clause
id) get a column per clause, `prior_received.xc2018:2.1c`, as `batch --input csv` reads them.
A record given with no fields (`"first_loan": {}`, or a list item `{}`) has no CSV form: it is
absent in the CSV, which may decide a clause differently; standard error says how many applicants
gave one.
"""
import csv
import json
import sys


def flatten(prefix, value, out):
    if isinstance(value, dict):
        for key, item in value.items():
            flatten(f"{prefix}.{key}" if prefix else key, item, out)
    elif isinstance(value, list):
        for position, item in enumerate(value):
            flatten(f"{prefix}[{position}]", item, out)
    elif value is None:
        pass
    elif isinstance(value, bool):
        out[prefix] = "true" if value else "false"
    else:
        out[prefix] = str(value)


def holds_value(value):
    """Whether a value has a cell to write: a record or list with no value inside has none."""
    if isinstance(value, dict):
        return any(holds_value(item) for item in value.values())
    if isinstance(value, list):
        return any(holds_value(item) for item in value)
    return value is not None


def gives_empty_record(value):
    """Whether a record (at any depth) holds no value: present in JSON, absent in CSV."""
    if isinstance(value, dict):
        return not holds_value(value) or any(gives_empty_record(item) for item in value.values())
    if isinstance(value, list):
        return any(gives_empty_record(item) for item in value)
    return False


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: population_csv.py FILE.jsonl > FILE.csv")
    rows, columns, empty = [], {}, 0
    with open(sys.argv[1], encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            applicant = json.loads(line)
            row = {"applicant": applicant.get("applicant") or "", "as_of": applicant.get("as_of") or ""}
            facts = applicant.get("facts") or {}
            if any(gives_empty_record(value) for value in facts.values()):
                empty += 1
            flatten("", facts, row)
            for name in row:
                columns.setdefault(name, len(columns))
            rows.append(row)
    if empty:
        print(f"population_csv.py: {empty} applicant(s) give a record with no fields ({{}}), which CSV cannot carry:"
              " it is absent in the CSV", file=sys.stderr)
    names = sorted(columns, key=lambda name: (name not in ("applicant", "as_of"), name))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([row.get(name, "") for name in names])


if __name__ == "__main__":
    main()
