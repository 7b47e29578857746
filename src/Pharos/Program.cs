using Pharos.Cli;

Pharos.FailoverSite.InlineCompletions.UseOneEventThreadPerCore();
return await PharosCli.RunAsync(args).ConfigureAwait(false);
