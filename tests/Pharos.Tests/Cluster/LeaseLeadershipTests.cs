using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Cluster;
using Pharos.Storage;
using Pharos.Tests.Support;

namespace Pharos.Tests.Cluster;

/// <summary>Two nodes on one database: one leads, the other takes over when it leaves or vanishes, and the old term is fenced.</summary>
public sealed class LeaseLeadershipTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly TempDir _dir = new();
    private readonly FakeTime _time = new(T0);
    private readonly NodeConfig _config = new() { LeaseTtl = TimeSpan.FromSeconds(9), Heartbeat = TimeSpan.FromSeconds(3) };
    private SqliteDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = new SqliteDatabase(_dir.File("pharos.db"));
        await new SqliteStatusStore(_db).MigrateAsync(default);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private LeaseLeadership Node(string id, NodeConfig? config = null) =>
        new(new NodeIdentity(id, id + "-run", "test", "host"), config ?? _config, new LeaseStore(_db), _time, NullLogger<LeaseLeadership>.Instance);

    [Fact]
    public async Task The_first_node_leads_and_the_second_takes_over_at_once_when_it_stops_cleanly()
    {
        var a = Node("a");
        var b = Node("b");
        await a.StartAsync(default);
        await b.StartAsync(default);
        a.Current.ShouldNotBeNull();
        b.Current.ShouldBeNull();
        var first = a.Current!;

        await a.StopAsync(default);
        a.Current.ShouldBeNull();
        first.Lost.IsCancellationRequested.ShouldBeTrue();
        var next = b.WaitForTermAsync(default);
        // b's renewal timer may not be waiting yet on a busy machine: one advance could pass it by, so keep the fake
        // clock moving a heartbeat at a time until b leads, always short of the lease TTL, so that b cannot win by expiry.
        for (var i = 0; (i + 1) * _config.Heartbeat < _config.LeaseTtl && !next.IsCompleted; i++)
        {
            _time.Advance(_config.Heartbeat);
            await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(1)));
        }

        var term = await next.WaitAsync(TimeSpan.FromSeconds(10));
        term.Number.ShouldBeGreaterThan(first.Number);
        await b.StopAsync(default);
    }

    [Fact]
    public async Task A_vanished_leader_is_replaced_only_after_its_lease_expires()
    {
        // a took the lease and then froze: it neither renews nor releases.
        var first = await new LeaseStore(_db).TryAcquireAsync(LeaseStore.ControllerLease, "a", null, T0, _config.LeaseTtl, force: false, default);
        var b = Node("b");
        await b.StartAsync(default);
        b.Current.ShouldBeNull("a's lease has not expired yet");

        var taken = b.WaitForTermAsync(default);
        var ledAt = T0;
        for (var i = 0; i < 6 && !taken.IsCompleted; i++)
        {
            _time.Advance(_config.Heartbeat);
            ledAt = _time.GetUtcNow();
            await Task.WhenAny(taken, Task.Delay(300));
        }

        (await taken.WaitAsync(TimeSpan.FromSeconds(10))).Number.ShouldBe(first!.Value + 1);
        ledAt.ShouldBeGreaterThan(T0 + _config.LeaseTtl);
        ledAt.ShouldBeLessThanOrEqualTo(T0 + _config.LeaseTtl + _config.Heartbeat);
        await b.StopAsync(default);
    }

    [Fact]
    public async Task A_write_fenced_by_an_old_term_is_refused_and_rolled_back()
    {
        var a = Node("a");
        await a.StartAsync(default);
        await using (var c = await _db.OpenAsync(default))
        {
            await using var tx = await c.BeginTransactionAsync();
            await a.EnsureAsync(c, tx, default);
        }

        // Another node takes the lease behind a's back (as after a's lease ran out while it was frozen).
        await new LeaseStore(_db).TryAcquireAsync(LeaseStore.ControllerLease, "b", null, T0 + TimeSpan.FromMinutes(1), _config.LeaseTtl, force: false, default);
        await using (var c = await _db.OpenAsync(default))
        {
            await using var tx = await c.BeginTransactionAsync();
            await Should.ThrowAsync<FencedException>(() => a.EnsureAsync(c, tx, default));
        }

        // a's next renewal sees it and steps down at once.
        var lost = a.Current!.Lost;
        _time.Advance(_config.Heartbeat);
        await Eventually.TrueAsync(() => Task.FromResult(lost.IsCancellationRequested), TimeSpan.FromSeconds(5));
        a.Current.ShouldBeNull();
        await a.StopAsync(default);
    }

    [Fact]
    public async Task A_node_without_the_controller_role_never_leads()
    {
        var web = Node("web", _config with { Roles = new HashSet<NodeRole> { NodeRole.Web } });
        await web.StartAsync(default);
        _time.Advance(_config.LeaseTtl * 3);
        web.Current.ShouldBeNull();
        (await new LeaseStore(_db).ReadAsync(LeaseStore.ControllerLease, default))?.Holder.ShouldBeNull();
        await web.StopAsync(default);
    }
}
