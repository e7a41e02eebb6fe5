"""Talking to devices: targets, credentials, SSH sessions (netmiko) and backups."""
