"""The samlet oversigt across every forvaltning: its data, charts, documents and workbook."""
