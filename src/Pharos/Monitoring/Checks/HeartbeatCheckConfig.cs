using Pharos.Config;
using YamlDotNet.RepresentationModel;

namespace Pharos.Monitoring.Checks;

/// <summary>A job that must call Pharos at least every period (plus grace).</summary>
public sealed record HeartbeatCheckConfig : CheckConfig
{
    public override CheckType Type => CheckType.Heartbeat;

    /// <summary>The secret part of /heartbeat/{token}; at least 128 bits strong (<see cref="HeartbeatToken"/>).</summary>
    public required string Token { get; init; }
    public required TimeSpan Period { get; init; }

    /// <summary>A heartbeat probes nothing: the job calls in.</summary>
    public override string Target => $"heartbeat every {DurationParser.Format(Period)}";
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(1);

    public override IProbe CreateProbe(ProbeFactory probes) => new HeartbeatProbe(this, probes.Heartbeats, probes.Time);

    /// <summary>Never called: one token is one job, so the reader refuses `hostnames` on a heartbeat.</summary>
    protected override CheckConfig ForHostname(string hostname) =>
        throw new NotSupportedException("a heartbeat check is not expanded per hostname");
}

/// <summary>Reads a heartbeat's token (given or from the environment), period and grace.</summary>
internal static class HeartbeatCheckReader
{
    public static readonly string[] Keys = ["token", "token_env", "period", "grace"];

    public static HeartbeatCheckConfig? Read(YamlReader r, YamlMappingNode map, string where, string id)
    {
        var token = r.String(map, "token", where);
        var env = r.String(map, "token_env", where);
        if (env is not null)
        {
            token = Environment.GetEnvironmentVariable(env);
            if (string.IsNullOrEmpty(token))
            {
                r.Error(YamlReader.Get(map, "token_env"), $"{where}: environment variable {env} (named by 'token_env') is not set");
                return null;
            }
        }

        if (token is null)
        {
            r.Error(map, $"{where}: a heartbeat needs 'token' or 'token_env' (the secret in its URL; `pharos heartbeat token` makes one)");
            return null;
        }

        if (HeartbeatToken.Weakness(token) is { } weakness)
        {
            var source = env is null ? "the heartbeat token" : $"the heartbeat token in {env}";
            r.Error(YamlReader.Get(map, env is null ? "token" : "token_env"), $"{where}: {source} {weakness}; `pharos heartbeat token` prints a good one");
            return null;
        }

        var period = r.Duration(map, "period", where, TimeSpan.FromSeconds(1), TimeSpan.FromDays(31));
        if (period is null)
        {
            if (YamlReader.Get(map, "period") is null)
            {
                r.Error(map, $"{where}: a heartbeat needs 'period' (how often the job calls)");
            }

            return null;
        }

        return new HeartbeatCheckConfig
        {
            Id = id,
            Token = token,
            Period = period.Value,
            Grace = r.Duration(map, "grace", where, TimeSpan.Zero, TimeSpan.FromDays(7)) ?? TimeSpan.FromMinutes(1),
        };
    }
}
