"""The command line: `main` (the group), `options` (what the commands share), one module per group of commands."""
