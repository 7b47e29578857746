using Pharos.Dns;
using Pharos.Dns.Client;

namespace Pharos.Monitoring.Checks;

/// <summary>Asks one DNS server one question (through Pharos.Dns) and expects an answer, or given answers.</summary>
public sealed class DnsProbe(DnsCheckConfig config, DnsClient client) : IProbe
{
    private readonly DnsName _name = DnsName.Parse(config.Query);
    private readonly DnsType _type = DnsRecord.TryParseType(config.RecordType, out var t) ? t : DnsType.A;
    private readonly DnsRcode _rcode = Enum.Parse<DnsRcode>(config.ExpectRcode, ignoreCase: true);

    public async Task<ProbeResult> ProbeAsync(CancellationToken ct)
    {
        var options = new DnsQueryOptions { Timeout = config.Timeout, Attempts = 1, UseTcp = config.UseTcp };
        var response = await client.QueryAsync(_name, _type, config.Server, options, ct).ConfigureAwait(false);
        var latency = response.Elapsed;
        var m = response.Message;
        if (m.Rcode != _rcode)
        {
            return ProbeResult.Down(latency, $"{config.Server} answered {m.Rcode}, expected {_rcode}");
        }

        var answers = m.Answers.Where(a => a.Type == _type).Select(a => a.Data.ToString()).ToList();
        if (_rcode == DnsRcode.NoError && answers.Count == 0)
        {
            return ProbeResult.Down(latency, $"{config.Server} has no {config.RecordType} answer for {config.Query}");
        }

        var missing = config.Expect.Where(e => !answers.Any(a => string.Equals(a.TrimEnd('.'), e.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))).ToList();
        if (missing.Count > 0)
        {
            return ProbeResult.Down(latency, $"answers [{string.Join(", ", answers)}] lack {string.Join(", ", missing)}");
        }

        return ProbeResult.Up(latency, string.Join(", ", answers)).WithLatencyLimit(config.DegradedLatency);
    }
}
