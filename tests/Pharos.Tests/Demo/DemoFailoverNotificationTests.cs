using System.Globalization;
using Pharos.Demo;
using Pharos.Failover;
using Pharos.Notifications;
using Pharos.Tests.Support;

namespace Pharos.Tests.Demo;

/// <summary>
/// The must-show, as a new user runs it: the demo's primary breaks, the names fail over, it is repaired and
/// the names come back; the demo's mail and webhook sink receives "down", "failing over", "failed over" and
/// "back on primary", each once on each channel.
/// </summary>
public sealed class DemoFailoverNotificationTests
{
    private const string PrimaryCheck = "Shop, primary environment";

    [Fact]
    public async Task Breaking_the_demo_primary_sends_down_failing_over_failed_over_and_back_on_primary_once_each()
    {
        var port = Pharos.Tests.Failover.FailoverTestSupport.FreePort();
        // The sample config, with the demo's primary on a port of its own (other demo tests may hold 8082) and the
        // policy's clocks shortened from minutes to seconds.
        var yaml = TestConfigs.Demo
            .Replace("url: http://127.0.0.10:8082/health\n    interval: 5s\n    timeout: 2s", $"url: http://127.0.0.10:{port}/health\n    interval: 1s\n    timeout: 1s", StringComparison.Ordinal)
            .Replace("hold: 60s, recover_after: 3", "hold: 2s, recover_after: 2", StringComparison.Ordinal);
        yaml.ShouldContain($"127.0.0.10:{port}");
        yaml.ShouldContain("hold: 2s");
        await using var app = await TestApp.StartAsync(yaml, demo: true);
        var sink = app.Services.GetRequiredService<DemoSink>();
        var controller = app.Services.GetRequiredService<FailoverController>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.10:{port}/") };
        await Eventually.TrueAsync(() => controller.StateOf("shop")!.Checks.GetValueOrDefault("shop-primary")?.LastOk == true, TimeSpan.FromSeconds(20), "the primary seen healthy");

        (await http.PostAsync("demo/break", null)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => Arrived(sink, EventKinds.FailoverFailedOver) == 2, TimeSpan.FromSeconds(30), "failed over, by mail and by webhook");

        (await http.PostAsync("demo/repair", null)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => Arrived(sink, EventKinds.FailoverBackOnPrimary) == 2, TimeSpan.FromSeconds(40), "back on primary, by mail and by webhook");
        (await controller.CurrentAsync("shop")).State.ShouldBe(FailoverState.Primary);

        foreach (var via in new[] { "email", "webhook" })
        {
            var messages = sink.Inbox.All().Where(m => m.Via == via).ToList();
            foreach (var kind in new[] { EventKinds.FailoverFailingOver, EventKinds.FailoverFailedOver, EventKinds.FailoverBackOnPrimary })
            {
                Keys(messages, kind, _ => true).ShouldHaveSingleItem($"{kind} by {via}");
            }

            Keys(messages, EventKinds.CheckDown, m => Mentions(m, PrimaryCheck)).ShouldHaveSingleItem($"the primary's check.down by {via}");
            Keys(messages, EventKinds.CheckUp, m => Mentions(m, PrimaryCheck)).ShouldHaveSingleItem($"the primary's check.up by {via}");
            messages.Count(m => Kind(m) == EventKinds.FailoverFailingOver).ShouldBe(1, $"no repeat of failing over by {via}");
        }

        var order = sink.Inbox.All().Where(m => m.Via == "email").Reverse().Select(Kind)
            .Where(k => k is EventKinds.FailoverFailingOver or EventKinds.FailoverFailedOver or EventKinds.FailoverFailingBack or EventKinds.FailoverBackOnPrimary);
        order.ShouldBe([EventKinds.FailoverFailingOver, EventKinds.FailoverFailedOver, EventKinds.FailoverFailingBack, EventKinds.FailoverBackOnPrimary], "in the order they happened");
    }

    private static int Arrived(DemoSink sink, string kind) => sink.Inbox.All().Count(m => Kind(m) == kind);

    private static string Kind(InboxMessage m) => m.Headers.GetValueOrDefault("x-pharos-event") ?? "";

    private static bool Mentions(InboxMessage m, string text) => m.Subject.Contains(text, StringComparison.Ordinal) || m.Body.Contains(text, StringComparison.Ordinal);

    private static List<string> Keys(IEnumerable<InboxMessage> messages, string kind, Func<InboxMessage, bool> about) =>
        messages.Where(m => Kind(m) == kind && about(m)).Select(m => m.Key ?? m.Number.ToString(CultureInfo.InvariantCulture)).Distinct().ToList();
}
