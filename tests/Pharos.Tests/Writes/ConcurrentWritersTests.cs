using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Pharos.Accounts;
using Pharos.Audit;
using Pharos.Domain;
using Pharos.Failover;
using Pharos.Monitoring.Incidents;
using Pharos.Writes;
using Pharos.Tests.Support;
using Pharos.Monitoring.Results;
using Pharos.Storage;

namespace Pharos.Tests.Writes;

/// <summary>People and Pharos itself writing the same incidents at once: nothing answered 2xx may be lost.</summary>
public sealed class SqliteConcurrentWritersTests() : ConcurrentWritersTests(SqlDialect.Sqlite);

public sealed class PostgresConcurrentWritersTests() : ConcurrentWritersTests(SqlDialect.Postgres);

/// <summary>These tests, run with the app on SQLite and on PostgreSQL.</summary>
public abstract class ConcurrentWritersTests(SqlDialect dialect) : DialectAppTests(dialect)
{
    private const int OperatorPosts = 1_000;

    // Parsed only for its policy: the failover writer is driven by hand, so no controller or DNS runs.
    private const string FailoverYaml = """
        site: { name: Shop, public_url: "http://127.0.0.1/" }
        components:
          - { id: app, name: Application }
        checks:
          - { id: primary-http, type: http, component: app, url: "http://127.0.0.10:1/", interval: 10s }
        dns:
          listen: [127.0.0.1:1]
        failover:
          policies:
            - id: shop
              zone: example.test
              provider: { type: builtin }
              records: [www]
              ttl: 30s
              primary: { A: [127.0.0.10] }
              failover: { A: [127.0.0.20] }
              components: [app]
              trigger: { checks: [primary-http], fail_after: 3 }
        """;

    [SkippableFact]
    public async Task Operator_updates_answered_2xx_survive_monitoring_and_failover_writing_the_same_incidents()
    {
        var commits = new CommitCounter();
        await using var app = await StartAppAsync(configure: s => s.AddSingleton<IAfterCommit>(commits));
        using var api = await app.ApiClientAsync(Scopes.Read, Scopes.IncidentsWrite);
        var auto = app.Services.GetRequiredService<AutoIncidentService>();
        var failover = app.Services.GetRequiredService<FailoverIncidents>();
        var policy = ConfigLoader.Load(FailoverYaml, "failover.yaml").Failover.Policies.Single();

        // Monitoring opens the first automatic incident; everyone writes on whichever incident is open from then on.
        await auto.HandleAsync(new ComponentHealthChange("app", DateTimeOffset.UtcNow, ComponentStatus.PartialOutage), default);
        var current = (await app.Store.LoadAsync(DateTimeOffset.UtcNow.AddDays(-1), default)).Incidents.Single().Id;

        var posted = new ConcurrentBag<(string Incident, string Update, string Marker)>();
        var unexpected = new ConcurrentBag<HttpStatusCode>();
        var done = new CancellationTokenSource();
        var next = 0;
        async Task Operator()
        {
            while (Interlocked.Increment(ref next) is var n && n <= OperatorPosts)
            {
                var id = Volatile.Read(ref current);
                var marker = $"operator-note-{n:D4}";
                var response = await api.PostJsonAsync($"/api/v1/incidents/{id}/updates", new { message = $"Update {marker} from the on-call engineer." });
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var update = (await response.JsonAsync()).GetProperty("updates")[0];
                    update.GetProperty("body").GetString()!.ShouldContain(marker);
                    posted.Add((id, update.GetProperty("id").GetString()!, marker));
                }
                else if (response.StatusCode != HttpStatusCode.Conflict)
                {
                    unexpected.Add(response.StatusCode);
                }
            }
        }

        async Task UntilProgress(int posts)
        {
            while (Volatile.Read(ref next) < posts && !done.IsCancellationRequested)
            {
                await Task.Yield();
                await Task.Delay(1);
            }
        }

