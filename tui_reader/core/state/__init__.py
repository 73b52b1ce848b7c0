"""The reading state: change logs per device, their merge, its cache, syncing."""
