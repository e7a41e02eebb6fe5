"""The VRP feature families: one module each, holding its command specs, dialogs, risks and
remediation rules (DESIGN "Layout"); `vrp/commands.py` assembles their specs into one table."""
