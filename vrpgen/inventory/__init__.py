"""The inventory as the user writes it: load (YAML with source marks), validate, model."""
