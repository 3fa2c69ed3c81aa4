"""The window's shell: navigation between the feature pages, menus, status bar, its state,
and the long jobs started from its menus."""
