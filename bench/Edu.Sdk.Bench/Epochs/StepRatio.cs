using System.Diagnostics;
using static Edu.Sdk.torch;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Bench.Epochs;

/// <summary>
/// <c>--steps</c>: one training step of the A3 MLPs and of an A5 CNN (batch 64, Adam) with the generated layers and with the tape, on
/// the same fixed batch, interleaved: the fastest of nine runs of 100 steps each, as wall and process CPU time (the
/// OpenBLAS threads included). Without the data loader and the shuffled rows of an epoch, what is left is the step
/// itself: its GEMMs, and everything around them. Each run starts after a pause longer than OpenBLAS's worker spins
/// after the tape's products, as a generated layer's products stay on OpenBLAS while it may (<c>Gemm.SgemmForLayer</c>).
/// </summary>
internal static class StepRatio
{
    public static void Run()
    {
        manual_seed(0);
        var x = rand(64, 784);
        var labels = randint(0, 10, [64]);
        Console.WriteLine($"{"model",-22} {"generated µs",13} {"tape µs",9} {"tape/generated",15}   (per step: wall, then process CPU)");
        Compare("784-300-10", Generated(new BenchMlp(784, 300, 10), x, labels),
            Tape(nn.Sequential(nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 10)), x, labels));
        Compare("784-(300x3)-10", Generated(new BenchDeepMlp(784, 300, 10), x, labels),
            Tape(nn.Sequential(nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 300), nn.ReLU(), nn.Linear(300, 300), nn.ReLU(), nn.Linear(300, 10)), x, labels));
        var images = x.reshape(64, 1, 28, 28);
        Compare("CNN 2x conv 8, pools", Generated(new BenchCnn(10), images, labels),
            Tape(nn.Sequential(nn.Conv2d(1, 8, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 8, 3, padding: 1), nn.ReLU(),
                nn.AdaptiveMaxPool2d((4, 4)), nn.Flatten(), nn.Linear(128, 10)), images, labels));
    }

    static Action Generated(IBenchClassifier model, Tensor x, Tensor labels)
    {
        var loss = new BenchLabelCrossEntropy();
        var opt = optim.Adam(model.parameters(), lr: 1e-3);
        return () =>
        {
            opt.zero_grad();
            loss.forward(model.forward(x), labels);
            model.backward_parameters(loss.backward());
            opt.step();
        };
    }

    static Action Tape(Nn.Sequential model, Tensor x, Tensor labels)
    {
        var lossFn = nn.CrossEntropyLoss();
        var opt = optim.Adam(model.parameters(), lr: 1e-3);
        return () =>
        {
            opt.zero_grad();
            lossFn.forward(model.forward(x), labels).backward();
            opt.step();
        };
    }

    static void Compare(string name, Action generated, Action tape)
    {
        Action[] paths = [generated, tape];
        foreach (var p in paths)
            for (var sw = Stopwatch.StartNew(); sw.Elapsed.TotalSeconds < 2;) p();
        const int steps = 100;
        var wall = new[] { double.MaxValue, double.MaxValue };
        var cpu = new[] { double.MaxValue, double.MaxValue };
        var process = Process.GetCurrentProcess();
        for (int run = 0; run < 9; run++)
            for (int p = 0; p < 2; p++)
            {
                Thread.Sleep(Tensors.Gemm.OpenBlas.WorkerSpinMilliseconds + 50);
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < steps; i++) paths[p]();
                wall[p] = Math.Min(wall[p], sw.Elapsed.TotalMilliseconds * 1000 / steps);
                process.Refresh();
                cpu[p] = Math.Min(cpu[p], (process.TotalProcessorTime - cpu0).TotalMilliseconds * 1000 / steps);
            }
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{name,-22} {wall[0],13:F0} {wall[1],9:F0} {wall[1] / wall[0],15:F2}   wall"));
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{"",-22} {cpu[0],13:F0} {cpu[1],9:F0} {cpu[1] / cpu[0],15:F2}   CPU"));
    }
}
