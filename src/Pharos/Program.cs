using Pharos.Cli;

return await PharosCli.RunAsync(args).ConfigureAwait(false);
