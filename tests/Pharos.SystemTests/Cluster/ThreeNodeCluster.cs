using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Dapper;
using Pharos.Dns;
using Pharos.Dns.Client;
using Pharos.Dns.Records;
using Pharos.Storage;
using Pharos.SystemTests.Support;
using Xunit.Abstractions;

namespace Pharos.SystemTests.Cluster;

/// <summary>One node of the cluster: its id and the ports of its page and its DNS server.</summary>
public sealed record ClusterNode(string Id, int HttpPort, int DnsPort)
{
    public Uri Http => new($"http://127.0.0.1:{HttpPort}/");

    public IPEndPoint DnsEndpoint => new(IPAddress.Loopback, DnsPort);
}

/// <summary>
/// Three `pharos serve` processes on one new PostgreSQL database, with everything around them the test controls: the
/// monitored service, a webhook receiver that records each delivery, and a nameserver outside Pharos's hands. n1
/// starts alone and so leads; the policy verifies on n2, n3 and the outside server.
/// </summary>
public sealed class ThreeNodeCluster : IAsyncDisposable
{
    public const string Primary = "127.0.0.10";
    public const string Standby = "127.0.0.20";
    private const int TtlSeconds = 30;

    private readonly TempDir _dir = new();
    private readonly ITestOutputHelper _output;
    private readonly PharosProcess?[] _processes = new PharosProcess?[3];
    private string _connection = "";
    private string _storage = "";

    private ThreeNodeCluster(ITestOutputHelper output) => _output = output;

    public ClusterNode[] Nodes { get; } = new[] { "n1", "n2", "n3" }.Select(id => new ClusterNode(id, PharosProcess.FreePort(), PharosProcess.FreePort())).ToArray();

    /// <summary>The monitored service: healthy until <see cref="BreakService"/>.</summary>
    public LoopbackServer Service { get; private set; } = null!;

    /// <summary>Answers the old side until the test moves it: while it does, a failover stays open in FailingOver.</summary>
    public StubNameserver Outside { get; private set; } = null!;

    public PostgresDatabase Db { get; private set; } = null!;

    /// <summary>Every webhook request as it arrived: (Idempotency-Key, X-Pharos-Event).</summary>
    public ConcurrentQueue<(string Key, string Kind)> Deliveries { get; } = new();

    /// <summary>Set to hold each delivery of one kind until the task completes (the receiver answers only then).</summary>
    public (string Kind, Task Until)? Hold { get; set; }

    private LoopbackServer Receiver { get; set; } = null!;

