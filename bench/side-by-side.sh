#!/usr/bin/env bash
# Epoch timings of Edu.Sdk and of PyTorch CPU (shared/peers/, Debian's python3-torch) in the same sitting, on the same
# machine and protocol, so they can be compared as ratios. Usage: bench/side-by-side.sh [epochs] [peers-folder]
# Needs: apt-get install python3-torch python3-numpy dataset-fashion-mnist (the peers read the Debian IDX files).
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-3}
peers=${2:-../shared/peers}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$peers"/*.py "$work"/   # the peers write their JSON beside themselves; the shared folder is read-only
cp bench/peer_logreg_sgd.py "$work"/

echo "== Edu.Sdk (Release), $epochs epochs each after 3 s of untimed warm-up epochs, median =="
dotnet run -c Release --project bench/Edu.Sdk.Bench -- --epochs --n "$epochs" "${@:3}"

echo "== PyTorch CPU (default settings, as a user gets them), $epochs epochs, 1 run =="
export BENCH_QUIET_WAIT_S=${BENCH_QUIET_WAIT_S:-10}
(cd "$work" && /usr/bin/python3 bench_mlp.py --arch w300 --modes autograd manual --epochs "$epochs" --repeats 1 --section side_by_side 2>&1 | grep -vE '^\s*$' | tail -12)
(cd "$work" && /usr/bin/python3 bench_mlp.py --arch d3 --modes autograd --epochs "$epochs" --repeats 1 --section side_by_side 2>&1 | grep -vE '^\s*$' | tail -3)
(cd "$work" && /usr/bin/python3 peer_logreg_sgd.py --batch 20 --epochs "$epochs")
echo "-- batch 1 (all per-op overhead) --"
(cd "$work" && /usr/bin/python3 peer_logreg_sgd.py --batch 1 --epochs "$epochs")
