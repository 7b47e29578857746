using BenchmarkDotNet.Running;
using Pharos.Dns.Bench;

// Entry points for bench/dns-fuzz and bench/dns-qps:
//   serve ZONEFILE ORIGIN PORT WORKERS   run our server until SIGTERM
//   fuzz-parse COUNT                     random and mutated packets at the parser
//   fuzz-server PORT COUNT               random and mutated packets at a running server over loopback UDP
//   bdn [BenchmarkDotNet args]           the allocation benchmark of the answer path
return args.FirstOrDefault() switch
{
    "serve" => await ServeCommand.RunAsync(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture)),
    "fuzz-parse" => FuzzCommand.Parse(long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture)),
    "fuzz-server" => await FuzzCommand.ServerAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)),
    "bdn" => RunBenchmarks(args[1..]),
    _ => Usage(),
};

static int RunBenchmarks(string[] rest)
{
    BenchmarkSwitcher.FromAssembly(typeof(AnswerPathBenchmark).Assembly).Run(rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: serve ZONEFILE ORIGIN PORT WORKERS | fuzz-parse COUNT | fuzz-server PORT COUNT | bdn [args]");
    return 2;
}
