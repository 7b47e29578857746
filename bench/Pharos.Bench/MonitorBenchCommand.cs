using System.CommandLine;
using Pharos.Config;

namespace Pharos.Bench;

/// <summary>`monitor`: the verb behind bench/monitor-scale, with the options `pharos bench monitor` had.</summary>
internal static class MonitorBenchCommand
{
    public static Command Build()
    {
        var checks = new Option<int>("--checks") { DefaultValueFactory = _ => 10_000 };
        var duration = new Option<string>("--duration") { DefaultValueFactory = _ => "60s" };
        var interval = new Option<string>("--interval") { DefaultValueFactory = _ => "10s" };
        var targets = new Option<string>("--targets") { Description = "Comma-separated host:port list", DefaultValueFactory = _ => "127.0.0.1:18080" };
        var concurrency = new Option<int>("--concurrency") { DefaultValueFactory = _ => 256 };
        var timeline = new Option<bool>("--timeline") { Description = "Print every 5 s window's runs, lag and thread pool backlog to stderr" };
        var data = new Option<string>("--data") { DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "pharos-bench") };
        var monitor = new Command("monitor", "Run many HTTP checks against a loopback fleet and report throughput, lag, CPU, RSS and database growth")
        {
            checks, duration, interval, targets, concurrency, data, timeline,
        };
        monitor.SetAction(async (parse, ct) =>
        {
            if (!DurationParser.TryParse(parse.GetValue(duration), out var d) || !DurationParser.TryParse(parse.GetValue(interval), out var i) || d <= i)
            {
                parse.InvocationConfiguration.Error.WriteLine("--duration and --interval must be durations, and the duration longer than the interval");
                return 2;
            }

            var options = new MonitorBenchOptions
            {
                Checks = parse.GetValue(checks),
                Duration = d,
                Interval = i,
                Targets = parse.GetValue(targets)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Concurrency = parse.GetValue(concurrency),
                DataDirectory = parse.GetValue(data)!,
                Timeline = parse.GetValue(timeline),
            };
            return await MonitorBench.RunAsync(options, parse.InvocationConfiguration.Output, ct);
        });
        return monitor;
    }
}
