"""Issue 9: the rules held against their sources, through the models, services, pages and commands."""
