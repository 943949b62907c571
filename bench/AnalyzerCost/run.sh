#!/usr/bin/env bash
# Analyzer cost on a generated project of 200 realistic student files (manual mode: [Layer] classes with
# hand-written backwards, training loops, hand-written optimizers, tensor arithmetic), built with and without the
# assignment-rules analyzers. Prints wall-clock medians of full recompiles and the ratio, and the analyzers' own
# time from the compiler (-p:ReportAnalyzer=true).
#   bench/AnalyzerCost/run.sh [runs=5]
set -euo pipefail
RUNS=${1:-5}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DIR=$(mktemp -d /tmp/edu-analyzer-cost.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$DIR"' EXIT
echo '<Project></Project>' > "$DIR/Directory.Build.props"
cat > "$DIR/Students.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <EduAssignment>manual</EduAssignment>
    <NoWarn>\$(NoWarn);CS8981</NoWarn>
  </PropertyGroup>
  <Import Project="$REPO/eng/Edu.Sdk.Assignment.props" />
  <ItemGroup>
    <ProjectReference Include="$REPO/src/Sdk/Edu.Sdk.csproj" />
    <ProjectReference Include="$REPO/src/Generators/Edu.Sdk.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
    <ProjectReference Condition="'\$(EduBenchRules)' != 'false'" Include="$REPO/src/Analyzers/Edu.Sdk.Analyzers/Edu.Sdk.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
</Project>
XML
for i in $(seq 1 50); do
cat > "$DIR/Layer$i.cs" <<CS
using Edu.Sdk;
using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Students.S$i;

/// <summary>A two-layer perceptron with a hand-written backward.</summary>
[Layer]
public partial class Mlp$i
{
    readonly Parameter w1, b1, w2, b2;

    public Mlp$i(int inputs, int hidden, int classes)
    {
        w1 = nn.Parameter(randn(inputs, hidden) * Math.Sqrt(2.0 / inputs));
        b1 = nn.Parameter(zeros(hidden));
        w2 = nn.Parameter(randn(hidden, classes) * Math.Sqrt(1.0 / hidden));
        b2 = nn.Parameter(zeros(classes));
    }

    [Differentiable]
    Tensor Model(Tensor x)
    {
        var h1 = relu(x.matmul(w1) + b1);
        return h1.matmul(w2) + b2;
    }

    public Tensor backward(Tensor dL_dy)
    {
        w2.grad = saved.h1.T.matmul(dL_dy);
        b2.grad = dL_dy.sum(0);
        var dL_dh1 = dL_dy.matmul(w2.T);
        var dL_da1 = dL_dh1 * saved.h1.gt(0).to(dL_dh1.dtype);
        w1.grad = saved.x.T.matmul(dL_da1);
        b1.grad = dL_da1.sum(0);
        return dL_da1.matmul(w1.T);
    }
}
CS
cat > "$DIR/Train$i.cs" <<CS
using Edu.Sdk;
using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Students.S$i;

public static class Training$i
{
    public static (double Loss, double Accuracy) Epoch(Mlp$i model, Tensor x, Tensor y, int batch, double lr)
    {
        double total = 0, correct = 0;
        long n = x.shape[0];
        for (long start = 0; start + batch <= n; start += batch)
        {
            var xb = x.narrow(0, start, batch);
            var yb = y.narrow(0, start, batch);
            model.zero_grad();
            var logits = model.forward(xb);
            var p = softmax(logits, 1);
            var loss = -(yb * log_softmax(logits, 1)).sum(1).mean();
            total += loss.ToDouble() * batch;
            correct += p.argmax(1).eq(yb.argmax(1)).sum().ToDouble();
            model.backward((p - yb) / batch);
            using (no_grad())
                foreach (var param in model.parameters())
                    param.sub_(param.grad! * lr);
        }
        return (total / n, correct / n);
    }
}
CS
cat > "$DIR/Adam$i.cs" <<CS
using Edu.Sdk;
using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Students.S$i;

/// <summary>Adam (Kingma and Ba), written by hand over Parameter.grad.</summary>
public sealed class MyAdam$i(IReadOnlyList<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
{
    readonly Tensor?[] _m = new Tensor?[parameters.Count], _v = new Tensor?[parameters.Count];
    int _t;

    public void Step()
    {
        _t++;
        for (int i = 0; i < parameters.Count; i++)
        {
            var g = parameters[i].grad;
            if (g is null) continue;
            _m[i] = _m[i] is { } m ? m * beta1 + g * (1 - beta1) : g * (1 - beta1);
            _v[i] = _v[i] is { } v ? v * beta2 + g * g * (1 - beta2) : g * g * (1 - beta2);
            var mHat = _m[i]! / (1 - Math.Pow(beta1, _t));
            var vHat = _v[i]! / (1 - Math.Pow(beta2, _t));
            using (no_grad()) parameters[i].sub_(mHat / (vHat.sqrt() + eps) * lr);
        }
    }
}
CS
cat > "$DIR/Ops$i.cs" <<CS
using Edu.Sdk;
using static Edu.Sdk.torch;

namespace Students.S$i;

public static class Ops$i
{
    public static Tensor StableSoftmax(Tensor z) { var e = (z - z.max(1, keepdim: true).values).exp(); return e / e.sum(1, keepdim: true); }
    public static Tensor OneHot(Tensor labels, int classes) => nn.functional.one_hot(labels, classes).to(ScalarType.Float32);
    public static Tensor Nll(Tensor p, Tensor y) => -(y * (p + 1e-12).log()).sum(1).mean();
    public static Tensor Gradient(Tensor x, Tensor p, Tensor y) => x.T.matmul(p - y) / x.shape[0];
    public static Tensor Standardize(Tensor x) => (x - x.mean(0, keepdim: true)) / ((x - x.mean(0, keepdim: true)).pow(2).mean(0, keepdim: true).sqrt() + 1e-8);
    public static double Accuracy(Tensor p, Tensor y) => p.argmax(1).eq(y.argmax(1)).to(ScalarType.Float32).mean().ToDouble();
    public static Tensor AddBias(Tensor x) => cat([x, ones(x.shape[0], 1)], 1);
}
CS
done
ls "$DIR"/*.cs | wc -l | xargs echo "files:"
cd "$DIR"
dotnet build -nologo -v:q -p:EduBenchRules=true | grep -E "error" | sort -u | head -5 || true   # restore and warm up
dotnet build -nologo -v:q -p:EduBenchRules=false >/dev/null
build() { # $1 = EduBenchRules; prints seconds
  local s e; s=$(date +%s.%N)
  dotnet build --no-incremental --no-dependencies --no-restore -nologo -v:q -p:EduBenchRules=$1 -p:UseSharedCompilation=true >/dev/null
  e=$(date +%s.%N); echo "$e - $s" | bc
}
with=(); without=()
for r in $(seq 1 "$RUNS"); do without+=("$(build false)"); with+=("$(build true)"); done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mw=$(median "${with[@]}"); mo=$(median "${without[@]}")
echo "without analyzers: ${without[*]} s (median $mo)"
echo "with analyzers:    ${with[*]} s (median $mw)"
echo "ratio: $(echo "scale=3; $mw / $mo" | bc)"
dotnet build --no-incremental --no-dependencies --no-restore -nologo -v:d -p:EduBenchRules=true -p:ReportAnalyzer=true > report.log 2>&1 || true
grep -E "execution time|AssignmentRulesAnalyzer \(|LayerGenerator|(Edu\.Sdk\.Analyzers|Edu\.Sdk\.Generators|NetAnalyzers), Version" report.log \
  | grep -v -E "Property reassignment|/analyzer:|Task Parameter|Adding|Removing" | sed 's/^ *//' | sort -u | head -12
