#!/usr/bin/env bash
# Epoch timings of Edu.Sdk and of PyTorch CPU (shared/peers/, Debian's python3-torch) on the same machine and protocol,
# in rounds: each round runs our epochs, then PyTorch's, so every ratio compares two runs minutes apart. This machine
# is shared and the same code moves 10-50 % between sittings; a table of the rounds' ratios and their median says more
# than any one run. Usage: bench/side-by-side.sh [epochs] [rounds] [workload ...]   (defaults: 4 epochs, 3 rounds)
# PEERS=folder overrides ../shared/peers. Needs: apt-get install python3-torch python3-numpy dataset-fashion-mnist
# (the peers read the Debian IDX files).
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-4}
rounds=${2:-3}
peers=${PEERS:-../shared/peers}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$peers"/*.py "$work"/   # the peers write their JSON beside themselves; the shared folder is read-only
cp bench/peer_logreg_sgd.py "$work"/
export BENCH_QUIET_WAIT_S=${BENCH_QUIET_WAIT_S:-10}
dotnet build -c Release bench/Edu.Sdk.Bench -o "$work/bench" > "$work/build.log" || { cat "$work/build.log"; exit 1; }

for ((r = 1; r <= rounds; r++)); do
  echo "== round $r of $rounds: Edu.Sdk (Release), $epochs interleaved epochs of each workload after 3 s of warm-up, median =="
  dotnet "$work/bench/Edu.Sdk.Bench.dll" --epochs --n "$epochs" "${@:3}" | tee -a "$work/rounds.log"
  echo "== round $r of $rounds: PyTorch CPU (default settings, as a user gets them), $epochs epochs, median =="
  {
    (cd "$work" && /usr/bin/python3 bench_mlp.py --arch w300 --modes autograd --epochs "$epochs" --repeats 1 --section side_by_side 2>&1 | grep -E '^==>')
    (cd "$work" && /usr/bin/python3 bench_mlp.py --arch d3 --modes autograd --epochs "$epochs" --repeats 1 --section side_by_side 2>&1 | grep -E '^==>')
    (cd "$work" && /usr/bin/python3 peer_logreg_sgd.py --batch 20 --epochs "$epochs")
    (cd "$work" && /usr/bin/python3 peer_logreg_sgd.py --batch 1 --epochs "$epochs")
  } | tee -a "$work/rounds.log"
  echo "-- end of round $r" >> "$work/rounds.log"
done

echo "== ratios per round (PyTorch / ours, tape / generated) and their median =="
/usr/bin/python3 bench/side_by_side_ratios.py < "$work/rounds.log"
