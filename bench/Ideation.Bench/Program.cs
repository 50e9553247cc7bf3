using Ideation.Bench.Documents;
using Ideation.Bench.Stack;

// Benchmarks of the running local stack. Usage: Ideation.Bench documents [--quick]
var scenario = args.FirstOrDefault();
var options = args.Skip(1).ToList();
var quick = options.Remove("--quick");
if (scenario != "documents" || options.Count > 0)
{
    Console.Error.WriteLine("Usage: dotnet run --project bench/Ideation.Bench -c Release -- documents [--quick]");
    Console.Error.WriteLine("  documents  uploads (gateway vs S3), scanning (pipeline vs clamdscan), memory under concurrent uploads;");
    Console.Error.WriteLine("             needs the local stack running (bench/start-stack.sh or scripts/start.sh)");
    Console.Error.WriteLine("  --quick    fewer rounds and less data: to check that it works, not for the record");
    return 2;
}

await DocumentsScenario.RunAsync(new LocalStack(), quick ? DocumentsSettings.Quick : DocumentsSettings.Full, Console.Out);
return 0;
