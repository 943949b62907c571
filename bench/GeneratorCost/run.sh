#!/usr/bin/env bash
# Build cost of the [Layer] generator on a generated project of 50 [Layer] classes (a mix of MLPs, deep MLPs over a
# list of sub-layers, CNNs with conv2d/pooling, and losses; free mode, so every layer gets forward and backward),
# built with full recompiles with and without the generator (-p:EduBenchGenerator=true|false). The layers use no
# generated member, so the project compiles either way. Prints wall-clock medians, the difference, and the
# generator's own time from the compiler (-p:ReportAnalyzer=true).
#   bench/GeneratorCost/run.sh [runs=5]
set -euo pipefail
RUNS=${1:-5}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DIR=$(mktemp -d /tmp/edu-generator-cost.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$DIR"' EXIT
echo '<Project></Project>' > "$DIR/Directory.Build.props"
cat > "$DIR/Layers.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <NoWarn>\$(NoWarn);CS8981;CS0169;CS0649</NoWarn>
  </PropertyGroup>
  <Import Project="$REPO/eng/Edu.Sdk.Assignment.props" />
  <ItemGroup>
    <ProjectReference Include="$REPO/src/Sdk/Edu.Sdk.csproj" />
    <ProjectReference Condition="'\$(EduBenchGenerator)' != 'false'" Include="$REPO/src/Generators/Edu.Sdk.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
</Project>
XML
for i in $(seq 1 50); do
  case $((i % 4)) in
  0) body='
    readonly Parameter w1, b1, w2, b2;
    public Layer'$i'(int inputs, int hidden, int classes)
    {
        w1 = nn.Parameter(randn(inputs, hidden) * Math.Sqrt(2.0 / inputs));
        b1 = nn.Parameter(zeros(hidden));
        w2 = nn.Parameter(randn(hidden, classes) * Math.Sqrt(1.0 / hidden));
        b2 = nn.Parameter(zeros(classes));
    }

    [Differentiable]
    public Tensor Model(Tensor x)
    {
        var h1 = relu(x.matmul(w1) + b1);
        var h2 = tanh(h1 * 0.5 + 1.0) - h1.pow(2) * 0.1;
        return h2.matmul(w2) + b2;
    }' ;;
  1) inner=$(( i == 1 ? 4 : i - 1 )); body='
    readonly Parameter w, b;
    readonly Layer'$inner'[] hidden;
    public Layer'$i'(int width, int depth, int classes)
    {
        hidden = new Layer'$inner'[depth];
        for (int k = 0; k < depth; k++) hidden[k] = new Layer'$inner'(width, width, width);
        w = nn.Parameter(randn(width, classes));
        b = nn.Parameter(zeros(classes));
    }

    [Differentiable]
    Tensor Model(Tensor x)
    {
        var h = x;
        foreach (var d in hidden) h = d.Model(h);
        return softmax(h.matmul(w) + b, 1);
    }' ;;
  2) body='
    readonly Parameter c1, cb1, c2, cb2, w, b;
    public Layer'$i'()
    {
        c1 = nn.Parameter(randn(4, 1, 3, 3)); cb1 = nn.Parameter(zeros(4));
        c2 = nn.Parameter(randn(6, 4, 3, 3)); cb2 = nn.Parameter(zeros(6));
        w = nn.Parameter(randn(24, 10)); b = nn.Parameter(zeros(10));
    }

    [Differentiable]
    Tensor Model(Tensor x)
    {
        var h1 = relu(conv2d(x, c1, cb1, padding: 1));
        var p1 = nn.functional.max_pool2d(h1, 2);
        var h2 = relu(nn.functional.conv2d(p1, c2, cb2));
        var p2 = nn.functional.adaptive_max_pool2d(h2, (2, 2));
        return p2.flatten(1).matmul(w) + b;
    }' ;;
  3) body='
    readonly Parameter scale;
    public Layer'$i'(int classes) { scale = nn.Parameter(ones(classes)); }

    [Differentiable]
    Tensor Loss(Tensor z, [NonDifferentiable] Tensor t)
    {
        var logp = log_softmax(z * scale, 1);
        var nll = -(t * logp).sum(1);
        return nll.mean() + (scale * scale).sum() * 1e-4;
    }' ;;
  esac
  cat > "$DIR/Layer$i.cs" <<CS
using Edu.Sdk;
using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Students;

/// <summary>Layer $i of the generator-cost project.</summary>
[Layer]
public partial class Layer$i
{$body
}
CS
done
ls "$DIR"/Layer*.cs | wc -l | xargs echo "[Layer] files:"
cd "$DIR"
dotnet build -nologo -v:q -p:EduBenchGenerator=true 2>&1 | grep -E "error|warn" | sort -u | head -5 || true   # restore and warm up
dotnet build -nologo -v:q -p:EduBenchGenerator=false >/dev/null
build() { # $1 = EduBenchGenerator; prints seconds
  local s e; s=$(date +%s.%N)
  dotnet build --no-incremental --no-dependencies --no-restore -nologo -v:q -p:EduBenchGenerator=$1 -p:UseSharedCompilation=true >/dev/null
  e=$(date +%s.%N); echo "$e - $s" | bc
}
# The compiler server (as in an IDE or repeated builds) JIT-compiles Roslyn and the generator on its first builds:
# three untimed builds of each variant first, so the timings compare warm compilers.
for r in 1 2 3; do build false >/dev/null; build true >/dev/null; done
with=(); without=()
for r in $(seq 1 "$RUNS"); do without+=("$(build false)"); with+=("$(build true)"); done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mw=$(median "${with[@]}"); mo=$(median "${without[@]}")
echo "without generator: ${without[*]} s (median $mo)"
echo "with generator:    ${with[*]} s (median $mw)"
echo "added: $(echo "scale=2; $mw - $mo" | bc) s"
dotnet build --no-incremental --no-dependencies --no-restore -nologo -v:d -p:EduBenchGenerator=true -p:ReportAnalyzer=true > report.log 2>&1 || true
grep -E "Total generator execution time|Total analyzer execution time|LayerGenerator|Edu\.Sdk\.Generators, Version" report.log \
  | grep -v -E "Property reassignment|/analyzer:|Task Parameter|Adding|Removing" | sed 's/^ *//' | sort -u | head -8
ls obj/Debug/net10.0/generated 2>/dev/null | head -2 || true
