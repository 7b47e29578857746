using System.CommandLine;
using Pharos.Bench;

// Benchmarks of the Pharos program that need more than its public commands, kept out of the product assembly.
//   monitor     many HTTP checks against a loopback fleet (bench/monitor-scale)
//   smtp-blast  the bare-MailKit reference of bench/notify
var root = new RootCommand("Pharos benchmarks") { MonitorBenchCommand.Build(), SmtpBlastCommand.Build() };
return await root.Parse(args).InvokeAsync();
