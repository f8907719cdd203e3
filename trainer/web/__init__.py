"""The app in web browsers (`trainer serve`), through textual-serve."""
