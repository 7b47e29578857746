using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Pharos.Notifications.Channels.Command;

/// <summary>
/// Runs the program with the message's JSON (docs/notifications.md) on stdin and PHAROS_* variables in its
/// environment. Exit 0 is delivered, 75 (EX_TEMPFAIL, as sendmail uses it) is worth retrying, any other code is
/// permanent; a program still running at the timeout is killed with its children and the attempt retried.
/// </summary>
public sealed partial class CommandChannel(CommandConfig config, ChannelContext context) : INotificationChannel
{
    /// <summary>sysexits.h EX_TEMPFAIL: "try again later".</summary>
    public const int TempFail = 75;

    private const int StderrTail = 500;
    private readonly ILogger _logger = context.Logs.CreateLogger<CommandChannel>();

    public string Id => config.Id;

    public string Type => config.Type;

    public int Concurrency => config.Concurrency;

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var start = new ProcessStartInfo(config.Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in config.Args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PHAROS_CHANNEL"] = config.Id;
        start.Environment["PHAROS_EVENT"] = message.Notice.Kind;
        start.Environment["PHAROS_SEVERITY"] = message.Notice.Severity.Name();
        start.Environment["PHAROS_IDEMPOTENCY_KEY"] = message.IdempotencyKey;
        start.Environment["PHAROS_ATTEMPT"] = message.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return DeliveryResult.Fail($"cannot run {config.Program}: {e.Message}");
        }

        var stderr = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = ReadTailAsync(process.StandardError, stderr);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Wall-clock time: the timeout bounds a real process, which a test's fake clock must not cut short.
        linked.CancelAfter(config.Timeout);
        try
        {
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(MessageJson.Serialize(message), linked.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program exited without reading all of stdin; its exit code still says what happened.
            }

            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await Task.WhenAll(stdout, errors).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            LogTimedOut(_logger, config.Id, config.Timeout);
            return DeliveryResult.Retry($"{config.Program} was still running after {config.Timeout.TotalSeconds:0.###} s and was killed");
        }

        await Task.WhenAll(stdout, errors).ConfigureAwait(false);
        var tail = Tail(stderr);
        var why = tail.Length == 0 ? "" : $": {tail}";
        return process.ExitCode switch
        {
            0 => DeliveryResult.Ok(),
            TempFail => DeliveryResult.Retry($"{config.Program} exited with 75 (try again later){why}"),
            var code => DeliveryResult.Fail($"{config.Program} exited with {code}{why}"),
        };
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    /// <summary>Keeps reading (so the program never blocks on a full pipe) but only the last part.</summary>
    private static async Task ReadTailAsync(StreamReader reader, StringBuilder tail)
    {
        var buffer = new char[1024];
        int n;
        while ((n = await reader.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            tail.Append(buffer, 0, n);
            if (tail.Length > StderrTail * 4)
            {
                tail.Remove(0, tail.Length - StderrTail);
            }
        }
    }

    private static string Tail(StringBuilder stderr)
    {
        var text = stderr.ToString().Trim();
        text = text.Length > StderrTail ? "…" + text[^StderrTail..] : text;
        return string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [LoggerMessage(EventId = 9140, Level = LogLevel.Warning, Message = "Command channel {Channel}: the program ran past its timeout of {Timeout} and was killed")]
    private static partial void LogTimedOut(ILogger logger, string channel, TimeSpan timeout);
}
