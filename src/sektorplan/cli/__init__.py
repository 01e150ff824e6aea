"""The command line: the Typer app, one module per command family, help texts, reporters."""
