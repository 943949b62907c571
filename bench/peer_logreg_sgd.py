"""The A2 rows of the side-by-side table: shared/peers/bench_logreg.py's own train() with SGD only.

The peer script also runs Adam after SGD; at batch 1 an Adam epoch takes minutes of per-op overhead and the table has
no row for it. Run from a folder holding the peer scripts (bench/side-by-side.sh copies them):
/usr/bin/python3 peer_logreg_sgd.py --batch 20 --epochs 3
"""
import argparse
import statistics

import torch

import bench_logreg
import common


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=20)
    args = ap.parse_args()
    common.set_threads(common.THREADS)
    x, y, xv, yv, xt, yt = (torch.from_numpy(a) for a in common.load_fashion_mnist())
    res = bench_logreg.train("sgd", x, y, xv, yv, xt, yt, args.epochs, args.batch, 0.01, seed=1234)
    times = res["epoch_times_s"]
    print(f"pytorch logreg batch {args.batch} sgd: epoch times " + " ".join(f"{t:.3f}" for t in times)
          + f"  median {statistics.median(times):.3f} s  val_acc={res['val_acc']:.4f}", flush=True)


if __name__ == "__main__":
    main()
