using BayesGrades;

// Assignment A1: the exam-grades network and its sixteen queries. `--quick` prints only the queries and the comparison.
bool quick = args.Contains("--quick");
foreach (var a in args)
    if (a != "--quick") { Console.Error.WriteLine($"Unknown argument '{a}'. Usage: BayesGrades [--quick]"); return 2; }
Report.Write(Console.Out, quick);
return 0;
