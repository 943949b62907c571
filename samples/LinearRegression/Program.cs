// Assignment A4: linear regression by gradient descent on Diabetes, with custom differentiable functions.
// Usage: LinearRegression [--quick] [--out <folder>]
return Edu.Samples.LinearRegressionSample.Run(args, Console.Out);
