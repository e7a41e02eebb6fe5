"""The inventory: load (YAML with source marks), model (pydantic), checks (cross-device)."""
