// Assignment A2: softmax regression, gradients by hand, SGD and Adam. `--quick` for a few-second run.
return SoftmaxRegression.SoftmaxRegressionSample.Run(args, Console.Out);
