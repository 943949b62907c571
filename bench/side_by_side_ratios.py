"""Reads the rounds of bench/side-by-side.sh (our epoch lines, then PyTorch's, then '-- end of round') from stdin and
prints, per workload, each round's ratio and the median over the rounds, beside the issue's target (met when the
median is above it: 'faster than our tape' is a target of 1x).

Our lines:      'mlp-generated       median epoch   0.803 s (CPU ...'
PyTorch's:      '==> w300_autograd: epoch median 6.661s ...', 'pytorch logreg batch 20 sgd: ... median 0.240 s ...'
"""
import re
import statistics
import sys

OURS = re.compile(r"^(\S+)\s+median epoch\s+([0-9.]+) s")
TORCH_MLP = re.compile(r"^==> (\w+)_autograd: epoch median ([0-9.]+)s")
TORCH_LOGREG = re.compile(r"^pytorch logreg batch (\d+) sgd: .* median ([0-9.]+) s")

# (row label, numerator key, denominator key, target): keys are our workload names or 'torch:<name>'.
ROWS = [
    ("A3 MLP 784-300-10, PyTorch / generated", "torch:w300", "mlp-generated", 3),
    ("A3 MLP 784-300-10, PyTorch / tape", "torch:w300", "mlp-tape", None),
    ("A3 MLP 784-300-10, tape / generated", "mlp-tape", "mlp-generated", 1),
    ("A3 MLP 784-(300x3)-10, PyTorch / generated", "torch:d3", "mlp3-generated", 3),
    ("A3 MLP 784-(300x3)-10, tape / generated", "mlp3-tape", "mlp3-generated", 1),
    ("A2 batch 20, PyTorch / generated", "torch:b20", "logreg-generated", 4),
    ("A2 batch 20, PyTorch / generated, step_in_backward", "torch:b20", "logreg-step", None),
    ("A2 batch 20, tape / generated", "logreg-tape", "logreg-generated", 1),
    ("A2 batch 1, PyTorch / generated", "torch:b1", "logreg-generated-b1", 10),
    ("A2 batch 1, PyTorch / generated, step_in_backward", "torch:b1", "logreg-step-b1", None),
    ("A2 batch 1, tape / generated", "logreg-tape-b1", "logreg-generated-b1", 1),
]


def parse(lines):
    rounds, current = [], {}
    for line in lines:
        if line.startswith("-- end of round"):
            rounds.append(current)
            current = {}
        elif m := OURS.match(line):
            current[m.group(1)] = float(m.group(2))
        elif m := TORCH_MLP.match(line):
            current["torch:" + m.group(1)] = float(m.group(2))
        elif m := TORCH_LOGREG.match(line):
            current["torch:b" + m.group(1)] = float(m.group(2))
    if current:
        rounds.append(current)
    return rounds


def main():
    rounds = parse(sys.stdin)
    if not rounds:
        sys.exit("side_by_side_ratios: no round found on stdin")
    heads = [f"round {i + 1}" for i in range(len(rounds))]
    print(f"{'':52}" + "".join(f"{h:>9}" for h in heads) + f"{'median':>9}{'target':>8}  met")
    for label, num, den, target in ROWS:
        ratios = [r[num] / r[den] if num in r and den in r and r[den] > 0 else None for r in rounds]
        present = [x for x in ratios if x is not None]
        if not present:
            continue
        median = statistics.median(present)
        cells = "".join(f"{'-':>9}" if x is None else f"{x:>8.2f}x" for x in ratios)
        goal, met = ("", "") if target is None else (f"{target}x", "yes" if median > target else "NO")
        print(f"{label:52}{cells}{median:>8.2f}x{goal:>8}  {met}")

if __name__ == "__main__":
    main()
