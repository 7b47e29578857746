using System.Diagnostics;
using Xunit.Abstractions;
using static Pharos.SystemTests.Cluster.ThreeNodeCluster;

namespace Pharos.SystemTests.Cluster;

/// <summary>
/// The three-node test: three `pharos serve` processes on one real PostgreSQL, the leader killed with SIGKILL
/// while a failover waits for a nameserver to agree. Another node must finish the move within 15 s, with the zone's
/// serial raised once in all, each transition recorded once and each notification delivered once.
/// </summary>
public sealed class ThreeNodeTakeoverSystemTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task The_leader_killed_during_a_failover_is_replaced_by_a_node_that_finishes_it_with_one_serial_change_and_no_repeated_notification()
    {
        await using var cluster = await ThreeNodeCluster.StartAsync(output);
        try
        {
            var serial0 = await SerialsBeforeAsync(cluster);

            // The service breaks: the leader fails over, publishes the standby (the other nodes follow it at the next
            // serial) and waits for the outside nameserver, which keeps answering the old side.
            cluster.BreakService();
            await Eventually.TrueAsync(async () => await cluster.StateAsync() == "FailingOver", Patience, "the leader failing over");
            foreach (var node in cluster.Nodes.Skip(1))
            {
                await Eventually.TrueAsync(async () => await AnswerAsync(node) == Standby && await SerialAsync(node) == serial0 + 1, Patience, $"{node.Id} following the leader's move");
            }

            // The first step is done (its incident opened) and every message it raised is delivered and recorded as
            // sent, so the kill falls between steps: a repeat after the takeover would then be a bug, not the
            // at-least-once of a message caught in flight.
            await Eventually.TrueAsync(() => cluster.Deliveries.Any(d => d.Kind == "failover.failing_over"), Patience, "the failing-over webhook");
            await Eventually.TrueAsync(async () => await cluster.AuditCountAsync("incident.create") == 1, Patience, "the failover incident opened");
            await Eventually.TrueAsync(cluster.NotificationsQuietAsync, Patience, "every event routed and its messages sent");
            (await cluster.StateAsync()).ShouldBe("FailingOver", "the move is still open when the leader dies");

            await KillLeaderAndFinishAsync(cluster, serial0);

            (await cluster.TransitionsAsync()).ShouldBe(["Primary->FailingOver", "FailingOver->FailedOver"], "each transition recorded once");
            (await cluster.AuditCountAsync("incident.create")).ShouldBe(1, "one incident opened for the move");
            await Eventually.TrueAsync(
                async () => cluster.Deliveries.Any(d => d.Kind == "failover.failed_over") && await cluster.NotificationsQuietAsync(),
                Patience, "the failed-over webhook");
            var received = cluster.Deliveries.ToList();
            output.WriteLine("delivered: " + string.Join(", ", received.Select(d => d.Kind)));
            received.Count.ShouldBe((int)await cluster.MessagesAsync("sent"), "one request per message");
            received.GroupBy(d => d.Key).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("no message delivered twice");
            received.Count(d => d.Kind == "failover.failing_over").ShouldBe(1);
            received.Count(d => d.Kind == "failover.failed_over").ShouldBe(1);
            received.Count(d => d.Kind == "incident.opened").ShouldBe(1);

            // The killed node comes back: it follows, serves the same zone at the same serial, and moves nothing again.
            var sent = await cluster.MessagesAsync("sent");
            await cluster.StartNodeAsync(cluster.Nodes[0]);
            (await ReadyAsync(cluster.Nodes[0])).Leader.ShouldBeFalse("the lock stays with the node that took over");
            (await AnswerAsync(cluster.Nodes[0])).ShouldBe(Standby);
            (await SerialAsync(cluster.Nodes[0])).ShouldBe(serial0 + 1, "the restarted node serves the move at its serial");
            (await cluster.TransitionsAsync()).Count.ShouldBe(2);
            (await cluster.MessagesAsync("sent") + await cluster.MessagesAsync("pending")).ShouldBe(sent, "the restart raises no message");
        }
        catch
        {
            cluster.WriteOutputs();
            throw;
        }
    }

    [SkippableFact]
    public async Task A_notification_in_flight_when_the_leader_dies_is_sent_again_only_under_its_own_key()
    {
        await using var cluster = await ThreeNodeCluster.StartAsync(output);
        var release = new TaskCompletionSource();
        try
        {
            var serial0 = await SerialsBeforeAsync(cluster);

            // The receiver takes the failing-over webhook and does not answer: the leader dies waiting for it, so
            // nothing records it as sent.
            cluster.Hold = ("failover.failing_over", release.Task);
            cluster.BreakService();
            await Eventually.TrueAsync(() => cluster.Deliveries.Any(d => d.Kind == "failover.failing_over"), Patience, "the failing-over webhook arriving");
            (await cluster.StateAsync()).ShouldBe("FailingOver");

            await KillLeaderAndFinishAsync(cluster, serial0, release);

            (await cluster.TransitionsAsync()).ShouldBe(["Primary->FailingOver", "FailingOver->FailedOver"], "each transition recorded once");
            await Eventually.TrueAsync(
                async () => cluster.Deliveries.Any(d => d.Kind == "failover.failed_over") && await cluster.NotificationsQuietAsync(),
                Patience, "the failed-over webhook");
            var received = cluster.Deliveries.ToList();
            output.WriteLine("delivered: " + string.Join(", ", received.Select(d => d.Kind)));
            var failingOver = received.Where(d => d.Kind == "failover.failing_over").ToList();
            failingOver.Count.ShouldBe(2, "the message the dead leader never recorded is sent again by the next one");
            failingOver.Select(d => d.Key).Distinct().Count().ShouldBe(1, "under the same key, so the receiver drops the repeat");
            // Other messages may have been in flight at the kill too: whatever is repeated, each event has one key.
            received.GroupBy(d => d.Kind).Where(g => g.Select(d => d.Key).Distinct().Count() > 1).Select(g => g.Key)
                .ShouldBeEmpty("one message per event, repeated only under its own key");
            received.Count(d => d.Kind == "failover.failed_over").ShouldBe(1);
        }
        catch
        {
            cluster.WriteOutputs();
            throw;
        }
        finally
        {
            release.TrySetResult();
        }
    }

    /// <summary>Every node answers the primary at one serial before anything moves; returns that serial.</summary>
    private static async Task<uint> SerialsBeforeAsync(ThreeNodeCluster cluster)
    {
        var serial0 = await SerialAsync(cluster.Nodes[0]);
        foreach (var node in cluster.Nodes)
        {
            (await AnswerAsync(node)).ShouldBe(Primary);
            (await SerialAsync(node)).ShouldBe(serial0, $"{node.Id} serves the zone at the same serial");
        }

        return serial0;
    }

    /// <summary>
    /// SIGKILLs the leader (n1) in the middle of the move, lets the outside nameserver agree, and checks that another
    /// node leads and finishes the move within 15 s, with every remaining node on the standby at one serial more.
    /// </summary>
    private async Task KillLeaderAndFinishAsync(ThreeNodeCluster cluster, uint serial0, TaskCompletionSource? release = null)
    {
        var leader = await cluster.LeaseAsync();
        leader.Holder.ShouldBe("n1");
        var n1 = cluster.Process(cluster.Nodes[0]);
        n1.Kill();
        var killed = Stopwatch.StartNew();
        await n1.WaitForExitAsync(TimeSpan.FromSeconds(10));
        release?.TrySetResult();
        // Only now may the outside nameserver agree: the move can end only on the node that takes over.
        cluster.Outside.Answer(Standby);

        await Eventually.TrueAsync(async () => await cluster.StateAsync() == "FailedOver", Takeover, "another node finishing the failover");
        var finished = killed.Elapsed;
        var successor = await cluster.LeaseAsync();
        output.WriteLine($"{successor.Holder} leads in term {successor.Term} (n1 led in {leader.Term}); FailedOver {finished.TotalSeconds:F1} s after the SIGKILL");
        finished.ShouldBeLessThan(Takeover);
        successor.Holder.ShouldBeOneOf("n2", "n3");
        successor.Term.ShouldBeGreaterThan(leader.Term);
        var ready = await ReadyAsync(cluster.Nodes.Single(n => n.Id == successor.Holder));
        ready.Leader.ShouldBeTrue();
        ready.Term.ShouldBe(successor.Term);
        foreach (var node in cluster.Nodes.Skip(1))
        {
            await Eventually.TrueAsync(async () => await AnswerAsync(node) == Standby, TimeSpan.FromSeconds(5), $"{node.Id} answering the standby");
            (await SerialAsync(node)).ShouldBe(serial0 + 1, $"{node.Id}: one serial change for the whole move");
        }
    }
}
