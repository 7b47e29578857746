using System.Text.Json;
using Pharos.Notifications.Channels;
using Pharos.Notifications.Channels.Command;
using Pharos.Tests.Support;
using static Pharos.Tests.Notifications.Channels.ChannelTestKit;

namespace Pharos.Tests.Notifications.Channels.Command;

/// <summary>The command channel running real shell scripts.</summary>
public sealed class CommandChannelTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private CommandChannel Channel(string script, TimeSpan? timeout = null, params string[] args)
    {
        var path = _dir.Write("notify.sh", "#!/bin/sh\n" + script + "\n");
        return new CommandChannel(new CommandConfig { Id = "cmd", Program = "/bin/sh", Args = [path, .. args], Timeout = timeout ?? TimeSpan.FromSeconds(10) }, Context());
    }

    [Fact]
    public async Task Exit_0_is_delivered_and_the_program_got_the_message_json_on_stdin_and_its_args()
    {
        var output = _dir.File("got.json");
        var channel = Channel($"cat > {output}; echo \"$1 $PHAROS_EVENT $PHAROS_IDEMPOTENCY_KEY\" > {output}.env", null, "first-arg");

        (await channel.SendAsync(Message(key: "n7:r:cmd"), default)).ShouldBeOfType<DeliveryResult.Delivered>();

        var json = JsonDocument.Parse(File.ReadAllText(output)).RootElement;
        json.GetProperty("idempotency_key").GetString().ShouldBe("n7:r:cmd");
        json.GetProperty("title").GetString().ShouldBe("Checkout is down");
        File.ReadAllText(output + ".env").Trim().ShouldBe("first-arg check.down n7:r:cmd");
    }

    [Fact]
    public async Task Exit_75_is_transient()
    {
        var result = await Channel("cat > /dev/null; echo 'queue full' >&2; exit 75").SendAsync(Message(), default);

        result.ShouldBeOfType<DeliveryResult.Transient>().Error.ShouldContain("queue full");
    }

    [Fact]
    public async Task Another_non_zero_exit_is_permanent_with_the_end_of_stderr()
    {
        var script = "cat > /dev/null; i=0; while [ $i -lt 200 ]; do echo \"noise line $i\" >&2; i=$((i+1)); done; echo 'no such pager' >&2; exit 1";

        var error = (await Channel(script).SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Permanent>().Error;

        error.ShouldContain("exited with 1");
        error.ShouldEndWith("no such pager");
        error.Length.ShouldBeLessThan(700);
    }

    [Fact]
    public async Task A_program_past_its_timeout_is_killed_and_the_attempt_is_transient()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();

        var result = await Channel("sleep 30", TimeSpan.FromMilliseconds(500)).SendAsync(Message(), default);

        result.ShouldBeOfType<DeliveryResult.Transient>().Error.ShouldContain("was killed");
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_program_that_ignores_stdin_still_counts_by_its_exit_code()
    {
        (await Channel("exit 0").SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Delivered>();
    }

    [Fact]
    public async Task A_program_that_cannot_run_is_permanent()
    {
        var channel = new CommandChannel(new CommandConfig { Id = "cmd", Program = "/nonexistent/notify" }, Context());

        (await channel.SendAsync(Message(), default)).ShouldBeOfType<DeliveryResult.Permanent>().Error.ShouldContain("cannot run");
    }
}
