return CrossbarLab.Cli.CrossbarCli.Run(args);
