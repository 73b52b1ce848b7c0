"""The sidebar (sidebar.py, `Sidebar`) and the parts it owns or calls."""