    public static async Task<ThreeNodeCluster> StartAsync(ITestOutputHelper output)
    {
        var cluster = new ThreeNodeCluster(output);
        try
        {
            await cluster.StartAllAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public PharosProcess Process(ClusterNode node) => _processes[Array.IndexOf(Nodes, node)]!;

    public void BreakService() => Service.Handler = ctx =>
    {
        ctx.Response.StatusCode = 503;
        return Task.CompletedTask;
    };

    /// <summary>Starts the node (again, on its data folder) and waits until it serves.</summary>
    public async Task StartNodeAsync(ClusterNode node)
    {
        var nameservers = Nodes.Skip(1).Select(n => n.DnsEndpoint).Append(Outside.Endpoint);
        var config = _dir.Write($"{node.Id}.yaml", Config(node.DnsPort, Service.Url("/health"), Receiver.Url("/hook"), nameservers) + _storage);
        var process = PharosProcess.StartWith(
            new Dictionary<string, string> { ["PHAROS_NODE_ID"] = node.Id },
            "serve", "--config", config, "--data", Path.Combine(_dir.Path, node.Id), "--urls", node.Http.ToString().TrimEnd('/'));
        _processes[Array.IndexOf(Nodes, node)] = process;
        await process.WaitUntilServingAsync(new Uri(node.Http, "healthz"), TimeSpan.FromSeconds(60));
    }

    /// <summary>Whether the node says it leads, and in which term (from /readyz, whatever its status).</summary>
    public static async Task<(bool Leader, long? Term)> ReadyAsync(ClusterNode node)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await http.GetAsync(new Uri(node.Http, "readyz"));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var part = doc.RootElement.GetProperty("node");
        return (part.GetProperty("leader").GetBoolean(), part.GetProperty("term").ValueKind == JsonValueKind.Number ? part.GetProperty("term").GetInt64() : null);
    }

    /// <summary>What the node's DNS server answers for www.example.test A.</summary>
    public static async Task<string> AnswerAsync(ClusterNode node)
    {
        var response = await new DnsClient().QueryAsync(DnsName.Parse("www.example.test."), DnsType.A, node.DnsEndpoint);
        return string.Join(",", response.Message.Answers.Where(r => r.Type == DnsType.A).Select(r => r.Data.ToString()).Order(StringComparer.Ordinal));
    }

    public static async Task<uint> SerialAsync(ClusterNode node)
    {
        var response = await new DnsClient().QueryAsync(DnsName.Parse("example.test."), DnsType.SOA, node.DnsEndpoint);
        return ((SoaRecordData)response.Message.Answers.Single(r => r.Type == DnsType.SOA).Data).Serial;
    }

    /// <summary>The stored state of the policy (FailingOver, FailedOver, …), as every node reads it.</summary>
    public async Task<string?> StateAsync()
    {
        await using var c = await Db.OpenAsync(CancellationToken.None);
        var json = await c.ExecuteScalarAsync<string?>("SELECT state_json FROM failover_state WHERE policy_id = 'shop'");
        return json is null ? null : JsonDocument.Parse(json).RootElement.GetProperty("State").GetString();
    }

    public async Task<(string? Holder, long Term)> LeaseAsync()
    {
        await using var c = await Db.OpenAsync(CancellationToken.None);
        return await c.QuerySingleAsync<(string?, long)>("SELECT holder, term FROM cluster_lease WHERE name = 'controller'");
    }

    /// <summary>The failover history, oldest first, as "From->To".</summary>
    public async Task<List<string>> TransitionsAsync()
    {
        await using var c = await Db.OpenAsync(CancellationToken.None);
        return (await c.QueryAsync<string>("SELECT from_state || '->' || to_state FROM failover_events WHERE policy_id = 'shop' ORDER BY id")).ToList();
    }

    public async Task<long> AuditCountAsync(string action)
    {
        await using var c = await Db.OpenAsync(CancellationToken.None);
        return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = @action", new { action });
    }

    /// <summary>Outbox rows by status: pending ones are still to be sent, sent ones were recorded as delivered.</summary>
    public async Task<long> MessagesAsync(string status)
    {
        await using var c = await Db.OpenAsync(CancellationToken.None);
        return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox WHERE status = @status", new { status });
    }

    /// <summary>Whether the router has routed every event so far and no routed message waits or is in flight.</summary>
    public async Task<bool> NotificationsQuietAsync()
    {
        await using var c = await Db.OpenAsync(CancellationToken.None);
        return await c.ExecuteScalarAsync<bool>(
            """
            SELECT coalesce((SELECT sequence FROM event_cursors WHERE consumer = 'notifications'), 0) >= coalesce((SELECT max(sequence) FROM domain_events), 0)
               AND NOT EXISTS (SELECT 1 FROM outbox WHERE status = 'pending')
            """);
    }

    /// <summary>Every node's output, for a failed test's log.</summary>
    public void WriteOutputs()
    {
        foreach (var (p, node) in _processes.Zip(Nodes))
        {
            _output.WriteLine($"--- {node.Id} ---\n{p?.Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _processes)
        {
            if (p is not null)
            {
                await p.DisposeAsync();
            }
        }

        Hold = null;
        foreach (var server in new IAsyncDisposable?[] { Receiver, Service, Outside, Db })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        if (_connection.Length > 0)
        {
            // FORCE ends the sessions the killed nodes may have left behind.
            Npgsql.NpgsqlConnection.ClearAllPools();
            var name = new Npgsql.NpgsqlConnectionStringBuilder(_connection).Database;
            await (await PostgresServer.GetAsync()).ExecuteAsync("postgres", $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }

        _dir.Dispose();
    }

    private async Task StartAllAsync()
    {
        _storage = await TestDatabases.PostgresYamlAsync(_dir.Path);
        _connection = await File.ReadAllTextAsync(_dir.File("postgres-connection.txt"));
        Db = new PostgresDatabase(_connection);
        Service = await LoopbackServer.StartAsync();
        Receiver = await LoopbackServer.StartAsync(async ctx =>
        {
            var kind = ctx.Request.Headers["X-Pharos-Event"].ToString();
            Deliveries.Enqueue((ctx.Request.Headers["Idempotency-Key"].ToString(), kind));
            if (Hold is { } hold && hold.Kind == kind)
            {
                await hold.Until;
            }

            ctx.Response.StatusCode = 200;
        });
        Outside = await StubNameserver.StartAsync("example.test.", Primary, TtlSeconds);
        foreach (var node in Nodes)
        {
            await StartNodeAsync(node);
            if (node.Id == "n1")
            {
                // Started alone, the first node leads: the test knows which one to kill and whom to leave out of the nameservers.
                (await ReadyAsync(node)).Leader.ShouldBeTrue("the first node leads");
            }
        }
    }

    /// <summary>
    /// The same pharos.yaml for every node but for its DNS port. The policy verifies on n2, n3 and the outside server:
    /// a dead nameserver in that list would rightly hold every failover, so n1, the one to be killed, is left out.
    /// </summary>
    private static string Config(int dnsPort, Uri health, Uri hook, IEnumerable<IPEndPoint> nameservers) => $$"""
        site:
          name: Shop
        components:
          - id: app
            name: App
        checks:
          - id: primary-http
            type: http
            url: {{health}}
            interval: 1s
            timeout: 1s
        dns:
          listen: [127.0.0.1:{{dnsPort}}]
          workers: 1
        notifications:
          channels:
            - { id: hook, type: webhook, url: "{{hook}}" }
          routes:
            - { id: moves, events: ["failover.*", "incident.*"], channels: [hook] }
        failover:
          policies:
            - id: shop
              zone: example.test
              provider: { type: builtin }
              nameservers: [{{string.Join(", ", nameservers.Select(n => $"\"{n}\""))}}]
              verify_timeout: 5m
              records: ["@", www, "*"]
              ttl: {{TtlSeconds}}s
              primary: { A: [{{Primary}}] }
              failover: { A: [{{Standby}}] }
              components: [app]
              trigger: { checks: [primary-http], fail_after: 2 }
              failback: { mode: manual }
        """;
}
