// The tour of Edu.Sdk: `dotnet run --project samples/Tour` (add `-- --quick` for a shorter run).
return Tour.TourSample.Run(args, Console.Out);
