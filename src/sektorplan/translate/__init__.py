"""Translation: which texts a workspace has in which language (`texts`), `sektorplan oversæt
status`, the translators' spreadsheet (`sheet`) and writing translations back into the YAML
files (`writeback`, the only module that imports ruamel.yaml)."""
