"""sektorplan: sector plans for Kommuneqarfik Sermersooq, validated and rendered."""

__version__ = "0.1.0"
