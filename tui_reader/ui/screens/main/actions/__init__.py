"""The main screen's key actions (main_actions.py, `MainActions`) in parts by what the keys do."""
