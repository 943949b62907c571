#!/usr/bin/env bash
# Installs the optional native pieces Edu.Sdk uses when they are present:
#   libopenblas0-pthread   fast GEMM (without it the managed SIMD kernel runs)
#   dataset-fashion-mnist  Fashion-MNIST for the A2/A3/A5 samples and benchmarks (without it they use the embedded digits)
# Idempotent and quiet when everything is there. Nothing here is required for `dotnet test` to pass.
set -euo pipefail

missing=()
ldconfig -p 2>/dev/null | grep -q 'libopenblas.so.0' || missing+=(libopenblas0-pthread)
[ -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || missing+=(dataset-fashion-mnist)

[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-deps: missing ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
    exit 0
  fi
fi
echo "install-deps: installing ${missing[*]}"
if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
  echo "install-deps: apt-get could not install ${missing[*]}; the SDK falls back to its managed paths." >&2
fi
