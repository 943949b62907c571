// Assignment A3: backpropagation by hand vs a generated backward vs autograd. `--quick` for a few-second run.
return MlpBackprop.MlpBackpropSample.Run(args, Console.Out);
