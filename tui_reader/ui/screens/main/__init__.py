"""The main screen (screen.py) and the code it hands its messages to: its start and loads
(start.py), its tree and list (lists.py), the open article (opening.py)."""
