"""The data model: the file format as pydantic models, money, SDGs, periods, progress."""