        async Task Monitoring()
        {
            var statuses = new[] { ComponentStatus.MajorOutage, ComponentStatus.PartialOutage, ComponentStatus.Operational, ComponentStatus.PartialOutage };
            for (var i = 0; !done.IsCancellationRequested; i++)
            {
                // Paced by the operators' progress, so the incidents stay within the 50 that incidents.json lists.
                await UntilProgress(i * 25);
                await auto.HandleAsync(new ComponentHealthChange("app", DateTimeOffset.UtcNow, statuses[i % statuses.Length]), default);
                var open = (await app.Store.LoadAsync(DateTimeOffset.UtcNow.AddDays(-1), default)).Incidents.Where(x => x.IsOpen).OrderByDescending(x => x.CreatedAt).FirstOrDefault();
                if (open is not null)
                {
                    Volatile.Write(ref current, open.Id);
                }
            }
        }

        async Task Failover()
        {
            for (var i = 0; !done.IsCancellationRequested; i++)
            {
                await UntilProgress(i * 5);
                var (from, to) = i % 2 == 0 ? (FailoverState.Primary, FailoverState.FailingOver) : (FailoverState.FailingBack, FailoverState.Primary);
                var state = new PolicyState { PolicyId = policy.Id, IncidentId = Volatile.Read(ref current), State = to };
                await failover.OnTransitionAsync(policy, new FailoverTransition { PolicyId = policy.Id, At = DateTimeOffset.UtcNow, From = from, To = to, Reason = "test", Actor = "system:test" }, state, default);
            }
        }

        var operators = Enumerable.Range(0, 4).Select(_ => Task.Run(Operator)).ToArray();
        var system = new[] { Task.Run(Monitoring), Task.Run(Failover) };
        await Task.WhenAll(operators);
        await done.CancelAsync();
        await Task.WhenAll(system);

        unexpected.ShouldBeEmpty("every operator post is either written (200) or refused as a conflict (409)");
        posted.Count.ShouldBeGreaterThan(OperatorPosts * 9 / 10, "conflicts are retried; few should remain");
        commits.Of(AutoIncidentService.Actor).ShouldBeGreaterThan(10, "monitoring wrote throughout");
        commits.Of(FailoverIncidents.Actor).ShouldBeGreaterThan(10, "failover wrote throughout");

        // Every update answered 2xx is stored, served by /api/v2/incidents.json and shown on its incident's page.
        await app.RefreshAsync();
        using var v2 = JsonDocument.Parse(await app.Client.GetStringAsync("/api/v2/incidents.json"));
        var served = v2.RootElement.GetProperty("incidents").EnumerateArray()
            .SelectMany(i => i.GetProperty("incident_updates").EnumerateArray().Select(u => u.GetProperty("id").GetString()!)).ToHashSet();
        var missing = posted.Where(p => !served.Contains(p.Update)).Select(p => p.Marker).ToList();
        missing.Count.ShouldBe(0, $"updates answered 200 but missing from /api/v2/incidents.json, e.g. {string.Join(", ", missing.Take(5))}");
        foreach (var group in posted.GroupBy(p => p.Incident))
        {
            var page = await app.Client.GetStringAsync($"/incidents/{group.Key}");
            var absent = group.Where(p => !page.Contains(p.Marker, StringComparison.Ordinal)).Select(p => p.Marker).ToList();
            absent.Count.ShouldBe(0, $"missing from the page of incident {group.Key}, e.g. {string.Join(", ", absent.Take(5))}");
        }

        // Every system write committed its audit row with it.
        var audit = await app.Services.GetRequiredService<Pharos.Storage.IAuditStore>().QueryAsync(new AuditQuery { Limit = 100_000 }, default);
        audit.Count(a => a.Actor.ToString() == AutoIncidentService.Actor.ToString()).ShouldBe(commits.Of(AutoIncidentService.Actor));
        audit.Count(a => a.Actor.ToString() == FailoverIncidents.Actor.ToString()).ShouldBe(commits.Of(FailoverIncidents.Actor));
        audit.Count(a => a.Action == "incident.update" && a.Actor.Kind == Actor.TokenKind).ShouldBe(posted.Count);
    }

    /// <summary>Counts committed changes per actor, as the writer reports them after commit.</summary>
    private sealed class CommitCounter : IAfterCommit
    {
        private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

        public void Committed(IReadOnlyList<DomainEvent> events)
        {
            if (events.Count > 0)
            {
                _counts.AddOrUpdate(events[0].Actor, 1, (_, n) => n + 1);
            }
        }

        public int Of(Actor actor) => _counts.GetValueOrDefault(actor.ToString());
    }
}
