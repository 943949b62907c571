// Assignment A6: softmax regression and a two-layer network on three classes of the embedded 8x8 digits.
// Usage: Digits [--quick] [--out <folder>]
return Edu.Samples.DigitsSample.Run(args, Console.Out);
