"""What a rep does, as functions both the CLI and the desktop app call; typed results only."""
