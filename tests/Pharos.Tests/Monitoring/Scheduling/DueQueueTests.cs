using Pharos.Monitoring.Scheduling;
using Pharos.Tests.Support;

namespace Pharos.Tests.Monitoring.Scheduling;

public class DueQueueTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Items_come_out_in_due_order_each_when_its_time_comes()
    {
        var time = new FakeTime(Start);
        var queue = new DueQueue<string>(time);
        queue.Add("c", Start.AddSeconds(3));
        queue.Add("a", Start.AddSeconds(1));
        queue.Add("b", Start.AddSeconds(2));
        queue.Add("b2", Start.AddSeconds(2));
        var due = new List<(string Item, DateTimeOffset Due)>();

        var take = queue.TakeDueAsync(due, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(999));
        (await Task.WhenAny(take, Task.Delay(200))).ShouldNotBe(take, "nothing is due before 1 s");
        time.Advance(TimeSpan.FromMilliseconds(1));
        await take.WaitAsync(Within);
        due.ShouldBe([("a", Start.AddSeconds(1))]);

        due.Clear();
        time.Advance(TimeSpan.FromSeconds(2));
        await queue.TakeDueAsync(due, CancellationToken.None).WaitAsync(Within);
        due.Select(d => d.Item).Take(2).ShouldBe(["b", "b2"], ignoreOrder: true);
        due.Select(d => d.Due).ShouldBe([Start.AddSeconds(2), Start.AddSeconds(2), Start.AddSeconds(3)]);
        queue.Count.ShouldBe(0);
    }

    [Fact]
    public async Task An_item_due_before_the_sleeping_taker_wakes_it()
    {
        var time = new FakeTime(Start);
        var queue = new DueQueue<string>(time);
        queue.Add("later", Start.AddHours(1));
        var due = new List<(string Item, DateTimeOffset Due)>();
        var take = queue.TakeDueAsync(due, CancellationToken.None);

        queue.Add("soon", Start.AddSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        await take.WaitAsync(Within);
        due.ShouldBe([("soon", Start.AddSeconds(1))]);
        queue.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_item_already_due_comes_out_at_once_with_the_time_it_was_due()
    {
        var time = new FakeTime(Start);
        var queue = new DueQueue<string>(time);
        queue.Add("late", Start.AddSeconds(-5));
        var due = new List<(string Item, DateTimeOffset Due)>();
        await queue.TakeDueAsync(due, CancellationToken.None).WaitAsync(Within);
        due.ShouldBe([("late", Start.AddSeconds(-5))], "the lag stays measurable");
    }

    [Fact]
    public async Task Cancelling_ends_the_wait()
    {
        var time = new FakeTime(Start);
        var queue = new DueQueue<string>(time);
        queue.Add("later", Start.AddHours(1));
        using var cts = new CancellationTokenSource();
        var take = queue.TakeDueAsync([], cts.Token);
        await cts.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(take.WaitAsync(Within));

        var empty = new DueQueue<string>(time);
        using var cts2 = new CancellationTokenSource();
        var idle = empty.TakeDueAsync([], cts2.Token);
        await cts2.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(idle.WaitAsync(Within));
    }

    [Fact]
    public async Task Ten_thousand_items_each_come_out_in_the_step_their_time_falls_in_never_early_and_never_missed()
    {
        var time = new FakeTime(Start);
        var queue = new DueQueue<int>(time);
        var random = new Random(3);
        var dueAt = Enumerable.Range(0, 10_000).Select(_ => Start + TimeSpan.FromMilliseconds(random.Next(1, 10_000))).ToArray();
        for (var i = 0; i < dueAt.Length; i++)
        {
            queue.Add(i, dueAt[i]);
        }

        var taken = new List<(int Item, DateTimeOffset Due)>();
        var step = TimeSpan.FromMilliseconds(100);
        for (var now = Start + step; now <= Start.AddSeconds(10); now += step)
        {
            var expected = Enumerable.Range(0, dueAt.Length).Where(i => dueAt[i] > now - step && dueAt[i] <= now).ToHashSet();
            time.Advance(step);
            var batch = new List<(int Item, DateTimeOffset Due)>();
            if (expected.Count > 0)
            {
                await queue.TakeDueAsync(batch, CancellationToken.None).WaitAsync(Within);
            }

            batch.Select(b => b.Item).ToHashSet().SetEquals(expected).ShouldBeTrue($"the step ending {now:O}");
            batch.Select(b => b.Due).ShouldBeInOrder();
            taken.AddRange(batch);
        }

        taken.Count.ShouldBe(dueAt.Length);
        queue.Count.ShouldBe(0);
    }
}
