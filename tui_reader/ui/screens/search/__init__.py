"""The search bar (screen.py, `SearchScreen`), the query it runs (finding.py), its results
(results.py) and the results kept up with a growing index (growing.py)."""
