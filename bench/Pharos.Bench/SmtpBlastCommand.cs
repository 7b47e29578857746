using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Pharos.Bench;

/// <summary>
/// `smtp-blast`: the reference of bench/notify. Sends messages of the size Pharos sends to an SMTP server as fast as
/// MailKit alone can, over a few connections, and prints messages per second: the ceiling the outbox is compared to.
/// </summary>
internal static class SmtpBlastCommand
{
    public static Command Build()
    {
        var port = new Option<int>("--port") { Required = true };
        var count = new Option<int>("--count") { DefaultValueFactory = _ => 10_000 };
        var connections = new Option<int>("--connections") { DefaultValueFactory = _ => 8 };
        var command = new Command("smtp-blast", "Send --count messages to 127.0.0.1:--port over --connections and print messages/s") { port, count, connections };
        command.SetAction(async (parse, ct) =>
        {
            var total = parse.GetValue(count);
            var next = -1;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, parse.GetValue(connections)).Select(async _ =>
            {
                using var client = new SmtpClient();
                await client.ConnectAsync("127.0.0.1", parse.GetValue(port), SecureSocketOptions.None, ct);
                for (var i = Interlocked.Increment(ref next); i < total; i = Interlocked.Increment(ref next))
                {
                    await client.SendAsync(Message(i), ct);
                }

                await client.DisconnectAsync(true, ct);
            }));
            parse.InvocationConfiguration.Output.WriteLine((total / clock.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture));
            return 0;
        });
        return command;
    }

    private static MimeMessage Message(int i)
    {
        var m = new MimeMessage { Subject = "Investigating: Checkout errors", MessageId = $"blast-{i}@bench.test" };
        m.From.Add(MailboxAddress.Parse("status@bench.test"));
        m.To.Add(MailboxAddress.Parse($"user{i}@bench.test"));
        m.Body = new BodyBuilder
        {
            TextBody = "We are investigating failed checkouts.\n\nhttp://127.0.0.1/incidents/x\n",
            HtmlBody = "<p>We are investigating failed checkouts.</p><p><a href=\"http://127.0.0.1/incidents/x\">Read more</a></p>",
        }.ToMessageBody();
        return m;
    }
}
