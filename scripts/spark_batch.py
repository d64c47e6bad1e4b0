#!/usr/bin/env python3
"""Runs `zhengce batch` on shards inside Apache Spark and checks the merged output.

Generates a seeded synthetic population (the benchmark's generator), evaluates it once with one
`zhengce batch` process, then again inside Spark (local mode, 2 workers) with `RDD.pipe`, one
`zhengce batch` process per partition, merges the partitions' outputs in order and checks that the
merged output is byte for byte the single process's output. See docs/scale.md.

Installs what it needs: PySpark with pip, Java with apt when `java` is missing. Run from anywhere:

    python3 scripts/spark_batch.py [--applicants N] [--partitions P] [--seed S] [--keep]

The population, both outputs and Spark's part files go to a temporary folder, removed at the end
unless `--keep` is given (then its path is printed).
"""
import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ensure_java():
    if shutil.which("java"):
        return
    print("java not found; installing default-jre-headless with apt", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.check_call(sudo + ["apt-get", "update"])
    subprocess.check_call(sudo + ["apt-get", "install", "-y", "default-jre-headless"])


def ensure_pyspark():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("pyspark not found; installing it with pip", flush=True)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "pyspark"])


def ensure_binaries(build_dir):
    zhengce = os.path.join(build_dir, "zhengce")
    bench = os.path.join(build_dir, "Benchmarks")
    if not (os.access(zhengce, os.X_OK) and os.access(bench, os.X_OK)):
        print("building zhengce and the generator (swift build -c release)", flush=True)
        subprocess.check_call(["swift", "build", "-c", "release"], cwd=ROOT)
    return zhengce, bench


def renumber(record, index):
    """A record's `line` counts within its shard; in the merged output it is the global one."""
    return re.sub(r'^\{"line":\d+,', '{"line":%d,' % (index + 1), record, count=1)


def digest(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:16]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=10000)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2025-06-30")
    parser.add_argument("--build-dir", default=os.path.join(ROOT, ".build", "release"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder with the population and the outputs")
    options = parser.parse_args()

    ensure_java()
    ensure_pyspark()
    zhengce, bench = ensure_binaries(options.build_dir)
    work = tempfile.mkdtemp(prefix="zhengce-spark-")
    try:
        return run(options, zhengce, bench, work)
    finally:
        if options.keep:
            print(f"kept: {work}", flush=True)
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(options, zhengce, bench, work):
    """Generates the population in `work`, evaluates it once and through Spark, and compares."""
    policies = os.path.join(ROOT, "policies")
    population = os.path.join(work, "population.jsonl")
    reference = os.path.join(work, "one-process.jsonl")
    merged = os.path.join(work, "spark-merged.jsonl")
    command = [zhengce, "batch", "--policies", policies, "--as-of", options.as_of, "-"]

    with open(population, "wb") as out:
        subprocess.check_call([bench, "--generate", str(options.applicants), "--seed", str(options.seed), "--policies", policies], stdout=out)
    print(f"population: {options.applicants} applicants, seed {options.seed}", flush=True)

    started = time.time()
    with open(population, "rb") as source, open(reference, "wb") as out:
        status = subprocess.call(command, stdin=source, stdout=out)
    single = time.time() - started
    print(f"one zhengce batch process: exit {status}, {single:.1f} s", flush=True)

    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setMaster("local[2]").setAppName("zhengce-batch").set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false")
    context = SparkContext(conf=conf)
    context.setLogLevel("ERROR")
    try:
        started = time.time()
        lines = context.textFile(population, minPartitions=options.partitions)
        shards = lines.getNumPartitions()
        # One `zhengce batch` per partition: the partition's lines on its standard input, one
        # record per line back on its standard output, in the same order.
        # Spark runs the partitions side by side, so each process keeps to one thread.
        records = lines.pipe(" ".join(command[:2] + ["--jobs", "1"] + command[2:]), checkCode=False)
        parts = os.path.join(work, "parts")
        records.saveAsTextFile(parts)
        spark = time.time() - started
    finally:
        context.stop()
    # Merge: the part files in partition order, which is input order.
    count = 0
    with open(merged, "w", encoding="utf-8") as out:
        for name in sorted(n for n in os.listdir(parts) if n.startswith("part-")):
            with open(os.path.join(parts, name), encoding="utf-8") as part:
                for record in part:
                    out.write(renumber(record, count))
                    count += 1
    print(f"spark local[2], {shards} partitions through RDD.pipe: {count} records, {spark:.1f} s", flush=True)

    same = open(reference, "rb").read() == open(merged, "rb").read()
    print(f"one process: {digest(reference)}  spark merged: {digest(merged)}")
    print("merged output equals the single-process output: " + ("yes" if same else "NO"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
