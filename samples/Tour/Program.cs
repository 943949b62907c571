using Edu.Sdk;
using static Edu.Sdk.torch;

manual_seed(42);
var x = randn(3, 4);
Console.WriteLine(x);
var w = tensor(new float[,] { { 1, 2 }, { 3, 4 }, { 5, 6 }, { 7, 8 } });
Console.WriteLine(x.matmul(w));
Console.WriteLine(x.T.matmul(x));
Console.WriteLine(tensor(new float[] { 1000, 10000, 100000 }).softmax(0));
Console.WriteLine((x + tensor(new float[] { 1, 2, 3, 4 })).sum(0));
Console.WriteLine(x.argmax(1));
Console.WriteLine(x.gt(0));
Console.WriteLine(arange(2000).reshape(40, 50));
Console.WriteLine(x.max(1).values);
Console.WriteLine(x.log_softmax(0).exp().sum(0));
Console.WriteLine(tensor(new double[] { 1e-6, 3e3 }));
Console.WriteLine(randn(2,3,4));

// A generated layer: forward, backward and the derivation it was generated from.
var mlp = new Tour.Mlp(4, 8, 3);
var loss = new Tour.CrossEntropy();
var inputs = randn(16, 4);
var targets = nn.functional.one_hot(inputs.narrow(1, 0, 3).argmax(1), 3).to(ScalarType.Float32);
for (int step = 0; step < 100; step++)
{
    mlp.zero_grad();
    var l = loss.forward(mlp.forward(inputs), targets);
    if (step % 25 == 0) Console.WriteLine($"step {step}: loss {l.ToSingle():F4}");
    mlp.backward_parameters(loss.backward());
    using (no_grad()) foreach (var p in mlp.parameters()) p.add_(p.grad!, -0.5);
}
Console.WriteLine(mlp.DescribeBackward());
