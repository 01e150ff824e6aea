"""Loading: YAML with positions, the workspace, measurements, verdensmål.yaml, schema errors."""
