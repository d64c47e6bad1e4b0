#!/usr/bin/env bash
# Counts the instructions of the engine's hot paths with valgrind's callgrind: figures that do not
# move with the load of a shared machine, for comparing two builds where the wall clock cannot.
#
#   scripts/instructions.sh [--policies DIR] [--lines N] [--seed N] [--simulate]
#
# Prints, for a release build of the working tree:
#   - instructions per evaluation with facts in memory (`Benchmarks --only evaluate --quick`,
#     counted inside `PopulationEvaluator.evaluate` only), for yz2025 alone and for every policy
#     in DIR (which must hold yz2025.policy, as the benchmark's own run needs);
#   - `zhengce batch --jobs 1`: the start-up (an empty input) and each line after it, over N
#     generated applicants (default 2000, seed 5).
# With --simulate, the evaluations also run under callgrind's simulation of branches and caches,
# and each evaluation's conditional branches and jumps (with how many the simulated predictor
# missed) and misses of the first-level caches are printed beside its instructions.
# DIR defaults to policies/. Installs valgrind from Debian's packages when it is missing. Takes
# about a minute after the build (valgrind runs a program some 50 times slower).
set -euo pipefail

policies=policies
lines=2000
seed=5
simulate=()
while [ $# -gt 0 ]; do
  case "$1" in
    --policies) policies="${2:?--policies needs a folder}"; shift 2 ;;
    --lines) lines="${2:?--lines needs a number}"; shift 2 ;;
    --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
    --simulate) simulate=(--branch-sim=yes --cache-sim=yes); shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument \`$1\`; usage: scripts/instructions.sh [--policies DIR] [--lines N] [--seed N] [--simulate]" >&2; exit 2 ;;
  esac
done
case "$lines" in ''|*[!0-9]*|0) echo "error: --lines takes a positive whole number, not \`$lines\`" >&2; exit 2 ;; esac
case "$seed" in ''|*[!0-9]*) echo "error: --seed takes a whole number, not \`$seed\`" >&2; exit 2 ;; esac
if [[ "$policies" != /* ]]; then policies="$PWD/$policies"; fi
cd "$(dirname "$0")/.."
[ -d "$policies" ] || { echo "error: \`$policies\` is not a folder of policies" >&2; exit 2; }
[ -f "$policies/yz2025.policy" ] || { echo "error: \`$policies\` holds no yz2025.policy, which \`Benchmarks --only evaluate\` evaluates alone first" >&2; exit 2; }

if ! command -v valgrind > /dev/null; then
  echo "valgrind is missing: installing it from Debian's packages" >&2
  apt-get install -y --no-install-recommends valgrind > /dev/null 2>&1 \
    || (apt-get update > /dev/null 2>&1 && apt-get install -y --no-install-recommends valgrind > /dev/null 2>&1) \
    || { echo "error: valgrind could not be installed" >&2; exit 1; }
fi

swift build -c release --product Benchmarks > /dev/null
swift build -c release --product zhengce > /dev/null
bin=$(swift build -c release --show-bin-path)
# Swift seeds its hashing per process, which moves a count by up to about 1% from run to run.
export SWIFT_DETERMINISTIC_HASHING=1
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# The evaluations counted: the instructions of `PopulationEvaluator.evaluate(_:asOf:_:)` (the
# population held in memory, evaluated in one call) alone are collected, and divided by the calls
# of `Evaluator.reset` made inside it, one per applicant. `Benchmarks --only evaluate --quick` evaluates yz2025 alone,
# then every policy of its folder, over the same number of applicants each: over a folder holding
# yz2025.policy alone both halves are yz2025's; over DIR the second half is what yz2025's half
# leaves.
function='*PopulationEvaluatorV8evaluate_4asOf_ySayAA14BoundApplicant*'
each='EvaluatorV5reset_?4asOf'
# Prints "instructions calls" and, simulated (--simulate; 0 otherwise), the conditional branches,
# those mispredicted, the indirect jumps, those mispredicted, and the misses of the first-level
# instruction and data caches (reads and writes).
count_evaluations() { # folder → "instructions calls Bc Bcm Bi Bim I1mr D1mr+D1mw"
  local out="$scratch/evaluate.out"
  valgrind --tool=callgrind "${simulate[@]}" --compress-strings=no --callgrind-out-file="$out" "--toggle-collect=$function" \
    "$bin/Benchmarks" --only evaluate --quick --policies "$1" > /dev/null 2>&1 \
    || { echo "error: \`Benchmarks --only evaluate --quick --policies $1\` failed under valgrind" >&2; exit 1; }
  awk -v each="$each" '
    /^events:/ { for (i = 2; i <= NF; i++) column[$i] = i }
    /^summary:/ { for (name in column) total[name] = $(column[name]) }
    /^cfn=/ { counting = ($0 ~ each) }
    /^calls=/ { if (counting) { split(substr($0, 7), part, " "); calls += part[1] } counting = 0 }
    END { print total["Ir"], calls, total["Bc"] + 0, total["Bcm"] + 0, total["Bi"] + 0, total["Bim"] + 0, total["I1mr"] + 0, total["D1mr"] + total["D1mw"] }' "$out"
}

total_of() { awk '/^summary:/ { print $2 }' "$1"; }

mkdir "$scratch/yz2025"
cp "$policies/yz2025.policy" "$scratch/yz2025/"
alone=$(count_evaluations "$scratch/yz2025")
all=$(count_evaluations "$policies")
echo "instructions (valgrind --tool=callgrind), release build of $(git rev-parse --short HEAD 2>/dev/null || echo 'the working tree')$(git diff --quiet HEAD -- Sources Benchmarks 2>/dev/null || echo ' with uncommitted changes')"
echo "an evaluation with facts in memory (PopulationEvaluator.evaluate over --quick's applicants held in memory, per applicant):"
# Each figure per evaluation: yz2025's from the run over yz2025 alone; every policy's from the
# second half of the run over DIR, once yz2025's half is taken out.
awk -v alone="$alone" -v all="$all" -v folder="$(basename "$policies")" -v simulated="${#simulate[@]}" '
  function yz(i) { return a[i] / a[2] }
  function every(i) { return (b[i] - yz(i) * b[2] / 2) / (b[2] / 2) }
  BEGIN {
    split(alone, a, " "); split(all, b, " ")
    if (a[2] == 0 || b[2] == 0) { print "error: no evaluation was counted" > "/dev/stderr"; exit 1 }
    printf "  %-44s %8.2f k   (%d evaluations)\n", "yz2025 alone", yz(1) / 1000, a[2]
    printf "  %-44s %8.2f k   (%d evaluations)\n", "every policy in " folder, every(1) / 1000, b[2] / 2
    if (simulated == 0) exit 0
    print "simulated (--branch-sim=yes --cache-sim=yes), per evaluation:"
    printf "  %-44s %10s %10s %10s %10s %10s %10s\n", "", "branches", "missed", "jumps", "missed", "I1 misses", "D1 misses"
    printf "  %-44s", "yz2025 alone"
    for (i = 3; i <= 8; i++) printf " %10.1f", yz(i)
    printf "\n  %-44s", "every policy in " folder
    for (i = 3; i <= 8; i++) printf " %10.1f", every(i)
    printf "\n"
  }'

"$bin/Benchmarks" --generate "$lines" --seed "$seed" --policies "$policies" > "$scratch/population.jsonl"
: > "$scratch/empty.jsonl"
for run in start:empty batch:population; do
  valgrind --tool=callgrind --callgrind-out-file="$scratch/${run%%:*}.out" \
    "$bin/zhengce" batch --jobs 1 --policies "$policies" "$scratch/${run#*:}.jsonl" > /dev/null 2>&1 \
    || { echo "error: \`zhengce batch --jobs 1\` over the ${run#*:} input failed under valgrind" >&2; exit 1; }
done
start=$(total_of "$scratch/start.out")
whole=$(total_of "$scratch/batch.out")
echo "zhengce batch --jobs 1, JSON Lines in and out, $lines generated applicants (seed $seed):"
awk -v start="$start" -v whole="$whole" -v lines="$lines" 'BEGIN {
  printf "  %-44s %8.2f M\n", "start-up (an empty input)", start / 1e6
  printf "  %-44s %8.2f k   (%d instructions in all)\n", "a line, start-up aside", (whole - start) / lines / 1000, whole
}'
