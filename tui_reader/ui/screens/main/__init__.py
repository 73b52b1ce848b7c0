"""The main screen (screen.py, its keys in key_actions.py) and the code it hands its messages
and keys to: its start and loads (start.py), its tree and list (lists.py), the open article
(opening.py), the key actions (actions/)."""
