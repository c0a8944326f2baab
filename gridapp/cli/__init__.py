"""Command-line interface: ``gridapp``. Each area registers its own subcommands."""
