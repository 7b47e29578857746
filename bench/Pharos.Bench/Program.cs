using System.CommandLine;
using Pharos.Bench;

// Benchmarks of the Pharos program that need more than its public commands, kept out of the product assembly.
//   monitor   many HTTP checks against a loopback fleet (bench/monitor-scale)
var root = new RootCommand("Pharos benchmarks") { MonitorBenchCommand.Build() };
return await root.Parse(args).InvokeAsync();
