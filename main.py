"""Launch the FieldRep desktop app (``python main.py [--db URL] [--no-demo]``)."""

from ui.app import main

if __name__ == "__main__":
    raise SystemExit(main())
