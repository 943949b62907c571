using Edu.Sdk;
using static Edu.Sdk.torch;

var x = randn(4, 3);
var w = nn.Parameter(randn(3, 1));
var loss = x.matmul(w).pow(2).mean();
loss.backward();
Console.WriteLine(w.grad!.shape[0]);
