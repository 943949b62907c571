// Assignment A5: the Trainer configured by a NetworkConfiguration; the MLP learning-rate experiment and three CNNs.
// Usage: Trainer [--quick | --full] [--digits] [--out <folder>]
return Edu.Samples.TrainerSample.Run(args, Console.Out);
